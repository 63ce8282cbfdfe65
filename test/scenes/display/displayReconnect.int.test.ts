/**
 * A projector that loses the server mid-verse (real Chromium, WebGL through SwiftShader, real
 * installation): the server closes its connection and refuses every reconnect for 5 s, as when the
 * network or the server is away; the display shows its calm waiting state meanwhile, comes back by
 * itself, resumes the verse (`state:resume`), and in the end shows the whole verse with no character
 * missing or doubled.
 *
 * The test owns the verse: the loop is paused, then restarted on a performer's prompt whose id is known up
 * front, with a long gap after it (so no attract verse can take over), written slowly (1 token/s) so it is
 * still being written when the display is back.
 * Every wait is on an event or on page state; only the 5 s away is a duration, and it is the scenario.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { VerseEnd } from '../../../protocol/events.ts';
import { openPage, squash, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite({}, { webgl: true });
const AWAY_MS = 5000;

interface DisplayProbe {
  __inkverseDisplay: { shownText(): string; model: { tokenCount: number; id: string | null; tokens(): Array<{ seq: number }> } };
}
const shown = (page: Page): Promise<string> => page.evaluate(() => (window as unknown as DisplayProbe).__inkverseDisplay.shownText());
const received = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as DisplayProbe).__inkverseDisplay.model.tokenCount);
const seqs = (page: Page): Promise<number[]> => page.evaluate(() => (window as unknown as DisplayProbe).__inkverseDisplay.model.tokens().map((t) => t.seq));

describe('/display across 5 s without the server', () => {
  it('comes back by itself showing the whole verse it lost, nothing missing or doubled', async () => {
    let away = false;
    // Refuses every new connection while "away" (the engine.io handshake fails, so the client keeps retrying).
    s.inst.io.engine.use((req: unknown, res: { writeHead(n: number): void; end(): void }, next: () => void) => {
      if (!away) return next();
      res.writeHead(503);
      res.end();
    });
    try {
      // Stop the loop (an attract verse in hand ends here) so that ours is the next verse, and the only one for 120 s.
      s.inst.params.set({ verse_gap: 120, tempo: 1 }, 'test');
      await s.inst.loop.pause();
      const { page, errors } = await openPage(s.browser, `${s.inst.url}/display?scene=constellation`, { viewport: { width: 480, height: 300 } });
      await waitForBodyData(page, 'scene', 'constellation', 120_000);
      await waitForBodyData(page, 'connection', 'connected', 120_000);

      // Our verse: a performer's prompt, written slowly (1 token/s) enough to outlast the 5 s away.
      const { id } = s.inst.control.submitPrompt('秋夜山中', 'performer', 'console');
      s.inst.loop.start();
      const ended = new Promise<VerseEnd>((resolve) => {
        const off = s.inst.loop.events.on('verse:end', (e) => e.id === id && (off(), resolve(e)));
      });
      await waitForBodyData(page, 'verse', id, 240_000);
      await expect.poll(() => received(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);

      // The server goes away: it closes the display's connection and refuses it for 5 s.
      away = true;
      for (const socket of s.inst.io.of('/display').sockets.values()) socket.conn.close();
      await waitForBodyData(page, 'connection', 'waiting', 120_000);
      const lostAt = await received(page);
      await new Promise((r) => setTimeout(r, AWAY_MS));
      // Tokens were written while the display was away, so resuming has something to fill in.
      await expect.poll(() => s.inst.loop.current()?.tokens.length ?? Infinity, { timeout: 120_000 }).toBeGreaterThan(lostAt);
      // At 1 token/s it comes back mid-verse; should the verse have ended meanwhile, it must come back just as whole.
      away = false;
      await waitForBodyData(page, 'connection', 'connected', 120_000);
      s.inst.params.set({ tempo: 30 }, 'test');
      const end = await ended;

      await expect.poll(() => shown(page), { timeout: 240_000 }).toBe(squash(end.text));
      expect(await page.getAttribute('body', 'data-verse')).toBe(id);
      const got = await seqs(page);
      expect(got).toEqual(got.map((_, i) => i));
      expect(got.length).toBeGreaterThan(lostAt);
      expect(errors).toEqual([]);
    } finally {
      away = false;
      s.inst.params.set({ tempo: 30, verse_gap: 0.5 }, 'test');
      s.inst.loop.start(); // in case it failed while paused
    }
  }, 600_000);
});
