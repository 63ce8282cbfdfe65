/**
 * The visitor's kiosk in real Chromium against a real installation (Tang model): tapping an example goes
 * queued (with a position and a countdown) -> writing (the verse streams, with pinyin and glosses) -> done
 * ("on the wall", a QR code and a take-away code); the page returns to its start after the configured idle
 * time; the on-screen keyboard types pinyin and offers 秋风 for `qiufeng`; hesitating brings idea sparks.
 */
import { CODE_PATTERN } from '../../../server/versePage.ts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, recordBodyData, recorded, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite({ kiosk: { idleSeconds: 3, examples: ['autumn wind over the river', '明月'] } });

/** Records every text #status shows, so a short-lived queue position is not missed. */
async function recordStatus(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __status: string[] }).__status = seen;
    document.addEventListener('DOMContentLoaded', () => {
      const el = document.getElementById('status')!;
      new MutationObserver(() => el.textContent && seen.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
    });
  });
}

describe('/kiosk for visitors', () => {
  it('tapping an example shows the queue position, the verse streaming, then "on the wall" with a code to take home', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk?idle=600`, { beforeLoad: async (p) => (await recordBodyData(p, 'state'), await recordStatus(p)) });
    await page.waitForSelector('[data-example="autumn wind over the river"]');
    await page.click('[data-example="autumn wind over the river"]');
    await waitForBodyData(page, 'state', 'done');
    expect(await recorded(page)).toEqual(['idle', 'queued', 'writing', 'done']);
    const statuses = await page.evaluate(() => (window as unknown as { __status: string[] }).__status);
    expect(statuses.some((t) => /(number \d+ in line|is next)\. about \d+ s/.test(t)), statuses.join(' | ')).toBe(true);
    expect(statuses).toContain('Your verse is being written…');
    expect(await page.textContent('#theme')).toBe('Your words became the theme 秋风江上.');
    const lines = await page.locator('#verse .verse-line').allTextContents();
    expect(lines.length).toBeGreaterThan(1);
    // Every line carries pinyin and an English gloss.
    expect(await page.locator('#verse .verse-line .verse-note').count()).toBe(lines.length);
    expect(await page.isVisible('#wall')).toBe(true);
    expect(await page.textContent('#wall-title')).toBe('Your verse is on the wall.');
    expect(await page.textContent('#take-home')).toMatch(/^It is signed by this installation\. Take it home as text, music and image: scan the code/);
    await expect.poll(() => page.textContent('#code'), { timeout: 60_000 }).toMatch(CODE_PATTERN);
    expect(await page.getAttribute('#qr', 'src')).toMatch(/^data:image\/svg\+xml/);
    expect(await page.textContent('#share')).toMatch(/\d+ of \d+ lines are new\./);
    expect(errors).toEqual([]);
  }, 240_000);

  it('after the configured idle time without a touch, the page is ready for the next visitor', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk`, { beforeLoad: (p) => recordBodyData(p, 'state') });
    await page.waitForFunction(() => document.body.dataset.idle === '3');
    await page.click('[data-example="明月"]');
    await waitForBodyData(page, 'state', 'done');
    // Nobody touches the screen: after the configured 3 s (config kiosk.idleSeconds) it starts over.
    await waitForBodyData(page, 'state', 'idle');
    expect(await recorded(page)).toEqual(['idle', 'queued', 'writing', 'done', 'idle']);
    expect(await page.isVisible('#wall')).toBe(false);
    expect(await page.isVisible('#verse')).toBe(false);
    expect(await page.inputValue('#prompt')).toBe('');
    expect(errors).toEqual([]);
  }, 240_000);

  it('typing qiufeng on the on-screen keyboard offers 秋风, and tapping it writes 秋风 into the prompt', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk?idle=600`, { viewport: { width: 1024, height: 768 } });
    await page.waitForSelector('[data-key="mode"]');
    await page.click('[data-key="mode"]');
    expect(await page.getAttribute('[data-key="mode"]', 'aria-pressed')).toBe('true');
    for (const c of 'qiufeng') await page.click(`[data-key="${c}"]`);
    expect(await page.textContent('#pinyin')).toBe('qiufeng');
    await page.waitForSelector('#candidates button');
    const offered = await page.locator('#candidates button').allTextContents();
    expect(offered).toContain('秋风');
    await page.click('#candidates button:text-is("秋风")');
    expect(await page.inputValue('#prompt')).toBe('秋风');
    expect(await page.textContent('#pinyin')).toBe('');
    // The page now speaks Chinese: the visitor wrote Chinese.
    expect(await page.textContent('#submit')).toBe('为我写诗');
    expect(errors).toEqual([]);
  }, 240_000);
});

describe('/kiosk idea sparks', () => {
  it('a visitor who hesitates over a half-typed prompt is offered themes from it; tapping one fills the prompt', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk?idle=21`);
    await page.waitForFunction(() => document.body.dataset.idle === '21');
    for (const c of 'river') await page.click(`[data-key="${c}"]`);
    expect(await page.inputValue('#prompt')).toBe('river');
    // No touch for a while (7 s, or a third of the idle time): sparks appear, the first one the bridge's own theme.
    await page.waitForSelector('#sparks button');
    expect(await page.textContent('#spark-title')).toBe('Need an idea?');
    expect(await page.getAttribute('#sparks button >> nth=0', 'data-spark')).toBe('江');
    expect(await page.textContent('#sparks button >> nth=0')).toBe('江river');
    await page.click('#sparks button >> nth=1');
    expect(await page.inputValue('#prompt')).toMatch(/江/);
    expect(errors).toEqual([]);
  }, 240_000);
});

describe('/kiosk keyboard beyond letters', () => {
  it('types digits, punctuation for the mode it is in, and accented letters from the àé layer', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk?idle=600`, { viewport: { width: 1024, height: 768 } });
    await page.waitForSelector('[data-key="accents"]');
    const pinyin = (await page.getAttribute('[data-key="mode"]', 'aria-pressed')) === 'true';
    if (pinyin) await page.click('[data-key="mode"]'); // ABC: Latin punctuation
    for (const k of ['c', 'a', 'f', 'accents', 'é', 'accents', ',', '2', '0', '2', '6', '!']) await page.click(`[data-key="${k}"]`);
    expect(await page.inputValue('#prompt')).toBe('café,2026!');
    expect(await page.getAttribute('[data-key="accents"]', 'aria-pressed')).toBe('false');
    // In pinyin mode the marks are Chinese, and letters still gathered as pinyin go in first.
    await page.click('[data-key="mode"]');
    for (const k of ['q', 'i', 'u', '，']) await page.click(`[data-key="${k}"]`);
    expect(await page.inputValue('#prompt')).toBe('café,2026!qiu，');
    expect(errors).toEqual([]);
  }, 240_000);
});
