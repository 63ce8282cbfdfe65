/**
 * @module bench/generation: the engine's decode rate next to plain @huggingface/transformers `generate()` on the same
 * model, weights and CPU threads. Plain: the model loaded in this thread, `generate()` with its own top-k sampling,
 * writing as many tokens per prompt as the engine's streamed verse for that prompt showed (the same work per
 * prompt read). Engine: the worker generator as the verse loop drives it, streamed token by token (credits, live
 * parameters, form and prosody at every token) and drafted line by line (1 row: the same work as plain; 4 rows:
 * the default drafting, counted in drafted tokens). One untimed round first warms every path (the worker is a fresh
 * thread per model, whose code would otherwise be timed while the JIT compiles it); then each round runs every path
 * in a block of verses, in an order that rotates from round to round (four-row drafting in a later phase of its
 * own, with plain generate() again). Rates are medians over rounds; ratios are medians of each round's ratio to
 * plain generate() (the paths of one round ran within seconds of each other).
 */
import path from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, type PreTrainedModel, type Tensor } from '@huggingface/transformers';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';
import { ENGINE_PARAMS } from '../engine/engineParams.ts';
import { ModelRegistry, applyTemplate, modelSamplingParams, type ModelInfo } from '../engine/modelRegistry.ts';
import { engineSurface } from '../engine/control/controlSurface.ts';
import { TransformersGenerator } from '../engine/transformersGenerator.ts';
import { verseWriter } from '../engine/verseWriter.ts';
import type { BenchDefinition, Figure } from './benchDefinition.ts';
import { stats } from './benchReport.ts';

export interface GenerationOptions {
  /** CPU threads for inference, the same on both sides. */
  threads: number;
  /** Interleaved rounds; each path's median round is reported. */
  rounds: number;
  /** Verses per path per round. */
  verses: number;
  /** The engine's max_tokens (a verse's worth). */
  tokens: number;
  /** Models to measure (registry names); empty: every model with weights. */
  models: string[];
  /** Measure drafting too (1 and 4 rows); off: streamed against plain only. */
  drafting: boolean;
  /** Untimed rounds first (the worker's JIT settles over the first verses). */
  warmup: number;
}

const DEFAULTS = { threads: 1, rounds: 9, verses: 8, tokens: 56, models: [], drafting: true, warmup: 1 } satisfies GenerationOptions;
/** `--quick`: the shipped Tang model streamed against plain generate(), 5 rounds of 2 verses. */
const QUICK = { rounds: 5, verses: 2, models: ['tang-poet-zh'], drafting: false, warmup: 3 } satisfies Partial<GenerationOptions>;

export type PathName = 'plain generate()' | 'engine, streamed' | 'engine, drafted (1 row)' | 'engine, drafted (4 rows)';

export interface GenerationRow {
  model: string;
  dtype: string;
  path: PathName;
  tokens: number;
  tokensPerSecond: number;
  /** tokens/s against plain generate() on the same model and threads. */
  ratio: number | null;
  /** Tokens per second of this process's CPU time (all threads): the work per token, whatever else loads the machine. */
  tokensPerCpuSecond: number;
  cpuRatio: number | null;
  /** Each round's ratios (wall, CPU time), for min/median/max. */
  roundRatios: number[];
  roundCpuRatios: number[];
  /** Streamed only: first token of a verse after the request. */
  firstTokenMs?: number;
  loadMs?: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const PROMPTS: Record<string, string[]> = { zh: ['秋风', '明月', '江南', '孤舟'], en: ['The sea', 'O night', 'The autumn wind', 'Evening bells'] };

async function plainModel(model: ModelInfo, dtype: string, threads: number): Promise<PreTrainedModel> {
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(model.dir) + path.sep;
  return AutoModelForCausalLM.from_pretrained(path.basename(model.dir), {
    device: 'cpu',
    dtype: dtype as 'q8',
    local_files_only: true,
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1, extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } },
  });
}

export async function benchGeneration(options: Partial<GenerationOptions> = {}): Promise<GenerationRow[]> {
  const o = { ...DEFAULTS, ...options };
  const registry = new ModelRegistry(path.join(PROJECT_ROOT, 'models'));
  const rows: GenerationRow[] = [];
  for (const name of registry.names()) {
    const model = registry.get(name);
    if (model.weights === 'none' || (o.models.length > 0 && !o.models.includes(name))) continue;
    const prompts = PROMPTS[model.language.split('-')[0]!] ?? PROMPTS.en!;
    const sampling = modelSamplingParams(model).params;
    for (const dtype of model.dtypes) {
      const params = engineSurface({ ...sampling, tempo: 0, max_tokens: o.tokens });
      const generator = new TransformersGenerator({ model, device: 'cpu', dtype, params, threads: o.threads });
      const t0 = performance.now();
      await generator.load();
      const loadMs = performance.now() - t0;
      env.localModelPath = path.dirname(model.dir) + path.sep;
      const tokenizer = await AutoTokenizer.from_pretrained(path.basename(model.dir), { local_files_only: true });
      const plain = await plainModel(model, dtype, o.threads);
      const paths: PathName[] = o.drafting ? ['engine, streamed', 'plain generate()', 'engine, drafted (1 row)', 'engine, drafted (4 rows)'] : ['engine, streamed', 'plain generate()'];
      const perPath = <T>(make: () => T): Record<PathName, T> => Object.fromEntries(paths.map((p) => [p, make()])) as Record<PathName, T>;
      const rates = perPath<number[]>(() => []);
      const cpuRates = perPath<number[]>(() => []);
      /** Each round's rate over plain generate()'s in the same round (wall, CPU). */
      const ratios = perPath<number[]>(() => []);
      const cpuRatios = perPath<number[]>(() => []);
      const counts = perPath(() => 0);
      const firsts: number[] = [];
      let warm = false;
      /** Tokens the streamed verse showed, by prompt and seed: what plain generate() writes for the same prompt. */
      const shown = new Map<string, number>();
      const engineVerse = async (prompt: string, seed: number, drafts: number): Promise<number> => {
        params.set({ drafts }, 'api');
        const writer = verseWriter({ generator, model, prompt, replay: false, params, judges: [] });
        let n = 0;
        const start = performance.now();
        for await (const _ of writer.stream(writer.opening, seed, new AbortController().signal)) {
          if (n++ === 0 && drafts === 0 && warm) firsts.push(performance.now() - start);
        }
        if (drafts === 0) shown.set(`${prompt}|${seed}`, n);
        return n;
      };
      const run: Record<PathName, (prompt: string, seed: number) => Promise<number>> = {
        'engine, streamed': (prompt, seed) => engineVerse(prompt, seed, 0),
        'plain generate()': async (prompt, seed) => {
          const inputs = tokenizer(applyTemplate(model, prompt), { return_tensor: true }) as unknown as Record<string, Tensor>;
          const n = Math.max(1, shown.get(`${prompt}|${seed}`) ?? o.tokens);
          const out = (await plain.generate({ ...inputs, max_new_tokens: n, min_new_tokens: n, do_sample: true, top_k: params.get('top_k'), temperature: params.get('temperature') })) as Tensor;
          return out.dims.at(-1)! - inputs.input_ids!.dims.at(-1)!;
        },
        'engine, drafted (1 row)': (prompt, seed) => engineVerse(prompt, seed, 1),
        // Four rows: every drafted token counts (a verse keeps one row in four).
        'engine, drafted (4 rows)': async (prompt, seed) => 4 * (await engineVerse(prompt, seed, 4)),
      };
      // Four-row drafting allocates four times the model outputs a step, and the worker's garbage collector keeps
      // paying for it for a while after (full collections on external-memory pressure): it runs in a phase of its
      // own after the others, so its cost lands on no other path.
      const groups = [paths.filter((p) => p !== 'engine, drafted (4 rows)'), ...(o.drafting ? [['plain generate()', 'engine, drafted (4 rows)'] as PathName[]] : [])];
      for (const group of groups) {
        for (let round = -o.warmup; round < o.rounds; round++) {
          warm = round >= 0;
          // Each path writes its verses in one block, as the installation runs one path at a time; the order of the
          // blocks rotates from round to round so that each path follows every other as often.
          const tokens = perPath(() => 0);
          const wall = perPath(() => 0);
          const cpu = perPath(() => 0);
          const turn = warm ? round % group.length : 0;
          for (const p of [...group.slice(turn), ...group.slice(0, turn)]) {
            const start = performance.now();
            const before = process.cpuUsage();
            for (let v = 0; v < o.verses; v++) tokens[p] += await run[p](prompts[v % prompts.length]!, v + 1);
            const used = process.cpuUsage(before);
            wall[p] = performance.now() - start;
            cpu[p] = used.user + used.system;
          }
          if (!warm) continue;
          for (const p of group) {
            rates[p].push((tokens[p] / wall[p]) * 1000);
            cpuRates[p].push((tokens[p] / cpu[p]) * 1e6);
            ratios[p].push(rates[p].at(-1)! / ((tokens['plain generate()'] / wall['plain generate()']) * 1000));
            cpuRatios[p].push(cpuRates[p].at(-1)! / ((tokens['plain generate()'] / cpu['plain generate()']) * 1e6));
            counts[p] += tokens[p];
          }
        }
      }
      await plain.dispose();
      await generator.close();
      params.dispose();
      const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
      for (const p of ['plain generate()', ...paths.filter((x) => x !== 'plain generate()')] as PathName[]) {
        const rate = median(rates[p]);
        const cpuRate = median(cpuRates[p]);
        const plainPath = p === 'plain generate()';
        const row: GenerationRow = {
          model: name,
          dtype,
          path: p,
          tokens: counts[p],
          tokensPerSecond: round(rate, 1),
          ratio: plainPath ? null : round(median(ratios[p]), 2),
          tokensPerCpuSecond: round(cpuRate, 1),
          cpuRatio: plainPath ? null : round(median(cpuRatios[p]), 2),
          roundRatios: ratios[p],
          roundCpuRatios: cpuRatios[p],
        };
        if (p === 'engine, streamed') {
          row.firstTokenMs = Math.round(median(firsts));
          row.loadMs = Math.round(loadMs);
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

/** The Markdown table of `benchGeneration`'s rows. */
export function generationTable(rows: readonly GenerationRow[], threads = DEFAULTS.threads): string[] {
  return [
    `## Decode speed: engine vs plain \`generate()\` (CPU, ${threads} intra-op thread${threads === 1 ? '' : 's'} each, same weights, medians of interleaved rounds)`,
    '',
    '| model | dtype | path | tokens | tokens/s (wall) | ratio to plain | tokens per CPU-second | ratio to plain | first token | load |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.model} | ${r.dtype} | ${r.path} | ${r.tokens} | ${r.tokensPerSecond} | ${r.ratio === null ? '—' : r.ratio.toFixed(2)} | ${r.tokensPerCpuSecond} | ${r.cpuRatio === null ? '—' : r.cpuRatio.toFixed(2)} | ${r.firstTokenMs === undefined ? '' : `${r.firstTokenMs} ms`} | ${r.loadMs === undefined ? '' : `${r.loadMs} ms`} |`,
    ),
  ];
}

/** `npm run bench -- generation`: decode_ratio is the streamed engine's tokens/s over plain generate()'s, per round (Tang). */
export const bench: BenchDefinition = {
  async run({ quick, log }) {
    const rows = await benchGeneration(quick ? QUICK : {});
    log(`${rows.length} rows`);
    const figures: Record<string, Figure> = {};
    for (const r of rows) {
      const key = `${r.model.replace(/-/g, '_')}_${r.path === 'plain generate()' ? 'plain' : r.path.includes('4 rows') ? 'drafted4' : r.path.includes('1 row') ? 'drafted1' : 'streamed'}`;
      figures[`decode_${key}_tokens_per_s`] = r.tokensPerSecond;
      figures[`decode_${key}_tokens_per_cpu_s`] = r.tokensPerCpuSecond;
      if (r.ratio !== null) figures[`decode_${key}_cpu_ratio`] = stats(r.roundCpuRatios);
      if (r.ratio !== null) figures[`decode_${key}_wall_ratio`] = stats(r.roundRatios);
      if (r.firstTokenMs !== undefined) figures[`decode_${r.model.replace(/-/g, '_')}_first_token_ms`] = r.firstTokenMs;
    }
    const tang = rows.find((r) => r.model === 'tang-poet-zh' && r.path === 'engine, streamed') ?? rows.find((r) => r.path === 'engine, streamed');
    // The headline: CPU-time ratio (the work per token; wall-clock rates swing with whatever else the cores run).
    if (tang) figures.decode_ratio = stats(tang.roundCpuRatios);
    const drafted = rows.find((r) => r.model === tang?.model && r.path === 'engine, drafted (4 rows)');
    if (drafted) figures.decode_drafted4_ratio = stats(drafted.roundCpuRatios);
    return { figures, markdown: generationTable(rows) };
  },
};
