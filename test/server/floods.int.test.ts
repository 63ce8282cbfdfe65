/**
 * @module test/server/floods
 * Floods that stay within the other rules, on one real installation (the shipped Tang model at its reading
 * pace, real socket.io clients on a free port, real SQLite): a kiosk asking `prompt:status` as fast as it can (refused,
 * then cut off),
 * a storm of displays connecting and leaving, and a script guessing take-away codes. What is checked is what
 * the room would notice; the timings (`/health` p99 under the flood) are measured by `bench/floods.ts`.
 */
import http from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import type { ErrorPayload } from '../../protocol/errors.ts';
import type { PromptStatusAck, VerseToken } from '../../protocol/events.ts';
import { CODE_ALPHABET, CODE_LENGTH } from '../../server/versePage.ts';
import { client, next, request, TEST_TOKEN, useInstallation, type Client } from '../helpers/installation.ts';

const t = useInstallation({ params: { tempo: 8, verse_gap: 0.5 }, backup: { everyHours: 0 } });

/** One GET on a connection of its own (no keep-alive to race the server's idle timeout). */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** Resolves once a socket has connected. */
function connected(s: Client): Promise<void> {
  return s.connected ? Promise.resolve() : new Promise((resolve, reject) => (s.once('connect', () => resolve()), s.once('connect_error', reject)));
}

describe('floods within the rules (real socket.io, shipped Tang model)', () => {
  it('a kiosk flooding prompt:status (10,000 calls of 32 ids) is refused with INKVERSE_E_RATE_LIMIT, then cut off, and so is its address for a while; a display keeps streaming and /health answers', async () => {
    const display = t.open('/display');
    const tokens: VerseToken[] = [];
    display.on('verse:token', (tk) => tokens.push(tk));
    await next(display, 'verse:token', () => true, 300_000);
    const kiosk = t.open('/kiosk', { clientId: 'status-flood-page' });
    await connected(kiosk);
    const told: ErrorPayload[] = [];
    kiosk.on('error', (e) => told.push(e));
    const cutOff = new Promise<string>((resolve) => kiosk.once('disconnect', resolve));
    const ids = Array.from({ length: 32 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const codes = new Map<string, number>();
    const tokensBefore = tokens.length;
    const healthDuring: number[] = [];
    // 5,000 calls a second's worth, twice, in slices so /health can be asked in between; acks are counted as they come.
    for (let slice = 0; slice < 20 && kiosk.connected; slice++) {
      for (let i = 0; i < 500; i++) {
        void request<PromptStatusAck>(kiosk, 'prompt:status', { ids }).then((a) => {
          const code = a.ok ? 'ok' : (a as { error: ErrorPayload }).error.code;
          codes.set(code, (codes.get(code) ?? 0) + 1);
        });
      }
      if (slice % 5 === 0) healthDuring.push((await fetch(`${t.inst.url}/health`)).status);
      await new Promise((r) => setImmediate(r));
    }
    // The server closed the socket, after saying why: it kept sending long after it was refused.
    expect(await cutOff).toBe('io server disconnect');
    expect(told.map((e) => e.code)).toEqual(['INKVERSE_E_RATE_LIMIT']);
    expect(told[0]!.message).toMatch(/disconnected/);
    // Answered until then: a burst's worth accepted, then the ready-made refusal, never anything else.
    expect(codes.get('ok') ?? 0).toBeGreaterThan(0);
    expect(codes.get('INKVERSE_E_RATE_LIMIT') ?? 0).toBeGreaterThan(100);
    expect([...codes.keys()].every((c) => c === 'ok' || c === 'INKVERSE_E_RATE_LIMIT')).toBe(true);
    expect(healthDuring.every((s) => s === 200)).toBe(true);
    // Its address connecting again at once is refused at the handshake: no socket, no `state`, no work.
    const again = t.open('/kiosk', { clientId: 'status-flood-page' });
    const againEvents: string[] = [];
    again.onAny((e: string) => againEvents.push(e));
    await new Promise<void>((resolve) => again.once('connect_error', () => resolve()));
    expect(again.connected).toBe(false);
    expect(againEvents).toEqual([]);
    // Once the address has calmed down a page from it is served again.
    await vi.waitFor(
      async () => {
        const calm = t.open('/kiosk', { clientId: 'status-flood-page' });
        const first = await new Promise<string>((resolve) => (calm.once('state', () => resolve('state')), calm.once('connect_error', () => resolve('refused'))));
        calm.close();
        if (first !== 'state') throw new Error('still cut off');
      },
      { timeout: 120_000, interval: 500 },
    );
    // The display kept streaming: more tokens came, in order, with no gap in any verse.
    if (tokens.length < tokensBefore + 3) {
      await new Promise<void>((resolve) => display.on('verse:token', () => tokens.length >= tokensBefore + 3 && resolve()));
    }
    for (let i = 1; i < tokens.length; i++) if (tokens[i]!.id === tokens[i - 1]!.id) expect(tokens[i]!.seq).toBe(tokens[i - 1]!.seq + 1);
  }, 600_000);

  it('1,500 displays connecting and leaving send a console under 5 MB; a console without the token receives no display list', async () => {
    const performer = t.open('/console', { token: TEST_TOKEN });
    const spy = t.open('/console', { token: 'not-the-token' });
    let performerBytes = 0;
    let lists = 0;
    performer.onAny((event: string, payload: unknown) => {
      performerBytes += Buffer.byteLength(JSON.stringify([event, payload]));
      if (event === 'displays') lists++;
    });
    const spyEvents: string[] = [];
    spy.onAny((event: string) => spyEvents.push(event));
    await Promise.all([next(performer, 'status', (s) => s.authorized === true), next(spy, 'status')]);

    for (let wave = 0; wave < 15; wave++) {
      const wall = Array.from({ length: 100 }, (_, i) => client(t.inst, '/display', { display: `storm-${wave}-${i}` }));
      await Promise.all(wall.map(connected));
      for (const d of wall) d.close();
    }
    // The storm is over once the performer's list is empty of storm displays again.
    await next(performer, 'displays', (p) => !p.displays.some((d) => d.name.startsWith('storm-')), 120_000);
    expect(lists).toBeGreaterThan(0);
    expect(performerBytes).toBeLessThan(5_000_000);
    expect(spyEvents).not.toContain('displays');
  }, 600_000);

  it('console token guesses back off per address: of 40 wrong tokens most are not even checked (INKVERSE_E_RATE_LIMIT), and the right one then waits too', async () => {
    const attempt = async (token: string): Promise<'authorized' | 'unauthorized' | 'INKVERSE_E_RATE_LIMIT'> => {
      const c = client(t.inst, '/console', { token });
      let limited = false;
      c.on('error', (e) => void (e.code === 'INKVERSE_E_RATE_LIMIT' && (limited = true)));
      try {
        // The refusal, when there is one, is sent before the status.
        const status = await next(c, 'status');
        return limited ? 'INKVERSE_E_RATE_LIMIT' : status.authorized ? 'authorized' : 'unauthorized';
      } finally {
        c.close();
      }
    };
    const results: string[] = [];
    for (let i = 0; i < 40; i++) results.push(await attempt(`wrong-token-${i}`));
    expect(results.slice(0, 5)).toEqual(Array(5).fill('unauthorized'));
    expect(results.filter((r) => r === 'INKVERSE_E_RATE_LIMIT').length).toBeGreaterThan(30);
    expect(await attempt(TEST_TOKEN)).toBe('INKVERSE_E_RATE_LIMIT');
  }, 300_000);

  it('10,000 take-away code guesses from one address are rate-limited (429, INKVERSE_E_RATE_LIMIT) and none finds a verse', async () => {
    let seed = 11;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const guess = (): string => Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[rand(CODE_ALPHABET.length)]).join('');
    const statuses = new Map<number, number>();
    let coded = 0;
    for (let batch = 0; batch < 100; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          const res = await get(`${t.inst.url}/v/${guess()}`);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 429 && (JSON.parse(res.body) as { error: ErrorPayload }).error.code === 'INKVERSE_E_RATE_LIMIT') coded++;
        }),
      );
    }
    expect(statuses.get(200) ?? 0).toBe(0);
    expect(coded).toBe(statuses.get(429));
    // At most the burst (20) and about one a second since got through to the archive at all.
    expect(statuses.get(429) ?? 0).toBeGreaterThan(9_500);
    expect([...statuses.keys()].sort()).toEqual([404, 429]);
  }, 600_000);
});
