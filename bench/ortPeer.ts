/**
 * @module bench/ortPeer: the engine's decode rate against a bare onnxruntime-node greedy loop on the same ONNX file,
 * the same intra-op threads and spinning settings: the floor of what any runtime on top of onnxruntime can reach.
 * Bare: an InferenceSession in this thread, prompt characters looked up in tokenizer.json, then one `run` per token
 * with the KV cache fed back, argmax of the last logits; as many tokens per prompt as the engine's verse showed.
 * Engine: the worker generator streaming a verse token by token as the verse loop drives it (tempo 0, no drafting).
 * Rounds alternate which runs first; `ort_ratio` is each round's engine tokens per CPU-second over the bare loop's
 * (CPU time of this process, all threads: the work per token, whatever else loads the machine).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { engineSurface } from '../engine/control/controlSurface.ts';
import { ModelRegistry, applyTemplate, modelSamplingParams, type ModelInfo } from '../engine/modelRegistry.ts';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';
import { TransformersGenerator } from '../engine/transformersGenerator.ts';
import { verseWriter } from '../engine/verseWriter.ts';
import type { BenchDefinition } from './benchDefinition.ts';
import { ratios, stats } from './benchReport.ts';

const PROMPTS = ['秋风', '明月', '江南', '孤舟'];
const THREADS = 1;
const rssMb = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

interface BareModel {
  session: ort.InferenceSession;
  vocab: Map<string, number>;
  layers: number;
  heads: number;
  headDim: number;
}

async function bareModel(model: ModelInfo): Promise<BareModel> {
  const config = JSON.parse(readFileSync(path.join(model.dir, 'config.json'), 'utf8')) as { n_layer: number; n_head: number; n_embd: number };
  const tokenizer = JSON.parse(readFileSync(path.join(model.dir, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } };
  const file = path.join(model.dir, 'onnx', model.defaultDtype === 'q8' ? 'model_quantized.onnx' : 'model.onnx');
  const session = await ort.InferenceSession.create(file, {
    intraOpNumThreads: THREADS,
    interOpNumThreads: 1,
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  });
  return { session, vocab: new Map(Object.entries(tokenizer.model.vocab)), layers: config.n_layer, heads: config.n_head, headDim: config.n_embd / config.n_head };
}

/** Greedy decoding of `tokens` tokens after `prompt`; returns ms to the first token. */
async function bareVerse(m: BareModel, prompt: string, tokens: number): Promise<number> {
  const t0 = performance.now();
  let ids = [...prompt].map((c) => m.vocab.get(c) ?? 0);
  let past = 0;
  const feeds: Record<string, ort.Tensor> = {};
  for (let l = 0; l < m.layers; l++) {
    for (const kv of ['key', 'value']) feeds[`past_key_values.${l}.${kv}`] = new ort.Tensor('float32', new Float32Array(0), [1, m.heads, 0, m.headDim]);
  }
  let first = 0;
  for (let t = 0; t < tokens; t++) {
    const n = ids.length;
    feeds.input_ids = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]);
    feeds.attention_mask = new ort.Tensor('int64', new BigInt64Array(past + n).fill(1n), [1, past + n]);
    feeds.position_ids = new ort.Tensor('int64', BigInt64Array.from({ length: n }, (_, i) => BigInt(past + i)), [1, n]);
    const out = await m.session.run(feeds);
    const logits = out.logits!.data as Float32Array;
    const vocab = out.logits!.dims.at(-1)!;
    let best = 0;
    for (let i = 1, base = (n - 1) * vocab; i < vocab; i++) if (logits[base + i]! > logits[base + best]!) best = i;
    for (let l = 0; l < m.layers; l++) {
      for (const kv of ['key', 'value']) feeds[`past_key_values.${l}.${kv}`] = out[`present.${l}.${kv}`]!;
    }
    past += n;
    ids = [best];
    if (t === 0) first = performance.now() - t0;
  }
  return first;
}

interface Block {
  tokens: number;
  wallMs: number;
  cpuUs: number;
  firstMs: number[];
}

async function timed(verses: number, one: (v: number) => Promise<{ tokens: number; firstMs: number }>): Promise<Block> {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const b: Block = { tokens: 0, wallMs: 0, cpuUs: 0, firstMs: [] };
  for (let v = 0; v < verses; v++) {
    const r = await one(v);
    b.tokens += r.tokens;
    b.firstMs.push(r.firstMs);
  }
  const cpu = process.cpuUsage(cpu0);
  b.wallMs = performance.now() - start;
  b.cpuUs = cpu.user + cpu.system;
  return b;
}

/** `npm run bench -- ort`. */
export const bench: BenchDefinition = {
  async run({ quick, log }) {
    const [rounds, verses] = quick ? [5, 4] : [9, 8];
    const model = new ModelRegistry(path.join(PROJECT_ROOT, 'models')).get('tang-poet-zh');
    const rss0 = rssMb();
    const bare = await bareModel(model);
    const rssSession = rssMb();
    await bareVerse(bare, PROMPTS[0]!, 56);
    const rssRun = rssMb();
    const params = engineSurface({ ...modelSamplingParams(model).params, tempo: 0, max_tokens: 56, drafts: 0 });
    const generator = new TransformersGenerator({ model, device: 'cpu', dtype: 'auto', params, threads: THREADS });
    await generator.load();
    const shown: number[] = [];
    const engine = async (v: number): Promise<{ tokens: number; firstMs: number }> => {
      const prompt = PROMPTS[v % PROMPTS.length]!;
      const writer = verseWriter({ generator, model, prompt, replay: false, params, judges: [] });
      const start = performance.now();
      let n = 0;
      let firstMs = 0;
      for await (const _ of writer.stream(writer.opening, v + 1, new AbortController().signal)) if (n++ === 0) firstMs = performance.now() - start;
      shown[v] = n;
      return { tokens: n, firstMs };
    };
    const plain = async (v: number): Promise<{ tokens: number; firstMs: number }> => {
      const n = Math.max(1, shown[v] ?? 56);
      return { tokens: n, firstMs: await bareVerse(bare, applyTemplate(model, PROMPTS[v % PROMPTS.length]!), n) };
    };
    const ours: Block[] = [];
    const peer: Block[] = [];
    try {
      // Warm-up, untimed: the worker's JIT takes a few verses to settle (a quick run's first rounds otherwise read half speed).
      await timed(Math.max(verses, 6), engine);
      await timed(Math.max(verses, 6), plain);
      for (let r = 0; r < rounds; r++) {
        // The engine sets each prompt's token count, so it runs first in every round; the order of work within a
        // round does not change CPU time per token.
        ours.push(await timed(verses, engine));
        peer.push(await timed(verses, plain));
        log(`round ${r + 1}: engine ${Math.round((ours.at(-1)!.tokens / ours.at(-1)!.cpuUs) * 1e6)} tokens/CPU-s, bare ${Math.round((peer.at(-1)!.tokens / peer.at(-1)!.cpuUs) * 1e6)}`);
      }
    } finally {
      await generator.close();
      params.dispose();
      await bare.session.release();
    }
    const perCpu = (b: Block): number => (b.tokens / b.cpuUs) * 1e6;
    const perWall = (b: Block): number => (b.tokens / b.wallMs) * 1000;
    const figures = {
      ort_ratio: stats(ratios(ours.map(perCpu), peer.map(perCpu), 'higher-is-better')),
      ort_wall_ratio: stats(ratios(ours.map(perWall), peer.map(perWall), 'higher-is-better')),
      ort_engine_tokens_per_cpu_s: stats(ours.map(perCpu), 0),
      ort_bare_tokens_per_cpu_s: stats(peer.map(perCpu), 0),
      ort_engine_first_token_ms: stats(ours.flatMap((b) => b.firstMs), 1),
      ort_bare_first_token_ms: stats(peer.flatMap((b) => b.firstMs), 1),
      ort_session_rss_mb: Math.round(rssSession - rss0),
      ort_first_verse_rss_mb: Math.round(rssRun - rssSession),
    };
    const c = (s: { median: number; min: number; max: number }): string => `${s.median} (${s.min}–${s.max})`;
    return {
      figures,
      markdown: [
        `## Decode: engine vs a bare onnxruntime-node greedy loop (tang-poet-zh ${model.defaultDtype}, ${THREADS} intra-op thread each, ${rounds} rounds of ${verses} verses)`,
        '',
        '| path | tokens per CPU-second | first token (ms) | ratio to bare (CPU time) | ratio to bare (wall) |',
        '| --- | --- | --- | --- | --- |',
        `| bare onnxruntime-node, greedy | ${c(figures.ort_bare_tokens_per_cpu_s)} | ${c(figures.ort_bare_first_token_ms)} | — | — |`,
        `| engine, streamed (sampling, form, prosody, live parameters) | ${c(figures.ort_engine_tokens_per_cpu_s)} | ${c(figures.ort_engine_first_token_ms)} | **${c(figures.ort_ratio)}** | ${c(figures.ort_wall_ratio)} |`,
        '',
        `An onnxruntime session of this model adds ${figures.ort_session_rss_mb} MB of RSS when created and ${figures.ort_first_verse_rss_mb} MB more over its first verse (its arenas and the allocator's).`,
      ],
    };
  },
};
