/**
 * `/follow`, the light page for phones (real Chromium at a phone's size, real installation with the shipped model):
 * what a phone downloads (no WebGL, the script under a stated limit), the verse written token by token, the
 * visitor's own verse (`?p=<prompt id>`) marked while written and kept once done, a calm waiting state while the
 * installation is away, and the QR codes that lead to it (`/follow/qr.svg`, the display's `?qr=1`).
 * Every wait is on an event or on page state.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { VerseEnd } from '../../../protocol/events.ts';
import { openPage, recordBodyData, recorded, recordVerseText, shownFor, squash, waitForBodyData, waitForVerseShown } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite({}, { webgl: true });
const PHONE = { width: 390, height: 844 };

/** The most script a phone downloads for /follow: its own code (a few KB) and the socket.io client (about 42 KB). */
const SCRIPT_LIMIT_BYTES = 56 * 1024;
const SCRIPT_LIMIT_GZIP_BYTES = 20 * 1024;

/** The page's script and every chunk it imports, as the server sends them. */
async function scriptOf(base: string): Promise<Map<string, string>> {
  const html = await (await fetch(`${base}/follow`)).text();
  const entry = /<script type="module" src="\/assets\/([\w.-]+)"/.exec(html)?.[1];
  expect(entry).toBe('follow.js');
  const files = new Map<string, string>();
  const load = async (name: string): Promise<void> => {
    if (files.has(name)) return;
    const res = await fetch(`${base}/assets/${name}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    files.set(name, text);
    for (const m of text.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) await load(m[1]!);
  };
  await load(entry!);
  return files;
}

describe('/follow on a phone', () => {
  it(`downloads no WebGL and at most ${SCRIPT_LIMIT_BYTES / 1024} KB of script (${SCRIPT_LIMIT_GZIP_BYTES / 1024} KB gzipped)`, async () => {
    const files = await scriptOf(s.inst.url);
    const all = [...files.values()].join('');
    const bytes = Buffer.byteLength(all);
    const gzipped = gzipSync(all).length;
    console.info(`/follow script: ${files.size} files, ${bytes} bytes, ${gzipped} gzipped`);
    expect(bytes).toBeLessThan(SCRIPT_LIMIT_BYTES);
    expect(gzipped).toBeLessThan(SCRIPT_LIMIT_GZIP_BYTES);
    expect(all).not.toMatch(/getContext\(\s*["']webgl|three\.module|WebGLRenderer/);
  });

  it("a kiosk visitor scans the QR beside their queued prompt; the phone shows the verse token by token over a websocket, marks theirs and keeps it when done", async () => {
    const transports: string[] = [];
    const onConnection = (conn: { transport: { name: string } }): number => transports.push(conn.transport.name);
    try {
      await s.inst.loop.pause();
      const kiosk = await openPage(s.browser, `${s.inst.url}/kiosk`);
      await waitForBodyData(kiosk.page, 'state', 'idle', 120_000);
      await kiosk.page.fill('#prompt', '春山');
      await kiosk.page.click('#submit');
      await waitForBodyData(kiosk.page, 'state', 'queued', 120_000);
      await kiosk.page.waitForFunction(() => ((document.getElementById('follow-qr') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0, null, { timeout: 120_000 });
      expect(await kiosk.page.locator('#follow-qr').isVisible()).toBe(true);
      const src = (await kiosk.page.getAttribute('#follow-qr', 'src'))!;
      const id = decodeURIComponent(/^\/follow\/qr\.svg\?p=(.+)$/.exec(src)![1]!);
      expect(s.inst.queue.positionOf(id)).toBe(1); // the QR code carries the visitor's own prompt
      expect((await fetch(`${s.inst.url}${src}`)).headers.get('x-follow-url')).toMatch(new RegExp(`/follow\\?p=${id}$`));
      s.inst.io.engine.on('connection', onConnection);
      const ended = new Promise<VerseEnd>((resolve) => {
        const off = s.inst.loop.events.on('verse:end', (e) => e.id === id && (off(), resolve(e)));
      });
      const { page, errors } = await openPage(s.browser, `${s.inst.url}/follow?p=${id}`, { viewport: PHONE, beforeLoad: (p) => Promise.all([recordVerseText(p), recordBodyData(p, 'mine')]) });
      await waitForBodyData(page, 'connection', 'connected', 120_000);
      expect(await page.getAttribute('body', 'data-mine')).toBe('waiting');
      expect(transports).toContain('websocket'); // the page opened its connection on a websocket, no polling first
      expect(transports).not.toContain('polling');
      s.inst.loop.start();
      const end = await ended;
      await waitForBodyData(page, 'mine', 'done', 120_000);
      await waitForVerseShown(page, end.text, id);
      // Token by token: the text grew through many states, each a prefix of the next.
      const states = await shownFor(page, id);
      expect(states.length).toBeGreaterThan(squash(end.text).length / 2);
      for (let i = 1; i < states.length; i++) expect(states[i]!.startsWith(states[i - 1]!)).toBe(true);
      expect(await recorded(page)).toEqual(['none', 'waiting', 'writing', 'done']);
      expect(squash(await page.locator('#mine').innerText())).toBe(squash(end.text));
      expect(await page.locator('canvas').count()).toBe(0);
      expect(errors).toEqual([]);
      expect(kiosk.errors).toEqual([]);
    } finally {
      s.inst.io.engine.off('connection', onConnection);
      s.inst.loop.start(); // in case it failed while paused
    }
  }, 600_000);

  it('while the installation is away: a calm waiting line, the verse kept; back by itself', async () => {
    let away = false;
    s.inst.io.engine.use((_req: unknown, res: { writeHead(n: number): void; end(): void }, next: () => void) => {
      if (!away) return next();
      res.writeHead(503);
      res.end();
    });
    try {
      const { page, errors } = await openPage(s.browser, `${s.inst.url}/follow`, { viewport: PHONE });
      await waitForBodyData(page, 'connection', 'connected', 120_000);
      await waitForBodyData(page, 'state', ['writing', 'done'], 120_000);
      away = true;
      for (const socket of s.inst.io.of('/follow').sockets.values()) socket.conn.close();
      await waitForBodyData(page, 'connection', 'waiting', 120_000);
      expect(await page.locator('#status').innerText()).toMatch(/comes back by itself|会自己回来/);
      expect((await page.locator('#verse').innerText()).length).toBeGreaterThan(0);
      away = false;
      await waitForBodyData(page, 'connection', 'connected', 120_000);
      expect(errors).toEqual([]);
    } finally {
      away = false;
    }
  }, 600_000);

  it('/follow/qr.svg draws the page address (with the prompt id for a kiosk); the display shows it with ?qr=1', async () => {
    const plain = await fetch(`${s.inst.url}/follow/qr.svg`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(plain.headers.get('x-follow-url')).toMatch(/^http:\/\/[\d.]+:\d+\/follow$/);
    expect(await plain.text()).toMatch(/^<svg /);
    const mine = await fetch(`${s.inst.url}/follow/qr.svg?p=abc-123`);
    expect(mine.headers.get('x-follow-url')).toMatch(/\/follow\?p=abc-123$/);
    await mine.text();
    const bad = await fetch(`${s.inst.url}/follow/qr.svg?p=${encodeURIComponent('<script>')}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INKVERSE_E_BAD_REQUEST');
    const { page } = await openPage(s.browser, `${s.inst.url}/display?scene=text&qr=1`, { viewport: { width: 640, height: 360 } });
    await page.waitForFunction(() => ((document.getElementById('follow-qr') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0, null, { timeout: 120_000 });
    expect(await page.getAttribute('#follow-qr', 'src')).toBe('/follow/qr.svg');
  }, 300_000);
});
