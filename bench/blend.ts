/**
 * @module bench/blend: what the style fader costs to decode. The shipped Tang model alone against the same model with
 * the sample artist voice (li-shangyin-zh) as its blend model at `blend` 0.5, both in their worker as the verse loop
 * drives them: streamed verses (one row) and drafted lines (four rows), on the same seeds, one CPU thread each. Rounds
 * alternate the two (which goes first rotates), so what else loads the machine falls on both alike; the figure is the
 * blended path's CPU time per token over the single model's (`blend_cpu_cost_ratio`, about 2: both models run every
 * token), with wall-clock rates beside it.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';
import { engineSurface } from '../engine/control/controlSurface.ts';
import { ModelRegistry, applyTemplate } from '../engine/modelRegistry.ts';
import { TransformersGenerator } from '../engine/transformersGenerator.ts';
import type { BenchDefinition, Figure } from './benchDefinition.ts';
import { stats } from './benchReport.ts';

export interface BlendBenchOptions {
  /** Alternating rounds (each path once per round), after one untimed warm-up round. */
  rounds: number;
  /** Verses (streamed) and lines (drafted) per path per round. */
  verses: number;
  model: string;
  blend: string;
}

const DEFAULTS = { rounds: 5, verses: 3, model: 'tang-poet-zh', blend: 'li-shangyin-zh' } satisfies BlendBenchOptions;
const QUICK = { rounds: 3, verses: 2 } satisfies Partial<BlendBenchOptions>;
const PROMPTS = ['秋风', '明月', '江南', '孤舟'];

type Mode = 'streamed' | 'drafted4';

/** Tokens written by one path in one block, with its wall and CPU time. */
async function block(g: TransformersGenerator, input: (i: number) => string, verses: number, mode: Mode): Promise<{ tokens: number; wallMs: number; cpuUs: number }> {
  const start = performance.now();
  const before = process.cpuUsage();
  let tokens = 0;
  for (let v = 0; v < verses; v++) {
    if (mode === 'streamed') for await (const _ of g.generate({ input: input(v), body: '', seed: v + 1 })) tokens++;
    else tokens += (await g.draft({ input: input(v), body: '', seed: v + 1, count: 4, maxTokens: 12 })).reduce((n, r) => n + r.tokens.length + 1, 0);
  }
  const used = process.cpuUsage(before);
  return { tokens, wallMs: performance.now() - start, cpuUs: used.user + used.system };
}

export async function benchBlend(options: Partial<BlendBenchOptions> = {}): Promise<Record<string, Figure>> {
  const o = { ...DEFAULTS, ...options };
  const registry = new ModelRegistry(path.join(PROJECT_ROOT, 'models'));
  const model = registry.get(o.model);
  const make = (blend: boolean): TransformersGenerator =>
    new TransformersGenerator({ model, device: 'cpu', dtype: 'auto', threads: 1, params: engineSurface({ tempo: 0, max_tokens: 56, blend: blend ? 0.5 : 0 }), blend: blend ? registry.get(o.blend) : null });
  const single = make(false);
  const blended = make(true);
  await Promise.all([single.load(), blended.load()]);
  const input = (i: number): string => applyTemplate(model, PROMPTS[i % PROMPTS.length]!);
  const figures: Record<string, Figure> = {};
  try {
    for (const mode of ['streamed', 'drafted4'] as Mode[]) {
      const cost: number[] = [];
      const rates = { single: [] as number[], blended: [] as number[] };
      for (let round = -1; round < o.rounds; round++) {
        const order = round % 2 === 0 ? ([['single', single], ['blended', blended]] as const) : ([['blended', blended], ['single', single]] as const);
        const got: Record<string, { tokens: number; wallMs: number; cpuUs: number }> = {};
        for (const [name, g] of order) got[name] = await block(g, input, o.verses, mode);
        if (round < 0) continue; // warm-up: the workers' code compiles
        const perToken = (x: { tokens: number; cpuUs: number }): number => x.cpuUs / x.tokens;
        cost.push(perToken(got.blended!) / perToken(got.single!));
        rates.single.push((got.single!.tokens / got.single!.wallMs) * 1000);
        rates.blended.push((got.blended!.tokens / got.blended!.wallMs) * 1000);
      }
      figures[`blend_${mode}_cpu_cost_ratio`] = stats(cost, 2);
      figures[`blend_${mode}_single_tokens_per_s`] = stats(rates.single, 1);
      figures[`blend_${mode}_blended_tokens_per_s`] = stats(rates.blended, 1);
    }
  } finally {
    await Promise.all([single.close(), blended.close()]);
  }
  return figures;
}

const median = (f: Figure | undefined): string => (typeof f === 'object' ? String(f.median) : String(f ?? ''));

export const bench: BenchDefinition = {
  async run({ quick, log }) {
    const figures = await benchBlend(quick ? QUICK : {});
    log(`blend cost: streamed ${median(figures.blend_streamed_cpu_cost_ratio)}x, drafted ${median(figures.blend_drafted4_cpu_cost_ratio)}x`);
    figures.blend_cpu_cost_ratio = figures.blend_streamed_cpu_cost_ratio!;
    const row = (mode: Mode, label: string): string =>
      `| ${label} | ${median(figures[`blend_${mode}_single_tokens_per_s`])} | ${median(figures[`blend_${mode}_blended_tokens_per_s`])} | ${median(figures[`blend_${mode}_cpu_cost_ratio`])} |`;
    return {
      figures,
      markdown: [
        `## Style fader: decode cost of blending two models (${DEFAULTS.model} + ${DEFAULTS.blend} at blend 0.5, CPU, 1 thread, medians of alternating rounds)`,
        '',
        '| path | single model tokens/s | blended tokens/s | CPU time per token, blended / single |',
        '| --- | --- | --- | --- |',
        row('streamed', 'streamed verse (1 row)'),
        row('drafted4', 'drafted lines (4 rows)'),
      ],
    };
  },
};
