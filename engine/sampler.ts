/**
 * @module sampler: picks the next token from a model's logits with the live sampling parameters.
 * Pure and seeded: the same logits, parameters, history and random stream give the same token.
 * Runs at every token of every draft, so it makes one pass over the vocabulary (a table exponential for the
 * normaliser, the top_k best kept sorted as it goes; a full sort only when top_k is 0).
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

/** A random stream read through a method (see rowSampler's RowRandom); a plain function works as well. */
export interface RandomSource {
  next(): number;
}

/** Log-ratio below the favourite under which a token is left out of sampling. */
const NEGLIGIBLE = 25;

/** Steps per nat of the exponential table (expNegative). */
const EXP_STEPS = 256;
/** e^(-i / EXP_STEPS) for i over [0, 31 nats], and the step to the next entry. */
const EXP_TABLE = Float64Array.from({ length: 31 * EXP_STEPS + 2 }, (_, i) => Math.exp(-i / EXP_STEPS));
const EXP_SLOPE = Float64Array.from({ length: EXP_TABLE.length - 1 }, (_, i) => EXP_TABLE[i + 1]! - EXP_TABLE[i]!);

/**
 * e^d for -31 < d <= 0, to 2e-6 relative (linear between table entries 1/256 nat apart). The model's normaliser needs
 * an exponential of every logit (9k a token for the Tang model), and this is several times cheaper than Math.exp
 * there; the sampled token never depends on it, only the reported log-probability and entropy (to about 2e-6).
 */
function expNegative(d: number): number {
  const x = -d * EXP_STEPS;
  const i = x | 0;
  return EXP_TABLE[i]! + EXP_SLOPE[i]! * (x - i);
}

/** Scratch buffers reused between calls (one sampler per thread). */
let scratch = new Float32Array(0);
let ids = new Int32Array(0);
let topScores = new Float64Array(0);
let weights = new Float64Array(0);

/**
 * Samples one token from `logits`. A hot loop, kept in one piece (over the house 80-line limit, the one
 * exception `test/architecture/functionLength.test.ts` allows) so V8 optimises it as a unit: split into
 * helpers, the per-token call overhead and lost inlining showed in `npm run bench`.
 */
export function sampleToken(logits: ArrayLike<number>, params: SamplingParams, rng: Rng | RandomSource, options: SampleOptions = {}): SampleResult {
  const n = logits.length;
  if (scratch.length < n) {
    scratch = new Float32Array(n);
    ids = new Int32Array(n);
  }
  const { allowed, bias } = options;
  // Scores: logits plus nudges (as float32, like the logits), with the repetition penalty.
  const penalise = params.repetition_penalty !== 1 && options.history !== undefined;
  const scores: ArrayLike<number> = bias || penalise ? scratch : logits;
  if (penalise) {
    for (let i = 0; i < n; i++) scratch[i] = bias ? logits[i]! + bias[i]! : logits[i]!;
    for (const id of new Set(options.history)) {
      if (id < 0 || id >= n) continue;
      const s = scratch[id]!;
      scratch[id] = s > 0 ? s / params.repetition_penalty : s * params.repetition_penalty;
    }
  }
  const nudge = bias && !penalise ? bias : null;
  // top_k > 0: the k best allowed scores, kept sorted during the pass (ties: the lower id first); 0: every allowed one.
  const k = params.top_k > 0 ? Math.min(Math.floor(params.top_k), n) : 0;
  if (topScores.length < (k || n)) topScores = new Float64Array(k || n);
  let m = 0;
  let kth = -Infinity;
  // One pass over the vocabulary: the model's own normaliser and entropy (exponentials relative to the running
  // maximum, rescaled when it rises), the best score that may be sampled, and the candidates.
  let max = -Infinity;
  let z = 0;
  let weighted = 0;
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    const l = logits[i]!;
    if (l > max) {
      if (z > 0) {
        const c = Math.exp(max - l);
        weighted = c * (weighted + (max - l) * z);
        z *= c;
      }
      max = l;
    }
    const d = l - max;
    // Below e^-30 a token adds nothing measurable to either sum.
    if (d > -30) {
      const e = expNegative(d);
      z += e;
      weighted += e * d;
    }
    if (allowed && allowed[i] === 0) continue;
    let s: number;
    if (nudge) scratch[i] = s = Math.fround(l + nudge[i]!);
    else s = scores[i]!;
    if (s > best) best = s;
    if (!Number.isFinite(s)) continue;
    if (k === 0) {
      ids[m++] = i;
    } else if (m < k || s > kth) {
      let j = m < k ? m++ : m - 1;
      while (j > 0 && topScores[j - 1]! < s) {
        topScores[j] = topScores[j - 1]!;
        ids[j] = ids[j - 1]!;
        j--;
      }
      topScores[j] = s;
      ids[j] = i;
      if (m === k) kth = topScores[k - 1]!;
    }
  }
  const logZ = max + Math.log(z);
  // H = log Z' - E[x - max], converted from nats to bits.
  const entropy = (Math.log(z) - weighted / z) / Math.LN2;

  const t = Math.max(params.temperature, 1e-4);
  // Tokens more than e^-NEGLIGIBLE less likely than the favourite carry no measurable mass
  // (under 1e-5 in all, even over 100k tokens); leaving them out keeps the selection short.
  const floor = best - NEGLIGIBLE * t;
  let count = 0;
  if (k > 0) {
    // The candidates are sorted: those above the floor are a prefix.
    while (count < m && topScores[count]! >= floor) count++;
  } else {
    for (let c = 0; c < m; c++) if (scores[ids[c]!]! >= floor) ids[count++] = ids[c]!;
    const sorted = Array.from(ids.subarray(0, count)).sort((a, b) => scores[b]! - scores[a]!);
    ids.set(sorted);
    for (let c = 0; c < count; c++) topScores[c] = scores[ids[c]!]!;
  }
  if (count === 0) {
    // Form rules forbade everything the model can say: fall back to the model's favourite token.
    let fav = 0;
    for (let i = 1; i < n; i++) if (logits[i]! > logits[fav]!) fav = i;
    return { token: fav, logprob: logits[fav]! - logZ, entropy };
  }

  const kept = count;
  if (weights.length < kept) weights = new Float64Array(Math.max(kept, 64));
  const maxScore = topScores[0]! / t;
  let total = 0;
  for (let i = 0; i < kept; i++) total += weights[i] = Math.exp(topScores[i]! / t - maxScore);

  // Nucleus: the smallest prefix of the sorted candidates holding top_p of the mass.
  let keep = kept;
  if (params.top_p < 1) {
    let acc = 0;
    for (let i = 0; i < kept; i++) {
      acc += weights[i]! / total;
      if (acc >= params.top_p) {
        keep = i + 1;
        break;
      }
    }
  }
  let keptTotal = 0;
  for (let i = 0; i < keep; i++) keptTotal += weights[i]!;
  let r = (typeof rng === 'function' ? rng() : rng.next()) * keptTotal;
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
