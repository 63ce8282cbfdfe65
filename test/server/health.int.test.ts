/**
 * @module test/server/health
 * `/health`, the `service` event and the verse stream of a real installation (real HTTP, real socket.io)
 * whose generator backend is a scripted FAKE: failing to load N times, hanging, exiting during a load or
 * mid-verse, throwing mid-verse. It turns degraded with the reason, a healthy generator or the fallback
 * writes, and no display receives an empty verse.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../config/schema.ts';
import type { Installation } from '../../server/installation.ts';
import type { ServiceStatus, VerseEnd, VerseStart, VerseToken } from '../../protocol/events.ts';
import { FakeBackend, type FakeScript } from '../helpers/fakeGenerator.ts';
import { client, next, startTestInstallation, type Client } from '../helpers/installation.ts';

const WATCHDOG_S = 0.5;
const FAST: ConfigInput['model'] = { supervision: { tokenTimeout: WATCHDOG_S, loadTimeout: 2, retryMin: 0.05, retryMax: 0.5 } };

const open: Array<{ inst: Installation; sockets: Client[] }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    for (const s of o.sockets) s.close();
    await o.inst.close();
  }
});

/**
 * An installation over fake backends with a display connected before the model's first load completes,
 * so the display sees every verse from the first.
 */
async function start(model: ConfigInput['model'], primary: FakeBackend, fallback?: FakeBackend): Promise<{ inst: Installation; d: Client; seen: ReturnType<typeof recorder> }> {
  let release!: () => void;
  const connected = new Promise<void>((resolve) => (release = resolve));
  const own = primary.script.beforeLoad;
  primary.script.beforeLoad = (n) => (n === 0 ? connected : own?.(n));
  const createGenerator = primary.factory((spec) => spec.model.name === 'tang-poet-zh', fallback?.factory());
  const inst = await startTestInstallation({ model: { ...FAST, ...model }, params: { tempo: 0, verse_gap: 0.05 } }, { createGenerator });
  open.push({ inst, sockets: [] });
  const d = display(inst);
  const seen = recorder(d);
  await next(d, 'service');
  release();
  return { inst, d, seen };
}

function display(inst: Installation): Client {
  const socket = client(inst, '/display');
  open.find((o) => o.inst === inst)!.sockets.push(socket);
  return socket;
}

async function health(inst: Installation): Promise<{ code: number; body: { status: string; reason: string | null; [k: string]: unknown } }> {
  const res = await fetch(`${inst.url}/health`);
  return { code: res.status, body: (await res.json()) as { status: string; reason: string | null } };
}

/** Everything a display saw, with arrival times. */
function recorder(socket: Client) {
  const seen = { starts: [] as VerseStart[], tokens: [] as VerseToken[], ends: [] as VerseEnd[], service: [] as Array<ServiceStatus & { at: number }> };
  socket.on('verse:start', (s) => seen.starts.push(s));
  socket.on('verse:token', (t) => seen.tokens.push(t));
  socket.on('verse:end', (e) => seen.ends.push(e));
  socket.on('service', (s) => seen.service.push({ ...s, at: Date.now() }));
  return seen;
}

/** No display ever sees an empty verse: every announced verse gets text, every ended verse has text. */
function expectNoEmptyVerse(seen: ReturnType<typeof recorder>): void {
  for (const s of seen.starts) expect(seen.tokens.some((t) => t.id === s.id && t.text.length > 0)).toBe(true);
  for (const e of seen.ends) expect(e.text.length).toBeGreaterThan(0);
}

describe('/health and the service status with a FAKE generator backend', () => {
  it('a fake that fails to load twice and then loads: 503 with the reason, then 200, and the loop starts without a restart', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const backend = new FakeBackend({ load: (n) => (n < 2 ? 'fail' : 'ok'), beforeLoad: (n) => (n === 2 ? held : undefined) });
    const twoFailures = new Promise<void>((resolve) => backend.watch(() => backend.loads >= 2 && resolve()));
    const { inst, d, seen } = await start({ fallback: [] }, backend);
    // A page that connects while the model loads learns it from its `state` already.
    expect((await next(d, 'state')).service).toEqual({ status: 'degraded', reason: 'loading tang-poet-zh on cpu' });
    await twoFailures;

    const before = await health(inst);
    expect(before.code).toBe(503);
    expect(before.body).toMatchObject({ status: 'degraded', model: 'tang-poet-zh' });
    expect(before.body.reason).toContain('could not load: fake backend: the model file is broken');
    const service = await next(d, 'service', (s) => s.status === 'degraded' && (s.reason ?? '').includes('the model file is broken'));
    expect(service.reason).toContain('retrying');

    release();
    await inst.ready;
    const after = await health(inst);
    expect(after.code).toBe(200);
    expect(after.body).toMatchObject({ status: 'ok', reason: null, generator: 'ready' });
    await next(d, 'service', (s) => s.status === 'ok');
    // The loop writes with the generator that loaded on the third try: no second installation, no restart.
    const first = await next(d, 'verse:start');
    await next(d, 'verse:end', (e) => e.id === first.id);
    expect(backend.made).toHaveLength(3);
    expect(inst.loop.count).toBeGreaterThanOrEqual(1);
    expectNoEmptyVerse(seen);
  });

  it('a fake that throws mid-verse: verse:end with reason error, and the next verse starts', async () => {
    const backend = new FakeBackend({ verse: (n) => (n === 0 ? { tokens: 3, then: 'throw' } : { then: 'end' }) });
    const { inst, d, seen } = await start({ fallback: [] }, backend);
    const failed = await next(d, 'verse:end', (e) => e.reason === 'error');
    expect(failed.text).toBe('春风吹');
    const nextStart = await next(d, 'verse:start', (s) => s.id !== failed.id);
    await next(d, 'verse:end', (e) => e.id === nextStart.id && e.reason === 'done');
    expectNoEmptyVerse(seen);
  });

  const faults: Array<[string, FakeScript, string]> = [
    ['hangs mid-verse', { verse: (n) => (n === 1 ? { tokens: 3, then: 'hang' } : { then: 'end' }) }, `wrote no token for ${WATCHDOG_S} s`],
    ['exits mid-verse', { verse: (n) => (n === 1 ? { tokens: 3, then: 'exit' } : { then: 'end' }) }, 'stopped while writing'],
    ['exits during a reload', { verse: (n) => (n === 1 ? { tokens: 3, then: 'exit' } : { then: 'end' }), load: (n) => (n === 1 ? 'exit' : 'ok') }, 'exited with code 1 while loading'],
    ['fails to load 3 times after a fault', { verse: (n) => (n === 1 ? { tokens: 3, then: 'exit' } : { then: 'end' }), load: (n) => (n >= 1 && n <= 3 ? 'fail' : 'ok') }, 'the model file is broken'],
  ];

  it.each(faults)('a fake that %s: degraded within the watchdog time, the fallback writes within 10 s, no empty verse', async (_label, script, reason) => {
    const primary = new FakeBackend({ ...script, text: '明月照高楼，流光正徘徊。' });
    const fallback = new FakeBackend({ text: 'The sea is calm tonight,\nthe tide is full.\n' });
    const { inst, d, seen } = await start({ fallback: [{ name: 'verse-en' }] }, primary, fallback);
    // The first verse is written by the model; the second one meets the fault.
    const ok = await next(d, 'verse:end', (e) => e.reason === 'done');
    expect(ok.text).toContain('明月');
    const faulty = await next(d, 'verse:start', (s) => s.id !== ok.id);
    const lastToken = await next(d, 'verse:token', (t) => t.id === faulty.id && t.seq === 2);
    await next(d, 'service', (s) => s.status === 'degraded' && (s.reason ?? '').includes(reason));
    expect(lastToken.text).toBe('照');
    // How soon, in the installation's own time, is pinned in hardeningFaults.int.test.ts (manual clock): no wall-clock bound here.
    const end = await next(d, 'verse:end', (e) => e.id === faulty.id);
    expect(end).toMatchObject({ reason: 'error', text: '明月照' });
    // The next verse comes from a healthy generator: the model restarted, or the fallback.
    const recovered = await next(d, 'verse:end', (e) => e.reason === 'done' && e.id !== ok.id);
    const recoveredStart = seen.starts.find((s) => s.id === recovered.id)!;
    expect(['tang-poet-zh', 'verse-en']).toContain(recoveredStart.model);
    const h = await health(inst);
    expect([200, 503]).toContain(h.code);
    expect(h.body.status).toBe(h.code === 200 ? 'ok' : 'degraded');
    expectNoEmptyVerse(seen);
  });

  it('with no fallback and a fake that never loads: /health stays degraded, nothing is announced, prompts wait', async () => {
    const backend = new FakeBackend({ load: () => 'fail' });
    const threeTries = new Promise<void>((resolve) => backend.watch(() => backend.loads >= 3 && resolve()));
    const { inst, d, seen } = await start({ fallback: [] }, backend);
    const kiosk = client(inst, '/kiosk');
    open.find((o) => o.inst === inst)!.sockets.push(kiosk);
    await next(kiosk, 'service', (s) => s.status === 'degraded');
    inst.queue.submit('江上秋月', 'visitor', 'kiosk-test');
    await threeTries;
    const h = await health(inst);
    expect(h.code).toBe(503);
    expect(h.body.reason).toContain('nothing can write until it recovers');
    expect(seen.starts).toEqual([]);
    expect(inst.queue.size).toBe(1);
  });
});
