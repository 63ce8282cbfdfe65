/**
 * /display in real Chromium against a real installation: tokens stream onto the screen, `data-verse`
 * names the verse being written, a display opened mid-verse shows the verse so far (from `state`),
 * and `?scene=` picks the scene or falls back to `text` with a small notice.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { client, next } from '../../helpers/installation.ts';
import { openPage, recordVerseText, shownFor, squash, waitForBodyData, waitForVerseShown } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite();

/** The verse lines on screen, without the pinyin and gloss notes under them. */
const screenText = async (page: Page): Promise<string> =>
  squash((await page.$$eval('#verse .verse-line', (els) => els.map((e) => e.firstChild?.textContent ?? ''))).join(''));

/** Waits until the loop is at least `tokens` tokens into a verse; returns that verse's id. */
async function midVerse(tokens: number): Promise<string> {
  await expect.poll(() => s.inst.loop.current()?.tokens.length ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(tokens);
  return s.inst.loop.current()!.start.id;
}

describe('/display', () => {
  it('streams the verse being written; data-verse is its id', async () => {
    // Ten tokens a second: slow enough that the screen grows token by token.
    s.inst.params.set({ tempo: 10 }, 'test');
    const watcher = client(s.inst, '/display');
    try {
      const { page, errors } = await openPage(s.browser, `${s.inst.url}/display`, { viewport: { width: 1920, height: 1080 }, beforeLoad: recordVerseText });
      await waitForBodyData(page, 'scene', 'text', 60_000);
      const id = await midVerse(1);
      await waitForBodyData(page, 'verse', id, 60_000);
      const end = await next(watcher, 'verse:end', (e) => e.id === id, 120_000);
      s.inst.params.set({ tempo: 30 }, 'test');
      // Every state the screen took while this verse was written, recorded by the page itself as it changed.
      await waitForVerseShown(page, end.text, id);
      const whole = squash(end.text);
      const shown = await shownFor(page, id);
      for (const text of shown) expect(whole.startsWith(text), `"${text}" is not the start of "${whole}"`).toBe(true);
      expect(new Set(shown.map((t) => t.length)).size).toBeGreaterThan(3);
      expect(errors).toEqual([]);
    } finally {
      watcher.close();
      s.inst.params.set({ tempo: 30 }, 'test');
    }
  }, 240_000); // room for the waits above to fail with their own message on a loaded machine

  it('a display opened mid-verse shows the verse so far at once', async () => {
    s.inst.params.set({ tempo: 4 }, 'test');
    try {
      const id = await midVerse(6);
      const sofar = squash(s.inst.loop.current()!.text);
      const { page, errors } = await openPage(s.browser, `${s.inst.url}/display?scene=text`);
      await waitForBodyData(page, 'verse', id, 60_000);
      expect((await screenText(page)).startsWith(sofar)).toBe(true);
      expect(sofar.length).toBeGreaterThan(0);
      expect(await page.getAttribute('body', 'data-scene')).toBe('text');
      expect(errors).toEqual([]);
    } finally {
      s.inst.params.set({ tempo: 30 }, 'test');
    }
  });

  it('?scene=NAME of an unknown scene falls back to text with a small notice', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/display?scene=nonesuch`);
    await waitForBodyData(page, 'scene', 'text', 60_000);
    expect(await page.textContent('#notice')).toContain('nonesuch');
    expect(errors).toEqual([]);
  });

  it('follows scene parameters (theme, font_scale) sent by the server', async () => {
    const { page } = await openPage(s.browser, `${s.inst.url}/display`);
    await page.waitForFunction(() => document.body.dataset.theme === 'ink');
    s.inst.params.set({ 'scene.text.theme': 'paper', 'scene.text.font_scale': 2 }, 'test');
    await waitForBodyData(page, 'theme', 'paper', 10_000);
    expect(await page.evaluate(() => document.documentElement.style.getPropertyValue('--font-scale'))).toBe('2');
    s.inst.params.set({ 'scene.text.theme': 'ink', 'scene.text.font_scale': 1 }, 'test');
  });
});

describe('/display and the scene event', () => {
  it('a scene switch brings the scene\'s values, qualified as in params, and the display holds them', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/display`);
    await waitForBodyData(page, 'scene', 'text', 60_000);
    type Display = { socket: { off(event: string): void }; host: { paramsOf(scene: string): Record<string, unknown> | undefined } };
    // Deaf to `params` from here on: whatever the display learns of the ink scene comes with the `scene` event.
    await page.evaluate(() => (window as unknown as { __inkverseDisplay: Display }).__inkverseDisplay.socket.off('params'));
    try {
      s.inst.params.set({ 'scene.ink.paper': 'night', 'scene.ink.bleed': 0.9 }, 'test');
      s.inst.scene.set('ink', 'test');
      const held = await page.waitForFunction(() => {
        const v = (window as unknown as { __inkverseDisplay: Display }).__inkverseDisplay.host.paramsOf('ink');
        return v?.paper === 'night' ? v : false;
      }, undefined, { timeout: 10_000 });
      expect(await held.jsonValue()).toMatchObject({ paper: 'night', bleed: 0.9 });
      expect(errors).toEqual([]);
    } finally {
      s.inst.scene.set('text', 'test');
      s.inst.params.set({ 'scene.ink.paper': 'rice', 'scene.ink.bleed': 0.35 }, 'test');
    }
  });
});

describe('/display across a dropped connection', () => {
  it('comes back by itself, resumes the verse from where it stopped, and shows nothing twice', async () => {
    s.inst.params.set({ tempo: 6 }, 'test');
    try {
      const { page, errors } = await openPage(s.browser, `${s.inst.url}/display`);
      const id = await midVerse(3);
      const ended = new Promise<{ id: string; text: string }>((resolve) => {
        const off = s.inst.loop.events.on('verse:end', (e) => {
          if (e.id !== id) return;
          off();
          resolve(e);
        });
      });
      await waitForBodyData(page, 'verse', id, 60_000);
      // Closed by the server (as on a graceful restart): socket.io alone would not reconnect.
      s.inst.io.of('/display').disconnectSockets();
      // Disconnected: the verse stays, with the calm breathing ellipsis, and no error.
      await page.waitForSelector('.verse.waiting', { timeout: 5000 });
      await expect.poll(() => s.inst.io.of('/display').sockets.size, { timeout: 10_000 }).toBe(1);
      const end = await ended;
      await expect.poll(() => screenText(page), { timeout: 5000 }).toBe(squash(end.text));
      expect(errors).toEqual([]);
    } finally {
      s.inst.params.set({ tempo: 30 }, 'test');
    }
  });
});
