/**
 * /sound in real Chromium: audio starts locked (browsers need a user gesture) and runs after a click;
 * while running it plays a blip per token of the live verse.
 */
import { describe, expect, it } from 'vitest';
import { openPage, waitForBodyData } from './browser.ts';
import { browserSuite } from './suite.ts';

const s = browserSuite();

describe('/sound', () => {
  it('goes from locked to running after a click, and follows the token stream', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/sound`, {
      // Counts oscillators started: one per blip. Headless Chromium plays into a null sink, so count, not listen.
      beforeLoad: (p) =>
        p.addInitScript(() => {
          const w = window as unknown as { blips: number[] };
          w.blips = [];
          const create = AudioContext.prototype.createOscillator;
          AudioContext.prototype.createOscillator = function (this: AudioContext) {
            const osc = create.call(this);
            queueMicrotask(() => w.blips.push(osc.frequency.value));
            return osc;
          };
        }),
    });
    expect(await page.getAttribute('body', 'data-audio')).toBe('locked');
    await page.click('#enable');
    await waitForBodyData(page, 'audio', 'running', 10_000);
    expect(await page.isVisible('#enable')).toBe(false);
    // Tokens keep arriving while the loop writes; the page shows the latest one.
    await expect.poll(() => page.textContent('#last'), { timeout: 30_000 }).not.toBe('');
    const blips = await page.evaluate(() => (window as unknown as { blips: number[] }).blips);
    expect(blips.length).toBeGreaterThan(0);
    // Pitch follows entropy within the placeholder's range (A3 to A6).
    for (const hz of blips) {
      expect(hz).toBeGreaterThanOrEqual(220);
      expect(hz).toBeLessThanOrEqual(1760);
    }
    expect(errors).toEqual([]);
  });
});
