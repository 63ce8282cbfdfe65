/**
 * @module sampler: picks the next token from a model's logits with the live sampling parameters.
 * Pure and seeded: the same logits, parameters, history and random stream give the same token.
 */
import type { Rng } from './rng.ts';

export interface SamplingParams {
  temperature: number;
  /** 0 = no limit. */
  top_k: number;
  top_p: number;
  repetition_penalty: number;
}

export interface SampleOptions {
  /** Tokens already in the verse, for the repetition penalty. */
  history?: Iterable<number>;
  /** 1 = may be sampled; 0 = forbidden (form rules). Omitted = all allowed. */
  allowed?: Uint8Array;
}

export interface SampleResult {
  token: number;
  /** Natural-log probability of the chosen token under the model's own (unmodified) distribution. */
  logprob: number;
  /** Entropy of the model's own distribution at this step, in bits. */
  entropy: number;
}

/** Log-ratio below the favourite under which a token is left out of sampling. */
const NEGLIGIBLE = 25;

/** Entropy (bits) and log-softmax normaliser of raw logits. */
function rawStats(logits: ArrayLike<number>): { logZ: number; entropy: number } {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i]! > max) max = logits[i]!;
  let z = 0;
  let weighted = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp(logits[i]! - max);
    z += e;
    weighted += e * (logits[i]! - max);
  }
  const logZ = max + Math.log(z);
  // H = log Z' - E[x - max], converted from nats to bits.
  const entropy = (Math.log(z) - weighted / z) / Math.LN2;
  return { logZ, entropy };
}

export function sampleToken(logits: ArrayLike<number>, params: SamplingParams, rng: Rng, options: SampleOptions = {}): SampleResult {
  const n = logits.length;
  const { logZ, entropy } = rawStats(logits);
  const scores = Float64Array.from(logits as ArrayLike<number>);

  if (params.repetition_penalty !== 1 && options.history) {
    const seen = new Set(options.history);
    for (const id of seen) {
      if (id < 0 || id >= n) continue;
      const s = scores[id]!;
      scores[id] = s > 0 ? s / params.repetition_penalty : s * params.repetition_penalty;
    }
  }

  const t = Math.max(params.temperature, 1e-4);
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    if (options.allowed && options.allowed[i] === 0) continue;
    if (scores[i]! > best) best = scores[i]!;
  }
  // Tokens more than e^-NEGLIGIBLE less likely than the favourite carry no measurable mass
  // (under 1e-5 in all, even over 100k tokens); leaving them out keeps the sort short.
  const floor = best - NEGLIGIBLE * t;
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) {
    if (options.allowed && options.allowed[i] === 0) continue;
    if (Number.isFinite(scores[i]!) && scores[i]! >= floor) candidates.push(i);
  }
  if (candidates.length === 0) {
    // Form rules forbade everything the model can say: fall back to the model's favourite token.
    let best = 0;
    for (let i = 1; i < n; i++) if (logits[i]! > logits[best]!) best = i;
    return { token: best, logprob: logits[best]! - logZ, entropy };
  }

  candidates.sort((a, b) => scores[b]! - scores[a]!);
  const k = params.top_k > 0 ? Math.min(params.top_k, candidates.length) : candidates.length;
  const top = candidates.slice(0, k);
  const maxScore = scores[top[0]!]! / t;
  const weights = top.map((id) => Math.exp(scores[id]! / t - maxScore));
  const total = weights.reduce((a, b) => a + b, 0);

  // Nucleus: the smallest prefix of the sorted candidates holding top_p of the mass.
  let keep = top.length;
  if (params.top_p < 1) {
    let acc = 0;
    for (let i = 0; i < top.length; i++) {
      acc += weights[i]! / total;
      if (acc >= params.top_p) {
        keep = i + 1;
        break;
      }
    }
  }
  const kept = weights.slice(0, keep);
  const keptTotal = kept.reduce((a, b) => a + b, 0);
  let r = rng() * keptTotal;
  let choice = top[keep - 1]!;
  for (let i = 0; i < keep; i++) {
    r -= kept[i]!;
    if (r < 0) {
      choice = top[i]!;
      break;
    }
  }
  return { token: choice, logprob: logits[choice]! - logZ, entropy };
}
