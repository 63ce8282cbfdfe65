/**
 * @module sampler: picks the next token from a model's logits with the live sampling parameters.
 * Pure and seeded: the same logits, parameters, history and random stream give the same token.
 * Runs at every token of every draft, so it makes two passes over the vocabulary (the second with a table
 * exponential) and sorts only the few tokens top_k keeps (a full sort only when top_k is 0).
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
  /** Added to each token's logit before temperature (prosody and keyword nudges), in nats. */
  bias?: Float32Array | null;
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

/** Steps per nat of the exponential table (expNegative). */
const EXP_STEPS = 256;
/** e^(-i / EXP_STEPS) for i over [0, 31 nats]. */
const EXP_TABLE = Float64Array.from({ length: 31 * EXP_STEPS + 2 }, (_, i) => Math.exp(-i / EXP_STEPS));

/**
 * e^d for -31 < d <= 0, to about 1e-11 relative: a table step times a short series for the remainder. The model's
 * normaliser needs an exponential of every logit (9k a token for the Tang model), and this is a few times cheaper
 * than Math.exp there; the sampled token never depends on it, only the reported log-probability and entropy.
 */
function expNegative(d: number): number {
  const x = -d * EXP_STEPS;
  const i = x | 0;
  const g = (x - i) / EXP_STEPS;
  return EXP_TABLE[i]! * (1 - g * (1 - g * (0.5 - g / 6)));
}

/** Scratch buffers reused between calls (one sampler per thread). */
let scratch = new Float32Array(0);
let ids = new Int32Array(0);

/** The `k` best of `cand[0..n)` by score, best first, in place (insertion into a short sorted head). */
function topK(cand: Int32Array, n: number, scores: Float32Array, k: number): number {
  let m = 0;
  for (let c = 0; c < n; c++) {
    const id = cand[c]!;
    const s = scores[id]!;
    if (m === k && s <= scores[cand[m - 1]!]!) continue;
    let j = m < k ? m++ : m - 1;
    while (j > 0 && scores[cand[j - 1]!]! < s) {
      cand[j] = cand[j - 1]!;
      j--;
    }
    cand[j] = id;
  }
  return m;
}

export function sampleToken(logits: ArrayLike<number>, params: SamplingParams, rng: Rng, options: SampleOptions = {}): SampleResult {
  const n = logits.length;
  if (scratch.length < n) {
    scratch = new Float32Array(n);
    ids = new Int32Array(n);
  }
  const scores = scratch;
  const { allowed, bias } = options;
  // Pass 1: scores (logits plus nudges), the model's own maximum, and the best score that may be sampled.
  let max = -Infinity;
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    const l = logits[i]!;
    if (l > max) max = l;
    const s = bias ? l + bias[i]! : l;
    scores[i] = s;
    if (s > best && (!allowed || allowed[i] !== 0)) best = s;
  }
  if (params.repetition_penalty !== 1 && options.history) {
    for (const id of new Set(options.history)) {
      if (id < 0 || id >= n) continue;
      const s = scores[id]!;
      scores[id] = s > 0 ? s / params.repetition_penalty : s * params.repetition_penalty;
    }
    best = -Infinity;
    for (let i = 0; i < n; i++) if ((!allowed || allowed[i] !== 0) && scores[i]! > best) best = scores[i]!;
  }
  const t = Math.max(params.temperature, 1e-4);
  // Tokens more than e^-NEGLIGIBLE less likely than the favourite carry no measurable mass
  // (under 1e-5 in all, even over 100k tokens); leaving them out keeps the selection short.
  const floor = best - NEGLIGIBLE * t;
  // Pass 2: the model's normaliser and entropy, and the tokens that may be sampled.
  let z = 0;
  let weighted = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const d = logits[i]! - max;
    // Below e^-30 a token adds nothing measurable to either sum.
    if (d > -30) {
      const e = expNegative(d);
      z += e;
      weighted += e * d;
    }
    const s = scores[i]!;
    if (s >= floor && Number.isFinite(s) && (!allowed || allowed[i] !== 0)) ids[count++] = i;
  }
  const logZ = max + Math.log(z);
  // H = log Z' - E[x - max], converted from nats to bits.
  const entropy = (Math.log(z) - weighted / z) / Math.LN2;

  if (count === 0) {
    // Form rules forbade everything the model can say: fall back to the model's favourite token.
    let fav = 0;
    for (let i = 1; i < n; i++) if (logits[i]! > logits[fav]!) fav = i;
    return { token: fav, logprob: logits[fav]! - logZ, entropy };
  }

  let k: number;
  if (params.top_k > 0 && params.top_k < count) {
    k = topK(ids, count, scores, params.top_k);
  } else {
    const sorted = Array.from(ids.subarray(0, count)).sort((a, b) => scores[b]! - scores[a]!);
    ids.set(sorted);
    k = count;
  }
  const maxScore = scores[ids[0]!]! / t;
  const weights = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) total += weights[i] = Math.exp(scores[ids[i]!]! / t - maxScore);

  // Nucleus: the smallest prefix of the sorted candidates holding top_p of the mass.
  let keep = k;
  if (params.top_p < 1) {
    let acc = 0;
    for (let i = 0; i < k; i++) {
      acc += weights[i]! / total;
      if (acc >= params.top_p) {
        keep = i + 1;
        break;
      }
    }
  }
  let keptTotal = 0;
  for (let i = 0; i < keep; i++) keptTotal += weights[i]!;
  let r = rng() * keptTotal;
  let choice = ids[keep - 1]!;
  for (let i = 0; i < keep; i++) {
    r -= weights[i]!;
    if (r < 0) {
      choice = ids[i]!;
      break;
    }
  }
  return { token: choice, logprob: logits[choice]! - logZ, entropy };
}
