/**
 * @module test/server/hardeningFaults
 * The fault bar, in the installation's own time: a real installation (real socket.io, real SQLite)
 * whose clock is a MANUAL test clock and whose generator backends are scripted FAKES (the only way to make
 * a backend hang, exit or fail on cue). Time moves only when the test moves it, in small steps, so "within
 * the watchdog time" and "within 10 s" are measured on the clock the installation itself runs on (token
 * `at` stamps and the moment the status changed), however slow the machine is: no wall-clock assertion.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../config/schema.ts';
import type { Installation } from '../../server/installation.ts';
import type { ServiceStatus, VerseEnd, VerseStart, VerseToken } from '../../protocol/events.ts';
import { ManualClock } from '../helpers/manualClock.ts';
import { FakeBackend, type FakeScript } from '../helpers/fakeGenerator.ts';
import { client, next, startTestInstallation, type Client } from '../helpers/installation.ts';

const WATCHDOG_MS = 500;
/** The bar: a healthy generator or the fallback writes within this long after the fault. */
const RECOVERY_MS = 10_000;
/** How far the test moves the clock at a time (the resolution of the measurements). */
const STEP_MS = 10;
const MODEL: ConfigInput['model'] = { supervision: { tokenTimeout: WATCHDOG_MS / 1000, loadTimeout: 2, retryMin: 0.05, retryMax: 0.5 }, fallback: [{ name: 'verse-en' }] };

const open: Array<{ inst: Installation; sockets: Client[] }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    for (const s of o.sockets) s.close();
    await o.inst.close();
  }
});

/** What the installation did, stamped with its own clock. */
interface Log {
  starts: VerseStart[];
  tokens: VerseToken[];
  ends: VerseEnd[];
  status: Array<ServiceStatus & { at: number }>;
}

/**
 * An installation on a manual clock over fake backends, with a display connected before the model's
 * first load completes (so it sees every verse).
 */
async function start(primary: FakeBackend, fallback: FakeBackend): Promise<{ inst: Installation; clock: ManualClock; d: Client; log: Log; shown: Log }> {
  const clock = new ManualClock();
  let release!: () => void;
  const connected = new Promise<void>((resolve) => (release = resolve));
  const own = primary.script.beforeLoad;
  primary.script.beforeLoad = (n) => (n === 0 ? connected : own?.(n));
  const createGenerator = primary.factory((spec) => spec.model.name === 'tang-poet-zh', fallback.factory());
  const inst = await startTestInstallation({ model: MODEL, params: { tempo: 0, verse_gap: 0.05 } }, { createGenerator, clock });
  const entry = { inst, sockets: [] as Client[] };
  open.push(entry);
  const log: Log = { starts: [], tokens: [], ends: [], status: [] };
  inst.loop.events.on('verse:start', (s) => log.starts.push(s));
  inst.loop.events.on('verse:token', (t) => log.tokens.push(t));
  inst.loop.events.on('verse:end', (e) => log.ends.push(e));
  inst.generator.events.on('status', (s) => log.status.push({ ...s, at: clock.now() }));
  const d = client(inst, '/display');
  entry.sockets.push(d);
  const shown: Log = { starts: [], tokens: [], ends: [], status: [] };
  d.on('verse:start', (s) => shown.starts.push(s));
  d.on('verse:token', (t) => shown.tokens.push(t));
  d.on('verse:end', (e) => shown.ends.push(e));
  // The page's `state` carries the installation's time, not the machine's.
  expect((await next(d, 'state')).serverTime).toBe(clock.now());
  release();
  return { inst, clock, d, log, shown };
}

/** Moves the installation's clock in small steps until `done`; fails past `limitMs` of its time. */
async function drive(clock: ManualClock, done: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const end = clock.now() + limitMs;
  while (!done()) {
    if (clock.now() >= end) throw new Error(`${what}: not within ${limitMs} ms of the installation's clock`);
    await clock.advance(STEP_MS);
  }
}

/** No display ever sees an empty verse: every announced verse gets text, every ended verse has text. */
function expectNoEmptyVerse(seen: Log): void {
  for (const s of seen.starts) expect(seen.tokens.some((t) => t.id === s.id && t.text.length > 0)).toBe(true);
  for (const e of seen.ends) expect(e.text.length).toBeGreaterThan(0);
}

const faults: Array<[string, FakeScript, string]> = [
  ['hangs mid-verse', { verse: (n) => (n === 1 ? { tokens: 3, then: 'hang' } : { then: 'end' }) }, `wrote no token for ${WATCHDOG_MS / 1000} s`],
  ['exits mid-verse', { verse: (n) => (n === 1 ? { tokens: 3, then: 'exit' } : { then: 'end' }) }, 'stopped while writing'],
  ['exits during a reload', { verse: (n) => (n === 1 ? { tokens: 3, then: 'exit' } : { then: 'end' }), load: (n) => (n === 1 ? 'exit' : 'ok') }, 'stopped while writing'],
  ['fails to load 3 times after a fault', { verse: (n) => (n === 1 ? { tokens: 3, then: 'exit' } : { then: 'end' }), load: (n) => (n >= 1 && n <= 3 ? 'fail' : 'ok') }, 'stopped while writing'],
];

describe('fault bar on the installation clock (clock MANUAL, generator backends FAKED)', () => {
  it.each(faults)('a fake that %s: degraded within the watchdog time, a healthy generator or the fallback writes within 10 s, no empty verse', async (_label, script, reason) => {
    const primary = new FakeBackend({ ...script, text: '明月照高楼，流光正徘徊。' });
    const fallback = new FakeBackend({ text: 'The sea is calm tonight,\nthe tide is full.\n' });
    const { inst, clock, d, log, shown } = await start(primary, fallback);
    await inst.ready;

    // The first verse is written by the model; the second meets the fault after its third token.
    await drive(clock, () => log.tokens.some((t) => t.seq === 2 && log.starts.length === 2 && t.id === log.starts[1]!.id), 'the faulty verse');
    const faulty = log.starts[1]!;
    expect(log.ends[0]).toMatchObject({ id: log.starts[0]!.id, reason: 'done' });
    const lastToken = log.tokens.find((t) => t.id === faulty.id && t.seq === 2)!;
    expect(lastToken.text).toBe('照');

    await drive(clock, () => log.status.some((s) => s.status === 'degraded' && (s.reason ?? '').includes(reason)), 'degraded');
    const degraded = log.status.find((s) => s.status === 'degraded' && (s.reason ?? '').includes(reason))!;
    expect(degraded.at - lastToken.at!).toBeLessThanOrEqual(WATCHDOG_MS);
    const health = (await (await fetch(`${inst.url}/health`)).json()) as { status: string; reason: string };
    expect(health.status).toBe('degraded');

    const recovered = (): VerseEnd | undefined => log.ends.find((e) => e.reason === 'done' && e.id !== faulty.id && e.id !== log.starts[0]!.id);
    await drive(clock, () => recovered() !== undefined, 'a verse after the fault');
    expect(log.ends.find((e) => e.id === faulty.id)).toMatchObject({ reason: 'error', text: '明月照' });
    const again = recovered()!;
    const firstToken = log.tokens.find((t) => t.id === again.id)!;
    expect(firstToken.at! - degraded.at).toBeLessThanOrEqual(RECOVERY_MS);
    expect(['tang-poet-zh', 'verse-en']).toContain(log.starts.find((s) => s.id === again.id)!.model);
    console.info(`[faults] ${_label}: degraded ${degraded.at - lastToken.at!} ms after the last token, writing again ${firstToken.at! - degraded.at} ms later (installation clock)`);

    // The display saw the same, and never an empty verse.
    await next(d, 'verse:end', (e) => e.id === again.id);
    expect(shown.ends.map((e) => e.id)).toEqual(log.ends.map((e) => e.id));
    expectNoEmptyVerse(shown);
    expectNoEmptyVerse(log);
  });

  it('a fake that exits during its first load: degraded at once, the fallback writes within 10 s, no empty verse', async () => {
    const primary = new FakeBackend({ load: (n) => (n === 0 ? 'exit' : 'hang') });
    const fallback = new FakeBackend({ text: 'The sea is calm tonight,\nthe tide is full.\n' });
    const { inst, clock, d, log, shown } = await start(primary, fallback);
    const startedAt = clock.now();
    await drive(clock, () => log.status.some((s) => (s.reason ?? '').includes('exited with code 1 while loading')), 'degraded');
    const degraded = log.status.find((s) => (s.reason ?? '').includes('exited with code 1 while loading'))!;
    expect(degraded.at - startedAt).toBeLessThanOrEqual(WATCHDOG_MS);
    await drive(clock, () => log.ends.some((e) => e.reason === 'done'), 'the fallback writes');
    const first = log.ends.find((e) => e.reason === 'done')!;
    expect(log.tokens.find((t) => t.id === first.id)!.at! - degraded.at).toBeLessThanOrEqual(RECOVERY_MS);
    expect(log.starts.find((s) => s.id === first.id)!.model).toBe('verse-en');
    await inst.ready;
    await next(d, 'verse:end', (e) => e.id === first.id);
    expectNoEmptyVerse(shown);
  });

  it('a fake that fails its first 3 loads: degraded at once, the fallback writes within 10 s, and the model heals without a restart', async () => {
    const primary = new FakeBackend({ load: (n) => (n < 3 ? 'fail' : 'ok'), text: '明月照高楼，流光正徘徊。' });
    const fallback = new FakeBackend({ text: 'The sea is calm tonight,\nthe tide is full.\n' });
    const { inst, clock, d, log, shown } = await start(primary, fallback);
    const startedAt = clock.now();
    const broken = (s: ServiceStatus): boolean => (s.reason ?? '').includes('the model file is broken');
    await drive(clock, () => log.status.some(broken), 'degraded');
    expect(log.status.find(broken)!.at - startedAt).toBeLessThanOrEqual(WATCHDOG_MS);
    await drive(clock, () => log.tokens.length > 0, 'something writes');
    expect(log.tokens[0]!.at! - log.status.find(broken)!.at).toBeLessThanOrEqual(RECOVERY_MS);
    // The retries with backoff reach the fixed model: it writes again, and the service is ok.
    await drive(clock, () => log.ends.some((e) => e.reason === 'done' && log.starts.find((s) => s.id === e.id)?.model === 'tang-poet-zh'), 'the healed model writes');
    expect(primary.loads).toBe(4);
    expect(log.status.at(-1)).toMatchObject({ status: 'ok', reason: null });
    const health = (await (await fetch(`${inst.url}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    const healed = log.ends.findLast((e) => e.reason === 'done')!;
    await next(d, 'verse:end', (e) => e.id === healed.id);
    expectNoEmptyVerse(shown);
    expectNoEmptyVerse(log);
  });
});
