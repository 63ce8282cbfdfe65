/**
 * @module bench/generation: the engine's decode rate next to plain @huggingface/transformers `generate()` on the same
 * model, weights and CPU threads. Plain: the model loaded in this thread, `generate()` with its own top-k sampling.
 * Engine: the worker generator as the verse loop drives it, streamed token by token (credits, live parameters,
 * form and prosody at every token) and drafted line by line (1 row: the same work as plain; 4 rows: the default
 * drafting, counted in drafted tokens). Rounds interleave the paths so machine load hits them alike; medians.
 */
import path from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, type PreTrainedModel, type Tensor } from '@huggingface/transformers';
import { PROJECT_ROOT } from '../config/loadConfig.ts';
import { ENGINE_PARAMS } from '../engine/engineParams.ts';
import { ModelRegistry, applyTemplate, modelSamplingParams, type ModelInfo } from '../engine/modelRegistry.ts';
import { StoreParamReader } from '../engine/paramReader.ts';
import { ParamStore } from '../engine/paramStore.ts';
import { TransformersGenerator } from '../engine/transformersGenerator.ts';
import { verseWriter } from '../engine/verseWriter.ts';

export interface GenerationOptions {
  /** CPU threads for inference, the same on both sides. */
  threads: number;
  /** Interleaved rounds; each path's median round is reported. */
  rounds: number;
  /** Verses per path per round. */
  verses: number;
  /** New tokens per plain `generate()` call (a verse's worth). */
  tokens: number;
}

const DEFAULTS = { threads: 1, rounds: 3, verses: 4, tokens: 56 } satisfies GenerationOptions;

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
    if (model.weights === 'none') continue;
    const prompts = PROMPTS[model.language.split('-')[0]!] ?? PROMPTS.en!;
    const sampling = modelSamplingParams(model).params;
    for (const dtype of model.dtypes) {
      const params = new ParamStore(ENGINE_PARAMS, { initial: { ...sampling, tempo: 0, max_tokens: o.tokens } });
      const reader = new StoreParamReader(params);
      const generator = new TransformersGenerator({ model, device: 'cpu', dtype, params: reader, threads: o.threads });
      const t0 = performance.now();
      await generator.load();
      const loadMs = performance.now() - t0;
      env.localModelPath = path.dirname(model.dir) + path.sep;
      const tokenizer = await AutoTokenizer.from_pretrained(path.basename(model.dir), { local_files_only: true });
      const plain = await plainModel(model, dtype, o.threads);
      const rates: Record<PathName, number[]> = { 'plain generate()': [], 'engine, streamed': [], 'engine, drafted (1 row)': [], 'engine, drafted (4 rows)': [] };
      const cpuRates: Record<PathName, number[]> = { 'plain generate()': [], 'engine, streamed': [], 'engine, drafted (1 row)': [], 'engine, drafted (4 rows)': [] };
      const counts: Record<PathName, number> = { 'plain generate()': 0, 'engine, streamed': 0, 'engine, drafted (1 row)': 0, 'engine, drafted (4 rows)': 0 };
      const firsts: number[] = [];
      const timed = async (p: PathName, run: (prompt: string, seed: number) => Promise<number>): Promise<void> => {
        let tokens = 0;
        const start = performance.now();
        const cpu = process.cpuUsage();
        for (let v = 0; v < o.verses; v++) tokens += await run(prompts[v % prompts.length]!, v + 1);
        rates[p].push((tokens / (performance.now() - start)) * 1000);
        const used = process.cpuUsage(cpu);
        cpuRates[p].push((tokens / (used.user + used.system)) * 1e6);
        counts[p] += tokens;
      };
      const engineVerse = async (prompt: string, seed: number, drafts: number): Promise<number> => {
        params.set({ drafts }, 'api');
        const writer = verseWriter({ generator, model, prompt, replay: false, params, judges: [] });
        let n = 0;
        const start = performance.now();
        for await (const _ of writer.stream(writer.opening, seed, new AbortController().signal)) {
          if (n++ === 0 && drafts === 0) firsts.push(performance.now() - start);
        }
        return n;
      };
      for (let round = 0; round < o.rounds; round++) {
        await timed('plain generate()', async (prompt, seed) => {
          const inputs = tokenizer(applyTemplate(model, prompt), { return_tensor: true }) as unknown as Record<string, Tensor>;
          void seed;
          const out = (await plain.generate({ ...inputs, max_new_tokens: o.tokens, min_new_tokens: o.tokens, do_sample: true, top_k: Number(params.get('top_k')), temperature: Number(params.get('temperature')) })) as Tensor;
          return out.dims.at(-1)! - inputs.input_ids!.dims.at(-1)!;
        });
        await timed('engine, streamed', (prompt, seed) => engineVerse(prompt, seed, 0));
        await timed('engine, drafted (1 row)', (prompt, seed) => engineVerse(prompt, seed, 1));
        // Four rows: every drafted token counts (a verse keeps one row in four).
        await timed('engine, drafted (4 rows)', async (prompt, seed) => 4 * (await engineVerse(prompt, seed, 4)));
      }
      await plain.dispose();
      await generator.close();
      reader.dispose();
      const plainRate = median(rates['plain generate()']);
      const plainCpu = median(cpuRates['plain generate()']);
      const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
      for (const p of Object.keys(rates) as PathName[]) {
        const rate = median(rates[p]);
        const cpuRate = median(cpuRates[p]);
        const plainPath = p === 'plain generate()';
        const row: GenerationRow = {
          model: name,
          dtype,
          path: p,
          tokens: counts[p],
          tokensPerSecond: round(rate, 1),
          ratio: plainPath ? null : round(rate / plainRate, 2),
          tokensPerCpuSecond: round(cpuRate, 1),
          cpuRatio: plainPath ? null : round(cpuRate / plainCpu, 2),
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
