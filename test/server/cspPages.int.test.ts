/**
 * @module test/server/cspPages
 * Every page under its Content-Security-Policy in real Chromium (WebGL through SwiftShader), served by a
 * real installation whose generator backend is FAKED (verses arrive at once; what they say does not matter
 * here). Each page loads, runs its scripts and fonts, starts sound where it has any (after the click a
 * visitor gives), and renders a verse written after it opened (display, console: the verse on screen, whole;
 * kiosk: the verse written for a prompt typed there; sound: its notes scheduled); the console, logged in with
 * the token it stores (`inkverse.console.token`), builds its panels; and not one CSP violation is reported.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Installation } from '../../server/installation.ts';
import { closePages, launchBrowser, openPage, recordVerseText, waitForBodyData, waitForVerseShown } from '../helpers/browser.ts';
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

/** The console's panels once logged in: each filled by the page's own scripts from what the server sent. */
async function consolePanels(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => ({
    engineParams: document.querySelectorAll('#params .param').length,
    soundParams: document.querySelectorAll('#sound-params .param').length,
    scenes: document.querySelectorAll('#scene option').length,
    presets: document.querySelectorAll('#preset option').length,
    status: [...document.querySelectorAll('#status dd')].filter((d) => d.textContent).length,
  }));
}

describe('pages under the CSP in Chromium (generator FAKED)', () => {
  for (const name of ['display', 'kiosk', 'sound', 'console']) {
    it(`/${name} runs and renders a verse with no CSP violation`, async () => {
      let violations: string[] = [];
      const { page, errors } = await openPage(browser, `${inst.url}/${name}`, {
        beforeLoad: async (p) => {
          violations = await watchCsp(p);
          await recordVerseText(p);
          if (name === 'console') await p.addInitScript((t) => localStorage.setItem('inkverse.console.token', t), TEST_TOKEN);
        },
      });
      await page.waitForLoadState('load');
      if (name === 'console') {
        // Logged in with the stored token: the panels a performer uses are built and filled.
        await waitForBodyData(page, 'connection', 'connected', 60_000);
        const empty = async (): Promise<string[]> => Object.entries(await consolePanels(page)).filter(([, n]) => n === 0).map(([panel]) => panel);
        await expect.poll(empty, { timeout: 60_000 }).toEqual([]);
      }
      if (name === 'sound') {
        await page.click('#enable');
        await waitForBodyData(page, 'audio', 'running', 60_000);
      }
      // A verse that starts once the page is ready; on the kiosk, the visitor's own.
      const watcher = client(inst, '/display');
      try {
        if (name === 'kiosk') {
          await page.fill('#prompt', '明月');
          await page.click('#submit');
        }
        const start = await next(watcher, 'verse:start', (v) => name !== 'kiosk' || v.prompt === '明月', 180_000);
        const end = await next(watcher, 'verse:end', (e) => e.id === start.id, 180_000);
        if (name === 'sound') {
          await waitForBodyData(page, 'verse', start.id, 60_000);
          await expect.poll(async () => Number(await page.getAttribute('body', 'data-verse-notes')), { timeout: 60_000 }).toBeGreaterThan(0);
        } else {
          // The FAKE writes the same verse each time; a display under load may still be presenting an earlier one.
          await waitForVerseShown(page, end.text, undefined, 180_000);
        }
        if (name === 'kiosk') await waitForBodyData(page, 'state', 'done', 60_000);
      } finally {
        watcher.close();
      }
      await page.waitForFunction(() => document.fonts.status === 'loaded');
      expect(violations, violations.join('\n')).toEqual([]);
      expect(errors, errors.join('\n')).toEqual([]);
    }, 300_000);
  }
});
