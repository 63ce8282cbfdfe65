/**
 * The three.js scenes in real Chromium (WebGL through SwiftShader, no GPU) against a real installation:
 * `/display?scene=ink|constellation|scroll` draw into a WebGL canvas, screenshots taken while a verse
 * streams are not blank and change from one to the next, `body[data-scene]` names the scene; a scene
 * parameter moved by `oscsend` (real UDP) changes what the ink scene renders at rest; the console shows
 * every scene's parameters as controls built from the tables alone.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SCENES } from '../../../scenes/sceneRegistry.ts';
import { TEST_TOKEN } from '../../helpers/installation.ts';
import { openPage, squash, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite({}, { webgl: true });
const run = promisify(execFile);
/** Small, so SwiftShader draws it quickly on a loaded CPU. */
const VIEWPORT = { width: 640, height: 400 };
/** SwiftShader on a shared CPU is slow; these tests wait on events, this only bounds a hang. */
const SLOW = 300_000;

/** Distinct colours in a screenshot (sampled every 4th pixel): a blank screen has one or two. */
async function colours(png: Buffer): Promise<number> {
  const data = await sharp(png).removeAlpha().raw().toBuffer();
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += 12) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return seen.size;
}

const mounted = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __inkverseDisplay: { memory(): { mounted: number } } }).__inkverseDisplay.memory().mounted);

/**
 * An earlier test may leave the loop resting on a long gap (the gap is read when a verse ends): stop and
 * restart it so the next verse starts now. Nothing is interrupted: it only acts while the loop rests.
 */
async function nextVerseNow(): Promise<void> {
  if (s.inst.loop.state !== 'resting') return;
  await s.inst.loop.pause();
  s.inst.loop.start();
}

const shown = (page: Page): Promise<string> => page.evaluate(() => (window as unknown as { __inkverseDisplay: { shownText(): string } }).__inkverseDisplay.shownText());

/** Resolves once the scene has placed more than `n` characters. */
async function shownMoreThan(page: Page, n: number, timeout = 60_000): Promise<number> {
  const handle = await page.waitForFunction(
    (k) => {
      const len = (window as unknown as { __inkverseDisplay: { shownText(): string } }).__inkverseDisplay.shownText().length;
      return len > k ? len : false;
    },
    n,
    { timeout },
  );
  return (await handle.jsonValue()) as number;
}

describe('/display three.js scenes', () => {
  for (const scene of ['ink', 'constellation', 'scroll']) {
    it(`?scene=${scene} draws into a WebGL canvas; screenshots while a verse streams are not blank and change`, async () => {
      s.inst.params.set({ tempo: 6 }, 'test');
      try {
        const { page, errors } = await openPage(s.browser, `${s.inst.url}/display?scene=${scene}`, { viewport: VIEWPORT });
        await waitForBodyData(page, 'scene', scene);
        const webgl = await page.evaluate(() => {
          const host = (window as unknown as { __inkverseDisplay: { host: { renderer: { getContext(): unknown } | null } } }).__inkverseDisplay.host;
          const canvas = document.querySelector('canvas.display-canvas');
          return Boolean(canvas && host.renderer && host.renderer.getContext() instanceof WebGL2RenderingContext);
        });
        expect(webgl).toBe(true);
        // Two screenshots, each after the scene placed more of the verse.
        const first = await shownMoreThan(page, 0);
        const a = await page.screenshot();
        await shownMoreThan(page, first);
        const b = await page.screenshot();
        expect(await colours(a)).toBeGreaterThan(8);
        expect(await colours(b)).toBeGreaterThan(8);
        expect(a.equals(b)).toBe(false);
        expect(await page.getAttribute('body', 'data-scene')).toBe(scene);
        expect(errors).toEqual([]);
      } finally {
        s.inst.params.set({ tempo: 30 }, 'test');
      }
    }, SLOW);
  }

  it('a scene parameter sent with oscsend changes what the ink scene renders', async () => {
    // Long linger and no next verse: the finished verse rests on the paper, so only the parameter can change it.
    s.inst.params.set({ 'display.linger': 600 }, 'test');
    try {
      const { page, errors } = await openPage(s.browser, `${s.inst.url}/display?scene=ink`, { viewport: VIEWPORT });
      await waitForBodyData(page, 'scene', 'ink');
      const end = await new Promise<{ text: string }>((resolve) => {
        const off = s.inst.loop.events.on('verse:end', (e) => {
          off();
          s.inst.params.set({ verse_gap: 120 }, 'test');
          resolve(e);
        });
      });
      await expect.poll(() => shown(page), { timeout: 60_000 }).toBe(squash(end.text));
      // At rest: two screenshots a few frames apart are the same picture (the seal has landed too).
      let rest = await page.screenshot();
      await expect
        .poll(async () => {
          const again = await page.screenshot();
          const same = again.equals(rest);
          rest = again;
          return same;
        }, { timeout: 30_000 })
        .toBe(true);
      const port = String(s.inst.osc.address().port);
      const before = await page.evaluate(() => (window as unknown as { __inkverseDisplay: { host: { paramsOf(n: string): Record<string, unknown> } } }).__inkverseDisplay.host.paramsOf('ink')!.bleed);
      expect(before).toBe(0.35);
      await run('oscsend', ['127.0.0.1', port, '/inkverse/param/scene/ink/bleed', 'f', '1']);
      await page.waitForFunction(() => (window as unknown as { __inkverseDisplay: { host: { paramsOf(n: string): Record<string, unknown> } } }).__inkverseDisplay.host.paramsOf('ink')!.bleed === 1);
      await expect.poll(async () => (await page.screenshot()).equals(rest), { timeout: 30_000 }).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      s.inst.params.set({ verse_gap: 0.5, 'display.linger': 40, 'scene.ink.bleed': 0.35 }, 'test');
    }
  }, SLOW);

  it('recovers from a lost WebGL context: the scene is rebuilt from the verse and draws again', async () => {
    // A verse at reading pace, so there is something on screen to lose and rebuild whatever ran before.
    s.inst.params.set({ tempo: 6, verse_gap: 0.5 }, 'test');
    try {
      await nextVerseNow();
      const { page, errors } = await openPage(s.browser, `${s.inst.url}/display?scene=constellation`, { viewport: VIEWPORT });
      await waitForBodyData(page, 'scene', 'constellation', SLOW);
      await shownMoreThan(page, 0, SLOW);
      await page.evaluate(() => {
        const gl = (window as unknown as { __inkverseDisplay: { host: { renderer: { getContext(): WebGL2RenderingContext } } } }).__inkverseDisplay.host.renderer.getContext();
        const ext = gl.getExtension('WEBGL_lose_context')!;
        // The page records the context events, so the test waits on them rather than on time.
        const canvas = gl.canvas as HTMLCanvasElement;
        const seen = ((window as unknown as { __glEvents: string[] }).__glEvents = [] as string[]);
        canvas.addEventListener('webglcontextlost', () => seen.push('lost'));
        canvas.addEventListener('webglcontextrestored', () => seen.push('restored'));
        ext.loseContext();
        (window as unknown as { __restore: () => void }).__restore = () => ext.restoreContext();
      });
      await page.waitForFunction(() => (window as unknown as { __glEvents: string[] }).__glEvents.includes('lost'), undefined, { timeout: SLOW });
      // Everything the scene had is gone with the context.
      expect(await mounted(page)).toBe(0);
      await page.evaluate(() => (window as unknown as { __restore: () => void }).__restore());
      await page.waitForFunction(() => (window as unknown as { __glEvents: string[] }).__glEvents.includes('restored'), undefined, { timeout: SLOW });
      // Mounted again, with the verse so far placed at once from the verse model.
      await page.waitForFunction(() => (window as unknown as { __inkverseDisplay: { memory(): { mounted: number } } }).__inkverseDisplay.memory().mounted === 1, undefined, { timeout: SLOW });
      await shownMoreThan(page, 0, SLOW);
      expect(await colours(await page.screenshot())).toBeGreaterThan(8);
      expect(errors).toEqual([]);
    } finally {
      s.inst.params.set({ tempo: 30 }, 'test');
    }
  }, 3 * SLOW);

  it('the console shows every scene\'s parameters as controls, built from the tables alone', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/console`, {
      beforeLoad: (p) => p.addInitScript((t) => localStorage.setItem('inkverse.console.token', t), TEST_TOKEN),
    });
    await waitForBodyData(page, 'connection', 'connected', 60_000);
    for (const scene of SCENES) {
      for (const spec of scene.params) {
        await expect(page.locator(`[data-namespace="scene.${scene.name}"] [data-param="scene.${scene.name}.${spec.name}"]`).count()).resolves.toBe(1);
      }
    }
    await expect(page.locator('[data-namespace="display"] [data-param="display.crossfade"]').count()).resolves.toBe(1);
    // The connected display shows up in the console's list of displays.
    await openPage(s.browser, `${s.inst.url}/display?scene=scroll&display=hall`, { viewport: VIEWPORT });
    await expect.poll(() => page.locator('#displays li[data-display="hall"]').getAttribute('data-scene'), { timeout: 60_000 }).toBe('scroll');
    expect(errors).toEqual([]);
  }, SLOW);
});
