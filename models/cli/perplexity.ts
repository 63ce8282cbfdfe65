/**
 * @module models/cli/perplexity: held-out perplexity of a model folder's ONNX decoder, scored with
 * @huggingface/transformers forward passes exactly as models/train/train.py scores it: the samples as
 * one stream `eos s1 eos s2 eos ...`, cut into non-overlapping windows of the model's context, every
 * position predicting the next token. The figure is per token (per character for the char-level models).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, Tensor, env } from '@huggingface/transformers';

export interface PerplexityOptions {
  /** transformers.js dtype of the weights to score (fp32, q8, ...). */
  dtype: string;
  threads: number;
  /** Longest window scored; the model's own context when that is shorter (big-context models would need gigabytes of logits). */
  maxContext: number;
  /** Score only the first N windows (tests, quick looks); null = the whole held-out text. */
  maxWindows: number | null;
}

export const PERPLEXITY_DEFAULTS: Omit<PerplexityOptions, 'dtype' | 'threads'> = { maxContext: 512, maxWindows: null };

export interface PerplexityResult {
  perplexity: number;
  /** Mean negative log-likelihood, nats per token. */
  lossNats: number;
  /** Tokens predicted. */
  tokens: number;
  windows: number;
  /** Window length used. */
  context: number;
  /** True when every character is one token (the char-level models): the figure is then per character. */
  perCharacter: boolean;
}

/** Logits are scored a batch of windows at a time; this many floats per batch keeps memory near 64 MB. */
const LOGIT_BUDGET = 1 << 24;

function contextOf(modelDir: string): number {
  const config = JSON.parse(readFileSync(path.join(modelDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  for (const key of ['n_positions', 'n_ctx', 'max_position_embeddings']) {
    const v = config[key];
    if (typeof v === 'number' && v > 1) return v;
  }
  return 1024;
}

function firstId(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && typeof v[0] === 'number') return v[0];
  return null;
}

/** Scores `samples` with the model in `modelDir`; throws when the text is too short to score. */
export async function heldoutPerplexity(modelDir: string, samples: readonly string[], options: Partial<PerplexityOptions> & Pick<PerplexityOptions, 'dtype' | 'threads'>): Promise<PerplexityResult> {
  const o: PerplexityOptions = { ...PERPLEXITY_DEFAULTS, ...options };
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = path.dirname(modelDir) + path.sep;
  const name = path.basename(modelDir);
  const tokenizer = await AutoTokenizer.from_pretrained(name, { local_files_only: true });
  const model = await AutoModelForCausalLM.from_pretrained(name, {
    local_files_only: true,
    device: 'cpu',
    dtype: o.dtype as 'fp32',
    session_options: { intraOpNumThreads: o.threads, interOpNumThreads: 1 },
  });
  try {
    const config = model.config as unknown as Record<string, unknown>;
    const eos = firstId(config.eos_token_id);
    const encode = (text: string): number[] => Array.from(tokenizer.encode(text, { add_special_tokens: false }));
    // Without an end-of-text token the samples are joined as paragraphs: the best a plain text can do.
    const stream = eos === null ? encode(samples.join('\n\n')) : [eos, ...samples.flatMap((s) => [...encode(s), eos])];
    const characters = eos === null ? [...samples.join('\n\n')].length : samples.reduce((n, s) => n + [...s].length + 1, 1);
    const context = Math.min(contextOf(modelDir), o.maxContext);
    const ctx = Math.min(context, stream.length - 1);
    if (ctx < 1) throw new Error('The held-out text is too short to score.');
    let windows = Math.floor((stream.length - 1) / ctx);
    if (o.maxWindows !== null) windows = Math.min(windows, o.maxWindows);

    let total = 0;
    let count = 0;
    const vocabGuess = typeof config.vocab_size === 'number' ? config.vocab_size : 50_000;
    const batch = Math.max(1, Math.min(16, Math.floor(LOGIT_BUDGET / (ctx * vocabGuess))));
    for (let w0 = 0; w0 < windows; w0 += batch) {
      const rows = Math.min(batch, windows - w0);
      const ids = new BigInt64Array(rows * ctx);
      for (let r = 0; r < rows; r++) for (let t = 0; t < ctx; t++) ids[r * ctx + t] = BigInt(stream[(w0 + r) * ctx + t]!);
      const out = (await model({
        input_ids: new Tensor('int64', ids, [rows, ctx]),
        attention_mask: new Tensor('int64', new BigInt64Array(rows * ctx).fill(1n), [rows, ctx]),
      })) as { logits: Tensor };
      const logits = out.logits.data as Float32Array;
      const vocab = out.logits.dims.at(-1)!;
      for (let r = 0; r < rows; r++) {
        for (let t = 0; t < ctx; t++) {
          const base = (r * ctx + t) * vocab;
          let max = -Infinity;
          for (let v = 0; v < vocab; v++) if (logits[base + v]! > max) max = logits[base + v]!;
          let sum = 0;
          for (let v = 0; v < vocab; v++) sum += Math.exp(logits[base + v]! - max);
          const target = stream[(w0 + r) * ctx + t + 1]!;
          total += max + Math.log(sum) - logits[base + target]!;
          count++;
        }
      }
      out.logits.dispose();
    }
    const lossNats = total / count;
    return { perplexity: Math.exp(lossNats), lossNats, tokens: count, windows, context: ctx, perCharacter: characters === stream.length };
  } finally {
    await model.dispose();
  }
}
