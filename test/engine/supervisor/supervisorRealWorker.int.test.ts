/**
 * @module test/engine/supervisorRealWorker
 * The supervisor over the real TransformersGenerator (real worker thread, shipped Tang model) whose worker
 * is terminated through its test hook: during the load (a load that would otherwise never settle) and
 * mid-verse. Both recover: the worker is restarted and the room writes again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../engine/clock.ts';
import { ENGINE_PARAMS } from '../../../engine/engineParams.ts';
import { engineSurface } from '../../../engine/control/controlSurface.ts';
import { PromptQueue } from '../../../engine/promptQueue.ts';
import { GeneratorSupervisor } from '../../../engine/supervisor/generatorSupervisor.ts';
import { TransformersGenerator } from '../../../engine/transformersGenerator.ts';
import { VerseLoop } from '../../../engine/verseLoop.ts';
import type { ServiceStatus, VerseEnd, VerseStart, VerseToken } from '../../../protocol/events.ts';
import { registry } from '../../helpers/realModel.ts';

const model = registry.get('tang-poet-zh');

interface Rig {
  made: TransformersGenerator[];
  sup: GeneratorSupervisor;
  loop: VerseLoop;
  statuses: ServiceStatus[];
  starts: VerseStart[];
  ends: VerseEnd[];
  until(done: () => boolean): Promise<void>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.loop.close();
    await r.sup.close();
  }
});

function rig(onCreate: (g: TransformersGenerator, n: number) => void, onToken: (t: VerseToken, r: Rig) => void = () => {}): Rig {
  const params = engineSurface({ tempo: 4, verse_gap: 0.05, max_tokens: 24, drafts: 0 });
  const made: TransformersGenerator[] = [];
  const sup = new GeneratorSupervisor({
    candidates: [
      {
        label: 'tang-poet-zh on cpu',
        profile: model,
        create: () => {
          const g = new TransformersGenerator({ model, device: 'cpu', dtype: 'auto', params, threads: 1 });
          made.push(g);
          onCreate(g, made.length - 1);
          return g;
        },
      },
    ],
    clock: systemClock,
    retryMinMs: 100,
    retryMaxMs: 1000,
  });
  const loop = new VerseLoop({ generator: sup, model, params, queue: new PromptQueue(), clock: systemClock, seed: 1, attract: ['秋风'] });
  const checks = new Set<() => void>();
  const poke = (): void => [...checks].forEach((c) => c());
  const r: Rig = {
    made,
    sup,
    loop,
    statuses: [],
    starts: [],
    ends: [],
    until: (done) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (done()) (checks.delete(check), resolve());
        };
        checks.add(check);
        check();
      }),
  };
  sup.events.on('status', (s) => (r.statuses.push(s), poke()));
  loop.events.on('verse:start', (s) => (r.starts.push(s), poke()));
  loop.events.on('verse:token', (t) => onToken(t, r));
  loop.events.on('verse:end', (e) => (r.ends.push(e), poke()));
  rigs.push(r);
  sup.load().then(
    () => loop.start(),
    () => {},
  );
  return r;
}

describe('GeneratorSupervisor over the real TransformersGenerator (real worker, shipped Tang model)', () => {
  it('a worker terminated during its load: load() fails instead of hanging, the worker is restarted, and verses are written', async () => {
    // Terminated as soon as it is spawned (before it touches ONNX Runtime, so the kill itself is safe).
    const r = rig((g, n) => n === 0 && queueMicrotask(() => void g.worker?.terminate()));
    await r.until(() => r.ends.some((e) => e.reason === 'done'));
    expect(r.statuses.some((s) => s.status === 'degraded' && /exited with code \d+ while loading/.test(s.reason ?? ''))).toBe(true);
    expect(r.made).toHaveLength(2);
    expect(r.made[0]!.info.state).toBe('failed');
    expect(r.sup.status).toEqual({ status: 'ok', reason: null });
    for (const e of r.ends) expect(e.text.length).toBeGreaterThan(0);
  });

  it('a worker terminated mid-verse: the verse ends with reason error, the worker is restarted, and the next verse is written', async () => {
    let killed = false;
    const r = rig(
      () => {},
      (t, rig) => {
        if (killed || t.seq !== 2) return;
        killed = true;
        const worker = rig.made.at(-1)!.worker!;
        // Token by token (drafts 0): at tempo 4 the loop asks for the next token 250 ms after this one, and the worker, having computed
        // it within a few ms, waits for that request in Atomics.wait. Terminating it there, not inside an
        // ONNX Runtime call (which can abort the whole process), is what this delay is for; nothing is timed.
        setTimeout(() => void worker.terminate(), 120);
      },
    );
    await r.until(() => r.ends.length >= 1);
    const [broken] = r.ends;
    expect(broken!.reason).toBe('error');
    expect([...broken!.text].length).toBeGreaterThanOrEqual(3);
    await r.until(() => r.ends.some((e) => e.reason === 'done'));
    expect(r.statuses.some((s) => s.status === 'degraded' && (s.reason ?? '').includes('stopped while writing'))).toBe(true);
    expect(r.made).toHaveLength(2);
    expect(r.sup.status).toEqual({ status: 'ok', reason: null });
    for (const e of r.ends) expect(e.text.length).toBeGreaterThan(0);
  });
});
