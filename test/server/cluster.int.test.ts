/**
 * Several servers, one room (issue 19's Bar): a real Redis (`redis-server`), a writer A in its own process
 * (`npm start`, so it can be killed as a crash kills it) and a second server B in this process. A display on B
 * gets every token A writes for a kiosk on A; a prompt given on B is written; when A is killed, B takes over
 * and writes every prompt that was waiting, the interrupted one too. A Redis outage is tested on a writer of
 * its own, so each test passes alone (`-t`).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interruptedVerseId } from '../../engine/verseJournal.ts';
import type { Installation } from '../../server/installation.ts';
import type { PromptAck, VerseToken } from '../../protocol/events.ts';
import { client, next, request, startTestInstallation, TEST_TOKEN, type Client } from '../helpers/installation.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';
import { killGroup, npmStart, servingUrl } from '../helpers/npmStart.ts';

let redis: TestRedis;
let a: { child: ChildProcess; url: string; exited: Promise<void> };
let b: Installation;
const sockets: Client[] = [];
const PARAMS = { tempo: 30, verse_gap: 0.2 };

function open(url: string, ns: string, clientId?: string): Client {
  const s = client({ url } as Installation, ns, clientId ? { clientId } : undefined);
  sockets.push(s);
  return s;
}

async function health(url: string): Promise<{ role?: string; redis?: string; status?: string } | null> {
  const res = await fetch(`${url}/health`).catch(() => null);
  return res ? ((await res.json()) as { role?: string }) : null;
}

/** Polls `/health` until `role` (the servers announce no role change on any socket), within `timeoutMs`. */
function roleBecomes(url: string, role: string, timeoutMs: number): Promise<void> {
  return until(async () => (await health(url))?.role === role, timeoutMs);
}

/** Server A: `npm start` with the Redis URL, on free ports, in its own process group (killed whole). */
async function startWriter(redisUrl: string): Promise<typeof a> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-cluster-a-'));
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ server: { port: 0, host: '127.0.0.1', token: TEST_TOKEN }, osc: { port: 0, host: '127.0.0.1' }, params: PARAMS, redis: { lockSeconds: 2 } }));
  const server = npmStart({ INKVERSE_CONFIG: configFile, INKVERSE_DATA: path.join(dir, 'data'), INKVERSE_REDIS_URL: redisUrl });
  return { child: server.child, url: await servingUrl(server), exited: server.exited.then(() => undefined) };
}

const killA = (): void => killGroup(a.child);

/** Every token of verse `id` a socket received, once its end came. */
async function tokensOf(display: Client, id: string): Promise<VerseToken[]> {
  const tokens: VerseToken[] = [];
  display.on('verse:token', (t) => t.id === id && tokens.push(t));
  await next(display, 'verse:end', (e) => e.id === id, 120_000);
  return tokens;
}

async function submit(kiosk: Client, text: string): Promise<string> {
  const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  return (ack as { id: string }).id;
}

describe('two servers over Redis', () => {
  beforeAll(async () => {
    redis = await startRedis();
    a = await startWriter(redis.url);
    await roleBecomes(a.url, 'writer', 120_000); // loads its model, then takes the lock
    b = await startTestInstallation({ params: PARAMS, redis: { url: redis.url, lockSeconds: 2 } });
    await b.ready;
  }, 240_000);

  afterAll(async () => {
    for (const s of sockets.splice(0)) s.close();
    if (a) killA();
    await b?.close();
    await redis?.stop();
  });

  it('reports the roles: A writes, B stands by, both connected to Redis', async () => {
    expect(await health(a.url)).toMatchObject({ role: 'writer', redis: 'connected' });
    expect(await health(b.url)).toMatchObject({ role: 'standby', redis: 'connected', status: 'ok' });
  });

  it('a display on B receives every token of a verse written for a kiosk on A, seq without gaps', async () => {
    const display = open(b.url, '/display');
    await next(display, 'state');
    const kiosk = open(a.url, '/kiosk', 'kiosk-on-a-0001');
    await next(kiosk, 'state');
    const id = await submit(kiosk, '春江花月');
    const started = next(display, 'verse:start', (s) => s.id === id, 120_000);
    const tokens = await tokensOf(display, id);
    expect((await started).source).toBe('visitor');
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.map((t) => t.seq)).toEqual(tokens.map((_, i) => i));
  }, 180_000);

  it('a prompt given on B is written (by A), and its take-away page opens on B', async () => {
    const kiosk = open(b.url, '/kiosk', 'kiosk-on-b-0001');
    await next(kiosk, 'state');
    const id = await submit(kiosk, '秋山夜雨');
    const end = await next(kiosk, 'verse:end', (e) => e.id === id, 120_000);
    expect(end.reason).toBe('done');
    const code = await next(kiosk, 'verse:code', (c) => c.id === id, 60_000);
    // The page is announced with the code; B keeps a copy (waits on its arrival, not on time).
    let page = await fetch(`${b.url}/v/${code.code}`);
    for (let i = 0; page.status === 404 && i < 100; i++) page = (await new Promise((r) => setTimeout(r, 100)), await fetch(`${b.url}/v/${code.code}`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(end.text.split(/[，。\n]/)[0]);
  }, 180_000);

  it('an edge (no model loaded) serves pages: its display gets the whole verse, its kiosk\'s prompt is written and looked up', async () => {
    const c = await startTestInstallation({ params: PARAMS, redis: { url: redis.url, role: 'edge' } });
    try {
      await c.ready;
      expect(await health(c.url)).toMatchObject({ role: 'edge', redis: 'connected', status: 'ok' });
      expect(c.health().loop).toBe('stopped'); // it never writes
      const display = open(c.url, '/display');
      const kiosk = open(c.url, '/kiosk', 'kiosk-on-edge-001');
      await Promise.all([next(display, 'state'), next(kiosk, 'state')]);
      const id = await submit(kiosk, '山居秋暝');
      const tokens = await tokensOf(display, id);
      expect(tokens.length).toBeGreaterThan(5);
      expect(tokens.map((t) => t.seq)).toEqual(tokens.map((_, i) => i));
      const status = await request<{ ok: boolean; prompts: Array<{ id: string; status: string }> }>(kiosk, 'prompt:status', { ids: [id] });
      expect(status).toMatchObject({ ok: true, prompts: [{ id, status: 'done' }] });
      // The console belongs to the writer: an edge refuses its actions with a code.
      const performer = client({ url: c.url } as Installation, '/console', { token: TEST_TOKEN });
      sockets.push(performer);
      await next(performer, 'state');
      const refused = await request<{ ok: boolean; error?: { code: string } }>(performer, 'verse:skip');
      expect(refused).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_UNAVAILABLE' } });
    } finally {
      await c.close();
    }
  }, 180_000);

  it('300 phones on /follow, spread over A and B, each receive the whole verse gap-free', async () => {
    const phones = Array.from({ length: 300 }, (_, i) => open(i % 2 ? b.url : a.url, '/follow'));
    await Promise.all(phones.map((p) => next(p, 'state', () => true, 120_000)));
    const kiosk = open(b.url, '/kiosk', 'kiosk-for-phones-1');
    await next(kiosk, 'state');
    const id = await submit(kiosk, '故人西辞');
    const got = phones.map(() => [] as VerseToken[]);
    phones.forEach((p, i) => p.on('verse:token', (t) => t.id === id && got[i]!.push(t)));
    const ends = await Promise.all(phones.map((p) => next(p, 'verse:end', (e) => e.id === id, 300_000)));
    const whole = got[0]!.map((t) => t.text).join('');
    expect(got[0]!.length).toBeGreaterThan(5);
    const wrong = got.flatMap((tokens, i) => {
      const gapFree = tokens.every((t, j) => t.seq === j);
      return gapFree && tokens.map((t) => t.text).join('') === whole ? [] : [`phone ${i} on ${i % 2 ? 'B' : 'A'}: ${tokens.length} tokens, seqs ${tokens.slice(0, 8).map((t) => t.seq).join(',')}…`];
    });
    expect(wrong).toEqual([]);
    expect(new Set(ends.map((e) => e.text)).size).toBe(1);
    for (const p of phones) p.close();
  }, 600_000);

  it('when the writer is killed, B takes over within 10 s and writes every waiting prompt, the interrupted one again', async () => {
    const display = open(b.url, '/display');
    await next(display, 'state');
    const kiosks = [0, 1, 2].map((i) => open(b.url, '/kiosk', `kiosk-on-b-10${i}0`));
    await Promise.all(kiosks.map((k) => next(k, 'state')));
    const ids: string[] = [];
    for (const [i, k] of kiosks.entries()) ids.push(await submit(k, ['明月松间', '大漠孤烟', '春眠不觉'][i]!));
    // A is killed in the middle of the first of them, once its first line reached B's display (the snapshot in
    // Redis follows the stream by a token or so, as the SQLite journal follows it by the tail of a line).
    const first = await next(display, 'verse:line', (l) => ids.includes(l.id), 120_000);
    killA();
    const killedAt = Date.now();
    await a.exited;
    await roleBecomes(b.url, 'writer', 60_000);
    const tookOverMs = Date.now() - killedAt;
    expect(tookOverMs).toBeLessThan(10_000);
    // Every prompt is written to its end by B: none was lost with A.
    for (const id of ids) {
      const end = await next(display, 'verse:end', (e) => e.id === id && e.reason === 'done', 120_000);
      expect(end.text.length).toBeGreaterThan(0);
      expect(b.archive.get(id)?.reason).toBe('done');
    }
    // The verse cut short was archived on B as interrupted, as after a kill -9 of a single server.
    expect(b.archive.get(interruptedVerseId(first.id, 1))?.reason).toBe('interrupted');
  }, 240_000);

});

describe('a Redis outage', () => {
  // Its own Redis and its own writer: it does not depend on what the tests above left behind.
  let outageRedis: TestRedis;
  let w: Installation;
  beforeAll(async () => {
    outageRedis = await startRedis();
    w = await startTestInstallation({ params: PARAMS, redis: { url: outageRedis.url, lockSeconds: 2 } });
    await w.ready;
    await roleBecomes(w.url, 'writer', 60_000);
  }, 240_000);

  afterAll(async () => {
    for (const s of sockets.splice(0)) s.close();
    await w?.close();
    await outageRedis?.stop();
  });

  it('degrades to the last state and recovers by itself; the writer keeps writing meanwhile', async () => {
    const port = outageRedis.port;
    await outageRedis.stop(true);
    await until(async () => (await health(w.url))?.redis === 'down', 60_000);
    expect(await health(w.url)).toMatchObject({ status: 'degraded', role: 'writer', redis: 'down' });
    expect((await fetch(`${w.url}/display`)).status).toBe(200); // pages stay up
    // The writer writes on (archived here) while nothing reaches Redis.
    await new Promise<void>((resolve) => {
      const off = w.loop.events.on('verse:end', () => (off(), resolve()));
    });
    outageRedis = await startRedis(port);
    await until(async () => (await health(w.url))?.redis === 'connected', 60_000);
    expect(await health(w.url)).toMatchObject({ status: 'ok', role: 'writer', redis: 'connected' });
    const kiosk = open(w.url, '/kiosk', 'kiosk-after-outage1');
    await next(kiosk, 'state');
    const id = await submit(kiosk, '江南好');
    expect((await next(kiosk, 'verse:end', (e) => e.id === id, 120_000)).reason).toBe('done');
  }, 240_000);
});

/** Polls until `ok` holds (a state only `/health` shows), within `timeoutMs`. */
async function until(ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
