/**
 * Scene swaps do not leak (real Chromium, WebGL through SwiftShader, real installation): the performer's
 * scene is switched 100 times while a verse is written, each switch reaching the display as a real
 * `scene` event; afterwards three.js's GPU memory (geometries, textures) and the count of tracked scene
 * resources and mounted scenes are back at the baseline taken on the same scene before.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite({}, { webgl: true });

interface Memory {
  geometries: number;
  textures: number;
  tracked: number;
  mounted: number;
}

const memory = (page: Page): Promise<Memory> => page.evaluate(() => (window as unknown as { __inkverseDisplay: { memory(): Memory } }).__inkverseDisplay.memory());

/** Resolves once the display shows `scene` and no crossfade is running (one scene mounted). */
async function settled(page: Page, scene: string): Promise<void> {
  await waitForBodyData(page, 'scene', scene);
  await page.waitForFunction(() => (window as unknown as { __inkverseDisplay: { memory(): Memory } }).__inkverseDisplay.memory().mounted === 1, undefined, { timeout: 60_000 });
}

describe('/display scene swaps', () => {
  it('swaps scenes 100 times during a verse and frees everything the scenes made', async () => {
    s.inst.params.set({ 'display.crossfade': 0.3 }, 'test');
    s.inst.scene.set('text', 'test');
    try {
      const { page, errors } = await openPage(s.browser, `${s.inst.url}/display`, { viewport: { width: 480, height: 300 } });
      await settled(page, 'text');
      // One round first, so what the host keeps for good (its two render targets, compiled programs) is in the baseline.
      for (const name of ['ink', 'constellation', 'scroll', 'text']) {
        s.inst.scene.set(name, 'test');
        await settled(page, name);
      }
      const baseline = await memory(page);
      expect(baseline.mounted).toBe(1);

      s.inst.params.set({ tempo: 3 }, 'test');
      await expect.poll(() => s.inst.loop.current()?.tokens.length ?? 0, { timeout: 60_000 }).toBeGreaterThan(1);
      const verse = s.inst.loop.current()!.start.id;
      await waitForBodyData(page, 'verse', verse);
      const order = ['ink', 'constellation', 'scroll', 'text'];
      let peak = 0;
      for (let i = 0; i < 100; i++) {
        const name = order[i % order.length]!;
        s.inst.scene.set(name, 'test');
        // Every other swap lands mid-crossfade: the display must drop the outgoing scene at once.
        if (i % 2 === 1) await waitForBodyData(page, 'scene', name);
        if (i % 10 === 0) peak = Math.max(peak, (await memory(page)).tracked);
      }
      // The 100th swap was to "text", the baseline's scene.
      await settled(page, 'text');
      expect(peak).toBeGreaterThan(baseline.tracked);
      expect(await memory(page)).toEqual(baseline);
      expect(errors).toEqual([]);
    } finally {
      s.inst.params.set({ tempo: 30, 'display.crossfade': 2 }, 'test');
    }
  }, 600_000);
});
