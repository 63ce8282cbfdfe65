/**
 * /kiosk in real Chromium against a real installation (built-in Tang model): a visitor's prompt goes
 * queued -> writing -> done with the verse on screen; a refused prompt shows the server's words and
 * keeps the typed text.
 */
import { describe, expect, it } from 'vitest';
import type { VerseEnd } from '../../../protocol/events.ts';
import { openPage, recordBodyData, recorded, squash, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

// A limit other than the default 200, so the page must learn it from the server.
const s = browserSuite({ engine: { prompt: { maxChars: 120 } } });

describe('/kiosk', () => {
  it('a prompt goes queued, writing, done, and its verse appears line by line', async () => {
    const ended: VerseEnd[] = [];
    const off = s.inst.loop.events.on('verse:end', (e) => ended.push(e));
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk`, { beforeLoad: (p) => recordBodyData(p, 'state') });
    expect(await page.getAttribute('body', 'data-state')).toBe('idle');
    await page.fill('#prompt', '秋风吹落满地黄叶');
    await expect.poll(() => page.textContent('#counter')).toBe('8 / 120');
    await page.click('#submit');
    await waitForBodyData(page, 'state', 'done');

    expect(await recorded(page)).toEqual(['idle', 'queued', 'writing', 'done']);
    expect(await page.inputValue('#prompt')).toBe('');
    // The verse on screen is the verse the server wrote for this prompt, whole.
    // Each line's own text (its pinyin and gloss note follow it in the same element).
    const shown = await page.$$eval('#verse .verse-line', (els) => els.map((e) => e.firstChild?.textContent ?? ''));
    expect(shown.length).toBeGreaterThan(0);
    expect(await page.textContent('#verse .verse-prompt')).toBe('秋风吹落满地黄叶');
    off();
    const mine = ended.find((e) => squash(e.text) === squash(shown.join('')));
    expect(mine, `no verse written by the server matches the screen: ${shown.join(' / ')}`).toBeDefined();
    expect(mine!.reason).toBe('done');
    expect(errors).toEqual([]);
  });

  it('an empty prompt is refused in plain words, the page stays idle and the typed text stays', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk`, { viewport: { width: 390, height: 844 } });
    await page.waitForFunction(() => document.body.dataset.state === 'idle');
    await page.fill('#prompt', '   ');
    await page.click('#submit');
    await expect.poll(() => page.textContent('#message')).toMatch(/empty/i);
    expect(await page.getAttribute('#message', 'class')).toContain('error');
    expect(await page.getAttribute('body', 'data-state')).toBe('idle');
    expect(await page.inputValue('#prompt')).toBe('   ');
    expect(s.inst.queue.size).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a prompt over the limit is counted in characters and refused with the limit', async () => {
    const { page } = await openPage(s.browser, `${s.inst.url}/kiosk`);
    const long = '春'.repeat(121);
    await page.fill('#prompt', long);
    expect(await page.textContent('#counter')).toBe('121 / 120');
    expect(await page.getAttribute('#counter', 'class')).toContain('over');
    await page.press('#prompt', 'Enter');
    await expect.poll(() => page.textContent('#message')).toMatch(/120/);
    expect(await page.inputValue('#prompt')).toBe(long);
    expect(await page.getAttribute('body', 'data-state')).toBe('idle');
  });
});
