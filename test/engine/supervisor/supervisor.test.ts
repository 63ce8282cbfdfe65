/**
 * @module test/engine/supervisor
 * The generator supervisor under the real VerseLoop, driven by a scripted FAKE generator backend (the only
 * way to make a backend hang, throw or exit on cue): watchdog, restart with backoff, the fallback chain,
 * replays, healing, and that no verse is ever announced empty.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../../engine/archive.ts';
import { systemClock } from '../../../engine/clock.ts';
import { ENGINE_PARAMS } from '../../../engine/engineParams.ts';
import { engineSurface } from '../../../engine/control/controlSurface.ts';
import { PromptQueue } from '../../../engine/promptQueue.ts';
import { ReplayGenerator } from '../../../engine/replayGenerator.ts';
import { GeneratorSupervisor, type Candidate, type SupervisorOptions } from '../../../engine/supervisor/generatorSupervisor.ts';
import { VerseLoop } from '../../../engine/verseLoop.ts';
import type { ServiceStatus, VerseEnd, VerseStart, VerseToken } from '../../../protocol/events.ts';
import { FakeBackend, type FakeScript } from '../../helpers/fakeGenerator.ts';
import { registry } from '../../helpers/realModel.ts';

const tang = registry.get('tang-poet-zh');
const english = registry.get('verse-en');
/** Short watchdog and backoff, so faults are found and retried quickly on a loaded machine. */
const FAST = { tokenTimeoutMs: 400, loadTimeoutMs: 400, retryMinMs: 50, retryMaxMs: 200 } satisfies Partial<SupervisorOptions>;

interface Run {
  sup: GeneratorSupervisor;
  loop: VerseLoop;
  queue: PromptQueue;
  starts: VerseStart[];
  tokens: VerseToken[];
  ends: VerseEnd[];
  statuses: ServiceStatus[];
  /** Resolves once `done` holds, checked after every loop or status event. */
  until(done: () => boolean): Promise<void>;
}

const running: Run[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.loop.close();
    await r.sup.close();
  }
});

function fakeCandidate(backend: FakeBackend, label = 'tang-poet-zh on cpu', profile = tang): Candidate & { backend: FakeBackend } {
  return { label, profile, create: () => backend.create(profile.name), backend };
}

function run(candidates: Array<Candidate & { backend?: FakeBackend }>, options: Partial<SupervisorOptions> = {}, archive: Archive | null = null): Run {
  const sup = new GeneratorSupervisor({ ...FAST, ...options, candidates, clock: systemClock });
  const queue = new PromptQueue();
  const params = engineSurface({ tempo: 0, verse_gap: 0.01 });
  const loop = new VerseLoop({ generator: sup, model: tang, params, queue, clock: systemClock, seed: 1, attract: ['秋风'], archive });
  const checks = new Set<() => void>();
  const r: Run = {
    sup,
    loop,
    queue,
    starts: [],
    tokens: [],
    ends: [],
    statuses: [],
    until: (done) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (!done()) return;
          checks.delete(check);
          resolve();
        };
        checks.add(check);
        check();
      }),
  };
  const poke = (): void => [...checks].forEach((c) => c());
  loop.events.on('verse:start', (s) => (r.starts.push(s), poke()));
  loop.events.on('verse:token', (t) => (r.tokens.push(t), poke()));
  loop.events.on('verse:end', (e) => (r.ends.push(e), poke()));
  sup.events.on('status', (s) => (r.statuses.push(s), poke()));
  running.push(r);
  for (const c of candidates) c.backend?.watch(poke);
  sup.load().then(
    () => loop.start(),
    () => {}, // closed before anything could write
  );
  return r;
}

/** Every announced verse got tokens, and every verse that ended had text: no display ever sees an empty verse. */
function expectNoEmptyVerse(r: Run): void {
  for (const s of r.starts) expect(r.tokens.some((t) => t.id === s.id && t.text.length > 0)).toBe(true);
  for (const e of r.ends) expect(e.text.length).toBeGreaterThan(0);
  // An end is only ever sent for a verse that was announced.
  for (const e of r.ends) expect(r.starts.map((s) => s.id)).toContain(e.id);
}

const doneVerses = (r: Run, n: number) => () => r.ends.filter((e) => e.reason === 'done').length >= n;

describe('GeneratorSupervisor with a FAKE generator backend', () => {
  it('a fake that fails to load twice: degraded with the reason, then ok, and the loop starts without a restart', async () => {
    const backend = new FakeBackend({ load: (n) => (n < 2 ? 'fail' : 'ok') });
    const r = run([fakeCandidate(backend)]);
    await r.until(doneVerses(r, 1));
    expect(backend.loads).toBe(3);
    const degraded = r.statuses.filter((s) => s.status === 'degraded');
    expect(degraded.some((s) => s.reason?.includes('could not load: fake backend: the model file is broken'))).toBe(true);
    expect(r.statuses.at(-1)).toEqual({ status: 'ok', reason: null });
    expect(r.starts[0]).toMatchObject({ source: 'attract', model: 'tang-poet-zh' });
    expectNoEmptyVerse(r);
  });

  it('a fake that throws mid-verse: verse:end with reason error, and the next verse starts', async () => {
    const backend = new FakeBackend({ verse: (n) => (n === 0 ? { tokens: 3, then: 'throw' } : { then: 'end' }) });
    const r = run([fakeCandidate(backend)]);
    await r.until(doneVerses(r, 1));
    expect(r.ends[0]).toMatchObject({ reason: 'error', text: '春风吹' });
    expect(r.ends[1]).toMatchObject({ reason: 'done' });
    expect(r.starts[1]!.id).not.toBe(r.starts[0]!.id);
    // One error is not a fault: the same generator goes on writing.
    expect(backend.made).toHaveLength(1);
    expectNoEmptyVerse(r);
  });

  it('a fake that hangs mid-verse: the token watchdog ends the verse, degrades, restarts it, and writing resumes', async () => {
    const backend = new FakeBackend({ verse: (n) => (n === 0 ? { tokens: 2, then: 'hang' } : { then: 'end' }) });
    const r = run([fakeCandidate(backend)]);
    await r.until(doneVerses(r, 1));
    expect(r.ends[0]).toMatchObject({ reason: 'error', text: '春风' });
    expect(r.statuses.find((s) => s.status === 'degraded' && s.reason?.includes('wrote no token for 0.4 s'))).toBeDefined();
    expect(backend.made[0]!.closed).toBe(true);
    expect(backend.made).toHaveLength(2);
    expect(r.sup.status.status).toBe('ok');
    expectNoEmptyVerse(r);
  });

  it('drafting goes through the supervisor: a fake that hangs while drafting a line is found by the watchdog and restarted', async () => {
    const backend = new FakeBackend({ draft: (n) => (n === 1 ? 'hang' : 'ok'), verse: () => ({ tokens: 0, then: 'throw' }) });
    const r = run([fakeCandidate(backend)]);
    await r.until(doneVerses(r, 1));
    // Written from drafts only (streaming would throw): the first line came, then the second draft hung.
    expect(r.ends[0]).toMatchObject({ reason: 'error', text: '春风吹柳绿，' });
    expect(r.ends.find((e) => e.reason === 'done')!.text).toBe('春风吹柳绿，细雨润花红。');
    expect(r.statuses.some((s) => s.reason?.includes('drafted nothing for 0.4 s'))).toBe(true);
    expect(backend.verses).toBe(0);
    expect(backend.made).toHaveLength(2);
    expectNoEmptyVerse(r);
  });

  it('skip ends a verse at once even while a fake hangs', async () => {
    const backend = new FakeBackend({ verse: (n) => (n === 0 ? { tokens: 2, then: 'hang' } : { then: 'end' }) });
    const r = run([fakeCandidate(backend)], { tokenTimeoutMs: 600_000 });
    await r.until(() => r.tokens.length >= 2);
    expect(r.loop.skip()).toBe(true);
    await r.until(() => r.ends.length >= 1);
    expect(r.ends[0]).toMatchObject({ reason: 'skipped', text: '春风' });
  });

  it('a fake that exits mid-verse is restarted, and writing resumes', async () => {
    const backend = new FakeBackend({ verse: (n) => (n === 0 ? { tokens: 4, then: 'exit' } : { then: 'end' }) });
    const r = run([fakeCandidate(backend)]);
    await r.until(doneVerses(r, 1));
    expect(r.ends[0]).toMatchObject({ reason: 'error', text: '春风吹柳' });
    expect(r.statuses.some((s) => s.reason?.includes('stopped while writing'))).toBe(true);
    expect(backend.made).toHaveLength(2);
    expectNoEmptyVerse(r);
  });

  it('a fake whose worker exits between verses is found before the next verse and restarted', async () => {
    const backend = new FakeBackend();
    const r = run([fakeCandidate(backend)]);
    r.loop.events.on('verse:end', () => r.ends.length === 1 && backend.made[0]!.exit());
    await r.until(doneVerses(r, 2));
    expect(r.statuses.some((s) => s.status === 'degraded' && s.reason?.includes('stopped between verses (failed)'))).toBe(true);
    expect(backend.made).toHaveLength(2);
    expect(r.ends.map((e) => e.reason)).toEqual(['done', 'done']);
    expectNoEmptyVerse(r);
  });

  it.each([
    ['exits during load', (n: number) => (n === 0 ? 'exit' : 'ok'), 'exited with code 1 while loading'],
    ['hangs during load', (n: number) => (n === 0 ? 'hang' : 'ok'), 'did not load within 0.4 s'],
  ] as const)('a fake that %s: degraded with the reason, retried, then writes', async (_label, load, reason) => {
    const backend = new FakeBackend({ load });
    const r = run([fakeCandidate(backend)]);
    await r.until(doneVerses(r, 1));
    expect(r.statuses.some((s) => s.status === 'degraded' && s.reason?.includes(reason))).toBe(true);
    expect(backend.made[0]!.closed).toBe(true);
    expect(r.sup.status.status).toBe('ok');
    expectNoEmptyVerse(r);
  });

  it('a fake that throws before its first token: that verse is never announced, and the next one is written', async () => {
    const backend = new FakeBackend({ verse: (n) => (n < 1 ? { tokens: 0, then: 'throw' } : { then: 'end' }) });
    const r = run([fakeCandidate(backend)]);
    await r.until(() => backend.verses >= 1);
    await r.until(doneVerses(r, 1));
    expect(r.starts).toHaveLength(1);
    expect(r.ends).toEqual([expect.objectContaining({ reason: 'done' })]);
    expectNoEmptyVerse(r);
  });

  it('falls back down the chain while the first fake cannot load, then swaps back between verses once it heals', async () => {
    const primary = new FakeBackend({ load: (n) => (n < 3 ? 'fail' : 'ok'), text: '明月照高楼，流光正徘徊。' });
    const fallback = new FakeBackend({ text: 'The sea is calm tonight,\nthe tide is full.\n' });
    const r = run([fakeCandidate(primary), fakeCandidate(fallback, 'verse-en on cpu', english)]);
    await r.until(() => r.ends.some((e) => e.reason === 'done' && e.text.includes('The sea')));
    const meanwhile = r.statuses.find((s) => s.reason?.includes('writing with verse-en on cpu meanwhile'));
    expect(meanwhile?.status).toBe('degraded');
    const english1 = r.starts.find((s) => s.model === 'verse-en');
    expect(english1).toBeDefined();
    await r.until(() => r.ends.some((e) => e.reason === 'done' && e.text.includes('明月')));
    expect(r.sup.status).toEqual({ status: 'ok', reason: null });
    // The spare fallback is freed once the model writes again.
    await r.until(() => fallback.made.every((g) => g.closed));
    expectNoEmptyVerse(r);
  });

  it('replays archived verses, marked as replays, while no model can write; visitor prompts wait', async () => {
    const archive = new Archive(mkdtempSync(path.join(os.tmpdir(), 'inkverse-replay-')));
    const base = { source: 'attract' as const, model: 'tang-poet-zh', device: 'cpu', seed: 1, params: {}, lines: [], startedAt: '', endedAt: '', firstTokenMs: 1, tokens: 9, paramChanges: [] };
    archive.save({ ...base, id: 'a1', prompt: '秋风', text: '秋风起白云，草木黄落兮。', reason: 'done', endedAt: '2026-01-01T00:00:00Z' });
    archive.save({ ...base, id: 'a2', prompt: '残稿', text: '', reason: 'error', endedAt: '2026-01-02T00:00:00Z' });
    const broken = new FakeBackend({ load: () => 'fail' });
    const replay: Candidate = { label: 'replays of archived verses', profile: null, create: () => new ReplayGenerator({ source: archive, profiles: [tang], seed: 1 }) };
    const r = run([fakeCandidate(broken), replay], {}, archive);
    r.queue.submit('江上秋月', 'visitor', 'kiosk-1');
    await r.until(() => r.ends.length >= 2);
    for (const s of r.starts) expect(s).toMatchObject({ replay: true, prompt: '秋风', model: 'tang-poet-zh', source: 'attract' });
    expect(r.ends.map((e) => e.text)).toEqual(['秋风起白云，草木黄落兮。', '秋风起白云，草木黄落兮。']);
    expect(r.queue.size).toBe(1);
    expect(r.sup.status.reason).toContain('writing with replays of archived verses meanwhile');
    // Replays are not archived again.
    expect(archive.count()).toBe(2);
    expectNoEmptyVerse(r);
    await r.loop.close();
    archive.close();
  });

  it('replays cover the wait while a slower fallback loads, and the fallback takes over once ready', async () => {
    const archive = new Archive(mkdtempSync(path.join(os.tmpdir(), 'inkverse-replay-')));
    const base = { source: 'attract' as const, model: 'tang-poet-zh', device: 'cpu', seed: 1, params: {}, lines: [], startedAt: '', endedAt: '', firstTokenMs: 1, tokens: 9, paramChanges: [] };
    archive.save({ ...base, id: 'a1', prompt: '秋风', text: '秋风起白云，草木黄落兮。', reason: 'done' });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const broken = new FakeBackend({ load: () => 'fail' });
    const slow = new FakeBackend({ beforeLoad: () => held, text: 'The sea is calm tonight,\nthe tide is full.\n' });
    const replay: Candidate = { label: 'replays of archived verses', profile: null, create: () => new ReplayGenerator({ source: archive, profiles: [tang], seed: 1 }) };
    const r = run([fakeCandidate(broken), fakeCandidate(slow, 'verse-en on cpu', english), replay], {}, archive);
    await r.until(() => r.ends.length >= 1);
    expect(r.starts[0]).toMatchObject({ replay: true });
    release();
    await r.until(() => r.ends.some((e) => e.text.includes('The sea')));
    expect(r.starts.at(-1)).toMatchObject({ model: 'verse-en' });
    expect(r.starts.at(-1)!.replay).toBeUndefined();
    expect(r.sup.status.reason).toContain('writing with verse-en on cpu meanwhile');
    expectNoEmptyVerse(r);
    await r.loop.close();
    archive.close();
  });

  it('announces nothing while nothing can write, and says why', async () => {
    const broken = new FakeBackend({ load: () => 'fail' });
    const r = run([fakeCandidate(broken)]);
    await r.until(() => broken.loads >= 3);
    expect(r.starts).toEqual([]);
    expect(r.loop.current()).toBeNull();
    expect(r.sup.status.status).toBe('degraded');
    expect(r.sup.status.reason).toContain('nothing can write until it recovers');
    expect(r.sup.info.state).not.toBe('ready');
  });
});
