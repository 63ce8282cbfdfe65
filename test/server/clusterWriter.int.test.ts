/**
 * Becoming the writer, and joining late (issue 19's review, items 1 and 3), with a real Redis (`redis-server`),
 * real installations with the shipped model and real socket.io clients:
 * - mid take-over (elected, the last writer's state not yet taken up) every part of the server gives the same
 *   answer to "does this server write?": the console, the prompts and `/health`. The take-over is held open
 *   the way a full Redis holds it: at `maxclients`, the new writer cannot open the connection it serves
 *   commands on until the limit is raised;
 * - an edge started in the middle of a verse shows that verse exactly as far as the writer wrote it.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Installation } from '../../server/installation.ts';
import type { PromptAck, VerseLine, VerseToken } from '../../protocol/events.ts';
import type { RedisClient } from '../../server/cluster/redisLink.ts';
import { client, next, request, startTestInstallation, TEST_TOKEN, type Client } from '../helpers/installation.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';

const LOCK = 'inkverse:writer';
/** Slow enough that a verse is still being written when an edge has started (about 30 s a verse). */
const PARAMS = { tempo: 1, verse_gap: 0.2 };

let redis: TestRedis;
let admin: RedisClient;
let b: Installation;
const sockets: Client[] = [];

function open(url: string, ns: string, auth?: Record<string, string>): Client {
  const s = client({ url } as Installation, ns, auth);
  sockets.push(s);
  return s;
}

async function role(url: string): Promise<string | undefined> {
  const res = await fetch(`${url}/health`).catch(() => null);
  return res ? ((await res.json()) as { role?: string }).role : undefined;
}

/** Polls until `ok` holds (a state only `/health` or Redis shows), within `timeoutMs`. */
async function until(ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** B writes: the lock another server held (see beforeAll) is let go, and B takes it. */
async function bWrites(): Promise<void> {
  if ((await admin.get(LOCK)) === 'another-server') await admin.del(LOCK);
  await until(async () => (await role(b.url)) === 'writer', 60_000);
}

beforeAll(async () => {
  redis = await startRedis();
  admin = createClient({ url: redis.url }) as RedisClient;
  await admin.connect();
  await admin.set(LOCK, 'another-server', { PX: 600_000 }); // another server writes: B starts as a standby
  b = await startTestInstallation({ params: PARAMS, redis: { url: redis.url, lockSeconds: 2 } });
  await b.ready;
}, 240_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await admin?.configSet('maxclients', '10000').catch(() => {});
  await b?.close();
  await admin?.close();
  await redis?.stop();
});

describe('the writer over Redis', () => {
  it('mid take-over, the console, the prompts and /health all say this server does not write yet; then all say it does', async () => {
    const performer = open(b.url, '/console', { token: TEST_TOKEN });
    const kiosk = open(b.url, '/kiosk', { clientId: 'kiosk-takeover-01' });
    await Promise.all([next(performer, 'state'), next(kiosk, 'state')]);
    expect(await role(b.url)).toBe('standby');
    // Redis full: B may keep its connections but open no other, and its take-over needs one.
    await admin.configSet('maxclients', String((await admin.clientList()).length));
    let during: { console: unknown; prompt: PromptAck; role: string | undefined };
    try {
      await admin.del(LOCK); // the other server's lock lapses: B takes it at its next try
      await until(async () => (await admin.get(LOCK)) !== null, 30_000);
      const answer = await request<unknown>(performer, 'params:set', { tempo: PARAMS.tempo });
      const prompt = await request<PromptAck>(kiosk, 'prompt:submit', { text: '空山新雨' });
      during = { console: answer, prompt, role: await role(b.url) };
    } finally {
      await admin.configSet('maxclients', '10000');
    }
    // Elected but not writing yet: refused where a server that does not write refuses, and /health agrees.
    expect(during).toMatchObject({ console: { ok: false, error: { code: 'INKVERSE_E_UNAVAILABLE' } }, prompt: { ok: false, error: { code: 'INKVERSE_E_UNAVAILABLE' } }, role: 'standby' });
    await until(async () => (await role(b.url)) === 'writer', 60_000);
    expect(await request(performer, 'params:set', { tempo: PARAMS.tempo })).toMatchObject({ ok: true });
    expect(await request<PromptAck>(kiosk, 'prompt:submit', { text: '空山新雨' })).toMatchObject({ ok: true });
  }, 240_000);

  it('an edge started mid-verse shows that verse exactly as far as the writer wrote it', async () => {
    await bWrites();
    const display = open(b.url, '/display');
    const tokens: VerseToken[] = [];
    const lines: VerseLine[] = [];
    display.on('verse:token', (t) => tokens.push(t));
    display.on('verse:line', (l) => lines.push(l));
    await next(display, 'state');
    // A verse this display saw begin, once its first line is written.
    const { id } = await next(display, 'verse:start', () => true, 120_000);
    await next(display, 'verse:line', (l) => l.id === id, 120_000);
    const c = await startTestInstallation({ params: PARAMS, redis: { url: redis.url, role: 'edge' } });
    try {
      await c.ready;
      const onEdge = open(c.url, '/display');
      const { verse } = await next(onEdge, 'state');
      expect(verse?.start.id).toBe(id); // still being written
      const n = verse!.tokens.length;
      await next(display, 'verse:token', (t) => t.id === id && t.seq >= n - 1, 60_000);
      const written = tokens.filter((t) => t.id === id).slice(0, n);
      expect(verse!.lines.length).toBeGreaterThan(0); // joined after the first line
      expect(verse!.tokens).toEqual(written);
      expect(verse!.text).toBe(written.map((t) => t.text).join(''));
      expect(verse!.lines).toEqual(lines.filter((l) => l.id === id).slice(0, verse!.lines.length));
    } finally {
      await c.close();
    }
  }, 240_000);
});
