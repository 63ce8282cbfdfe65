/**
 * @module test/server/cspPages
 * Every page under its Content-Security-Policy in real Chromium (WebGL through SwiftShader), served by a
 * real installation whose generator backend is FAKED (verses arrive at once; what they say does not matter
 * here). Each page loads, runs its scripts and fonts, starts sound where it has any (after the click a
 * visitor gives), renders a verse, and not one CSP violation is reported.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Installation } from '../../server/installation.ts';
import { closePages, launchBrowser, openPage } from '../browser/browser.ts';
import { FakeBackend } from '../helpers/fakeGenerator.ts';
import { client, next, startTestInstallation, TEST_TOKEN } from '../helpers/installation.ts';

let inst: Installation;
let browser: Browser;
beforeAll(async () => {
  [inst, browser] = await Promise.all([
    startTestInstallation({ params: { tempo: 20, verse_gap: 0.3 } }, { createGenerator: new FakeBackend().factory() }),
    launchBrowser({ webgl: true }),
  ]);
  await inst.ready;
});
afterAll(async () => {
  await closePages();
  await browser?.close();
  await inst?.close();
});

/** Records every CSP violation the page reports, by event and by console message. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return violations;
}

describe('pages under the CSP in Chromium (generator FAKED)', () => {
  for (const name of ['display', 'kiosk', 'sound', 'console']) {
    it(`/${name} runs with no CSP violation`, async () => {
      let violations: string[] = [];
      const { page, errors } = await openPage(browser, `${inst.url}/${name}`, {
        beforeLoad: async (p) => {
          violations = await watchCsp(p);
          if (name === 'console') await p.addInitScript((t) => localStorage.setItem('inkverse.token', t), TEST_TOKEN);
        },
      });
      await page.waitForLoadState('load');
      if (name === 'sound') {
        const enable = page.locator('#enable');
        if (await enable.count()) await enable.click();
      }
      // A verse streams to every page; wait until one has started and ended since the page opened.
      const watcher = client(inst, '/display');
      try {
        const start = await next(watcher, 'verse:start', () => true, 180_000);
        await next(watcher, 'verse:end', (e) => e.id === start.id, 180_000);
      } finally {
        watcher.close();
      }
      await page.waitForFunction(() => document.fonts.status === 'loaded');
      expect(violations, violations.join('\n')).toEqual([]);
      expect(errors, errors.join('\n')).toEqual([]);
    }, 300_000);
  }
});
