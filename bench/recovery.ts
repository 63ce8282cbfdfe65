/**
 * @module bench/recovery: how fast supervision notices a fault and writes again, and what the watchdog
 * costs per token. Real worker (shipped Tang model) terminated mid-verse; FAKE backends (test helper) for a
 * hang with a fallback; a plain fake stream with and without the supervisor for the per-token cost.
 */
import { systemClock } from '../engine/clock.ts';
import { ENGINE_PARAMS } from '../engine/engineParams.ts';
import type { Generator } from '../engine/generator.ts';
import { engineSurface } from '../engine/control/controlSurface.ts';
import { PromptQueue } from '../engine/promptQueue.ts';
import { GeneratorSupervisor, type Candidate } from '../engine/supervisor/generatorSupervisor.ts';
import { TransformersGenerator } from '../engine/transformersGenerator.ts';
import { VerseLoop } from '../engine/verseLoop.ts';
import { FakeBackend } from '../test/helpers/fakeGenerator.ts';
import { registry } from '../test/helpers/realModel.ts';
import type { BenchDefinition } from './benchDefinition.ts';

export interface RecoveryRow {
  scenario: string;
  /** Fault to `degraded` (ms). */
  detectMs: number;
  /** Fault to the next token written (ms). */
  writeMs: number;
}

const tang = registry.get('tang-poet-zh');
const english = registry.get('verse-en');

/** Runs a loop over `candidates`, calls `fault` once at `atToken`, and times degraded and the next token. */
async function scenario(name: string, candidates: Candidate[], fault: (sup: GeneratorSupervisor) => void, o: { tokenTimeoutMs: number; tempo: number }): Promise<RecoveryRow> {
  const params = engineSurface({ tempo: o.tempo, verse_gap: 0.05, max_tokens: 24, drafts: 0 });
  const sup = new GeneratorSupervisor({ candidates, clock: systemClock, tokenTimeoutMs: o.tokenTimeoutMs, retryMinMs: 100, retryMaxMs: 1000 });
  const loop = new VerseLoop({ generator: sup, model: tang, params, queue: new PromptQueue(), clock: systemClock, seed: 1, attract: ['秋风'] });
  let faultAt = 0;
  let detectMs = 0;
  const done = new Promise<number>((resolve) => {
    loop.events.on('verse:token', (t) => {
      if (!faultAt && t.seq === 2) {
        faultAt = performance.now();
        fault(sup);
      } else if (faultAt && detectMs) resolve(performance.now() - faultAt);
    });
    sup.events.on('status', (s) => {
      if (faultAt && !detectMs && s.status === 'degraded') detectMs = performance.now() - faultAt;
    });
  });
  await sup.load();
  loop.start();
  const writeMs = await done;
  await loop.close();
  await sup.close();
  return { scenario: name, detectMs: Math.round(detectMs), writeMs: Math.round(writeMs) };
}

export async function benchRecovery(): Promise<{ rows: RecoveryRow[]; perTokenUs: { bare: number; supervised: number } }> {
  const rows: RecoveryRow[] = [];
  const engine = engineSurface({ max_tokens: 24, drafts: 0 });
  const made: TransformersGenerator[] = [];
  const real: Candidate = {
    label: 'tang-poet-zh on cpu',
    profile: tang,
    create: () => {
      const g = new TransformersGenerator({ model: tang, device: 'cpu', dtype: 'auto', params: engine });
      made.push(g);
      return g;
    },
  };
  // The kill waits until the worker has parked for its next credit (tempo 4: 250 ms between tokens).
  rows.push(await scenario('real worker terminated mid-verse (restart, same model)', [real], () => setTimeout(() => void made.at(-1)!.worker!.terminate(), 120), { tokenTimeoutMs: 20_000, tempo: 4 }));
  const hang = new FakeBackend({ verse: (n) => (n === 0 ? { tokens: 3, then: 'hang' } : { then: 'end' }) });
  const healthy = new FakeBackend({ text: 'The sea is calm tonight,\nthe tide is full.\n' });
  rows.push(
    await scenario(
      'fake hangs mid-verse, token watchdog 1 s, fake fallback',
      [
        { label: 'tang-poet-zh on cpu', profile: tang, create: () => hang.create() },
        { label: 'verse-en on cpu', profile: english, create: () => healthy.create('verse-en') },
      ],
      () => {},
      { tokenTimeoutMs: 1000, tempo: 0 },
    ),
  );
  engine.dispose();
  return { rows, perTokenUs: await perTokenCost() };
}

/** Microseconds per token of a fake stream read bare, and through the supervisor (its watchdog per token). */
async function perTokenCost(): Promise<{ bare: number; supervised: number }> {
  const text = '春风吹柳绿，细雨润花红。'.repeat(200);
  const tokens = [...text].length;
  const backend = new FakeBackend({ text });
  const time = async (g: Generator): Promise<number> => {
    await g.load();
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) for await (const _ of g.generate({ input: '', body: '', seed: 1 }));
    return ((performance.now() - t0) * 1000) / (5 * tokens);
  };
  const bare = await time(backend.create());
  const sup = new GeneratorSupervisor({ candidates: [{ label: 'fake', profile: tang, create: () => backend.create() }], clock: systemClock });
  const supervised = await time(sup);
  await sup.close();
  return { bare: Math.round(bare * 10) / 10, supervised: Math.round(supervised * 10) / 10 };
}

/** `npm run bench -- recovery`. */
export const bench: BenchDefinition = {
  async run() {
    const r = await benchRecovery();
    const figures: Record<string, number> = { recovery_per_token_bare_us: r.perTokenUs.bare, recovery_per_token_supervised_us: r.perTokenUs.supervised };
    r.rows.forEach((row, i) => Object.assign(figures, { [`recovery_${i}_degraded_ms`]: row.detectMs, [`recovery_${i}_next_token_ms`]: row.writeMs }));
    return {
      figures,
      markdown: [
        '## Supervision: fault to degraded, and to the next token written',
        '',
        '| scenario | fault -> degraded | fault -> next token |',
        '| --- | --- | --- |',
        ...r.rows.map((row) => `| ${row.scenario} | ${row.detectMs} ms | ${row.writeMs} ms |`),
        '',
        `Per token, a fake stream read bare: ${r.perTokenUs.bare} µs; through the supervisor and its watchdog: ${r.perTokenUs.supervised} µs.`,
      ],
    };
  },
};
