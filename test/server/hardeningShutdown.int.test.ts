/**
 * @module test/server/hardeningShutdown
 * SIGTERM while the model is still loading: nothing may start after close. On a real installation (real
 * socket.io, real SQLite) whose generator backend is FAKED (a load held until the test lets it finish, so it
 * finishes while the installation is closing), and on the verse loop itself (with the same fake).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../engine/clock.ts';
import { ENGINE_PARAMS } from '../../engine/engineParams.ts';
import { engineSurface } from '../../engine/control/controlSurface.ts';
import { GeneratorSupervisor } from '../../engine/supervisor/generatorSupervisor.ts';
import { PromptQueue } from '../../engine/promptQueue.ts';
import { QueueStore } from '../../engine/queueStore.ts';
import { VerseLoop } from '../../engine/verseLoop.ts';
import type { LoopState } from '../../engine/verseLoopEvents.ts';
import { FakeBackend } from '../helpers/fakeGenerator.ts';
import { startTestInstallation } from '../helpers/installation.ts';
import { registry } from '../helpers/realModel.ts';

/** Lets every pending promise chain run, and one turn of I/O: a loop that was started would have begun writing by then. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('shutdown while the model loads (generator FAKED)', () => {
  it('a load that finishes while the installation closes starts no verse, takes no prompt, and its generator is closed', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const backend = new FakeBackend({ beforeLoad: (n) => (n === 0 ? held : undefined) });
    const loaded = new Promise<void>((resolve) => backend.watch(() => backend.loads >= 1 && resolve()));
    const data = mkdtempSync(path.join(os.tmpdir(), 'inkverse-shutdown-'));
    const inst = await startTestInstallation({ data, model: { fallback: [] } }, { createGenerator: backend.factory() });
    inst.queue.submit('江上秋月', 'visitor', 'kiosk-a');
    const states: LoopState[] = [];
    inst.loop.events.on('state', (s) => states.push(s));
    const outcome = inst.ready.then(
      () => 'ready',
      () => 'refused',
    );

    const closed = inst.close({ graceMs: 0 });
    release(); // the model is ready now, while the installation is closing
    await closed;
    await loaded;

    expect(await outcome).toBe('refused');
    expect(states).not.toContain('writing');
    expect(inst.loop.state).toBe('stopped');
    expect(backend.verses).toBe(0);
    expect(backend.made).toHaveLength(1);
    expect(backend.made[0]!.closed).toBe(true);
    expect(backend.made[0]!.info.state).not.toBe('ready');
    // The prompt is still waiting on disk, untouched: no attempt counted, no verse journaled.
    const store = new QueueStore({ dir: data, now: systemClock.now });
    try {
      expect(store.load().map((p) => [p.text, p.attempts ?? 0])).toEqual([['江上秋月', 0]]);
      expect(store.running()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('the supervisor: a load that finishes after close is closed again, so no generator outlives it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const backend = new FakeBackend({ beforeLoad: () => held });
    const loaded = new Promise<void>((resolve) => backend.watch(() => backend.loads >= 1 && resolve()));
    const tang = registry.get('tang-poet-zh');
    const sup = new GeneratorSupervisor({ candidates: [{ label: 'tang-poet-zh on cpu', profile: tang, create: () => backend.create(tang.name) }], clock: systemClock });
    const ready = sup.load().then(
      () => 'ready',
      () => 'refused',
    );
    await sup.close();
    release(); // the backend finishes loading only now
    await loaded;
    await turn();
    expect(await ready).toBe('refused');
    expect(backend.made).toHaveLength(1);
    expect(backend.made[0]!.info.state).not.toBe('ready');
    expect(sup.info.state).not.toBe('ready');
  });

  it('the verse loop: start after pause resumes writing; start after close does nothing', async () => {
    const tang = registry.get('tang-poet-zh');
    const backend = new FakeBackend();
    const generator = backend.create('tang-poet-zh');
    await generator.load();
    const params = engineSurface({ tempo: 0, verse_gap: 0.01 });
    const loop = new VerseLoop({ generator, model: tang, params, queue: new PromptQueue(), clock: systemClock, seed: 1, attract: ['秋风'] });
    const endOf = (): Promise<void> =>
      new Promise((resolve) => {
        const off = loop.events.on('verse:end', () => (off(), resolve()));
      });

    loop.start();
    await endOf();
    await loop.pause();
    expect(loop.state).toBe('stopped');
    loop.start(); // opening time again
    await endOf();
    await loop.close();

    const states: LoopState[] = [];
    loop.events.on('state', (s) => states.push(s));
    const verses = backend.verses;
    loop.start();
    await turn();
    await turn();
    expect(states).toEqual([]);
    expect(loop.state).toBe('stopped');
    expect(backend.verses).toBe(verses);
    await loop.close(); // closing twice is fine
    await generator.close();
  });
});
