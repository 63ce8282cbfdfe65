/**
 * The visitor's own lines in every display scene, in real Chromium (WebGL through SwiftShader) against a real
 * installation with the shipped Tang model: a kiosk writes a quatrain and revises its last line with its own words
 * (`verse:revise`); the ink, scroll and constellation scenes then draw that line in the visitor's ink (malachite
 * green, scenes/ui/visitorInk.ts), seen in the screenshot's pixels, and the text scene colours it the same. The
 * machine's own verse before it has no pixel of that ink in any scene.
 */
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { PromptAck } from '../../../protocol/events.ts';
import { VISITOR_INK } from '../../../scenes/ui/visitorInk.ts';
import { openPage, squash, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';
import { client, next, request } from '../../helpers/installation.ts';

const s = browserSuite({}, { webgl: true });
/** Small, so SwiftShader draws it quickly on a loaded CPU. */
const VIEWPORT = { width: 640, height: 400 };
/** SwiftShader on a shared CPU is slow; these tests wait on events, this only bounds a hang. */
const SLOW = 300_000;
const SCENES = ['ink', 'scroll', 'constellation'] as const;

type DisplayWindow = {
  __inkverseDisplay: {
    host: { show(name: string): Promise<void>; mountedCount: number };
    model: { id: string | null; end: unknown; lines(): Array<{ text: string; author?: string }> };
    shownText(): string;
  };
};

/** Pixels of the visitor's ink in a screenshot: green well above both red and blue (nothing else in a scene is). */
async function inkPixels(png: Buffer): Promise<{ visitor: number; drawn: number }> {
  const data = await sharp(png).removeAlpha().raw().toBuffer();
  let visitor = 0;
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += 3) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (g - r > 20 && g - b > 20) visitor++;
    seen.add((r << 16) | (g << 8) | b);
  }
  return { visitor, drawn: seen.size };
}

/** Shows `scene` on the page and waits until it has placed the whole verse the page holds. */
async function showWhole(page: Page, scene: string, text: string): Promise<void> {
  await page.evaluate((name) => void (window as unknown as DisplayWindow).__inkverseDisplay.host.show(name), scene);
  await waitForBodyData(page, 'scene', scene, SLOW);
  await page.waitForFunction(
    (t) => {
      const d = (window as unknown as DisplayWindow).__inkverseDisplay;
      return d.host.mountedCount === 1 && d.shownText().replace(/\s+/g, '') === t;
    },
    squash(text),
    { timeout: SLOW },
  );
}

/** Resolves once the page holds verse `id`, ended. */
async function ended(page: Page, id: string): Promise<void> {
  await page.waitForFunction((v) => {
    const m = (window as unknown as DisplayWindow).__inkverseDisplay.model;
    return m.id === v && m.end !== null;
  }, id, { timeout: SLOW });
}

/** The next verse ends and nothing follows it: the display rests on it (a long gap, read as the verse ends). */
function restAfter(id: string): Promise<{ text: string }> {
  return new Promise((resolve) => {
    const off = s.inst.loop.events.on('verse:end', (e) => {
      if (e.id !== id) return;
      off();
      s.inst.params.set({ verse_gap: 120 }, 'test');
      resolve(e);
    });
  });
}

describe("the visitor's lines in the display scenes", () => {
  it("ink, scroll and constellation draw a revised line in the visitor's ink, and the machine's verse in none", async () => {
    s.inst.params.set({ 'display.crossfade': 0, 'display.linger': 600 }, 'test');
    try {
      const { page, errors } = await openPage(s.browser, `${s.inst.url}/display?scene=ink`, { viewport: VIEWPORT });
      await waitForBodyData(page, 'scene', 'ink', SLOW);
      const kiosk = client(s.inst, '/kiosk', { clientId: 'visitor-inkinkink' });
      await next(kiosk, 'state');

      // The machine's verse: no pixel of the visitor's ink, in any scene, once it is drawn whole.
      const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: '春夏秋冬', mode: 'acrostic' });
      if (!ack.ok) throw new Error(ack.error.message);
      const original = await restAfter(ack.id);
      await ended(page, ack.id);
      for (const scene of SCENES) {
        await showWhole(page, scene, original.text);
        let most = 0;
        await expect
          .poll(async () => {
            const px = await inkPixels(await page.screenshot());
            most = Math.max(most, px.visitor);
            return px.drawn;
          }, { timeout: SLOW })
          .toBeGreaterThan(8);
        expect(most, `${scene}: visitor's ink on the machine's verse`).toBeLessThan(5);
      }

      // The visitor writes the last line in their own words (the scroll scene keeps the newest line in the middle of
      // the screen; older ones glide up, out of a small viewport); the verse is written again from there.
      const first = s.inst.archive.get(ack.id)!.lines[0]!;
      const length = [...first.replace(/[\s\p{P}]+$/u, '')].length;
      const mine = length === 5 ? '明月照高楼' : '明月今宵照高楼';
      const revised = await request<PromptAck>(kiosk, 'verse:revise', { id: ack.id, index: 3, text: mine });
      if (!revised.ok) throw new Error(revised.error.message);
      const rewritten = restAfter(revised.id);
      // The loop rests on the long gap: start it again so the revision is written now.
      await s.inst.loop.pause();
      s.inst.params.set({ verse_gap: 0.5 }, 'test');
      s.inst.loop.start();
      const rv = await rewritten;
      await ended(page, revised.id);
      const authors = await page.evaluate(() => (window as unknown as DisplayWindow).__inkverseDisplay.model.lines().map((l) => l.author));
      expect(authors).toEqual(['machine', 'machine', 'machine', 'visitor']);
      for (const scene of SCENES) {
        await showWhole(page, scene, rv.text);
        await expect.poll(async () => (await inkPixels(await page.screenshot())).visitor, { timeout: SLOW, message: `${scene}: the visitor's line in their ink` }).toBeGreaterThan(40);
      }
      // The text scene: the same ink, on the visitor's line alone.
      await page.evaluate(() => void (window as unknown as DisplayWindow).__inkverseDisplay.host.show('text'));
      await waitForBodyData(page, 'scene', 'text', SLOW);
      const [r, g, b] = VISITOR_INK.onDark.rgb.map((c) => Math.round(c * 255));
      await expect.poll(() => page.locator('.verse-line.visitor').evaluateAll((els) => els.map((e) => getComputedStyle(e).color)), { timeout: SLOW }).toEqual([`rgb(${r}, ${g}, ${b})`]);
      expect(errors).toEqual([]);
      kiosk.close();
    } finally {
      s.inst.params.set({ verse_gap: 0.5, 'display.linger': 40, 'display.crossfade': 2 }, 'test');
    }
  }, 900_000);
});
