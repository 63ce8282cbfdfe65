/**
 * @module onsets (test helper): note onsets in rendered audio. The signal's first difference (which
 * favours the bright attack of a new note over the sustained body of older ones) is measured in short
 * hops; an onset is a hop whose level jumps well above the quietest of the hops just before it.
 */

export interface OnsetOptions {
  /** Hop length in seconds. */
  hop: number;
  /** Rise over the recent minimum that counts as an onset, in dB. */
  riseDb: number;
  /** How far back the recent minimum looks, in seconds. */
  lookback: number;
  /** Two onsets closer than this are one. */
  minGap: number;
  /** Hops quieter than this (dBFS of the difference signal) never start a note. */
  floorDb: number;
}

const DEFAULTS = { hop: 0.004, riseDb: 9, lookback: 0.04, minGap: 0.06, floorDb: -60 } satisfies OnsetOptions;

/** Onset times in seconds, in order. */
export function detectOnsets(samples: Float32Array, sampleRate: number, options: Partial<OnsetOptions> = {}): number[] {
  const o = { ...DEFAULTS, ...options };
  const hop = Math.max(1, Math.round(o.hop * sampleRate));
  const levels: number[] = [];
  for (let start = 1; start + hop <= samples.length; start += hop) {
    let sum = 0;
    for (let i = start; i < start + hop; i++) {
      const d = samples[i]! - samples[i - 1]!;
      sum += d * d;
    }
    levels.push(10 * Math.log10(sum / hop + 1e-20));
  }
  const back = Math.max(1, Math.round(o.lookback / o.hop));
  const out: number[] = [];
  for (let i = back; i < levels.length; i++) {
    const level = levels[i]!;
    if (level < o.floorDb) continue;
    let min = Infinity;
    for (let j = i - back; j < i; j++) min = Math.min(min, levels[j]!);
    if (level - min < o.riseDb) continue;
    const t = (i * hop) / sampleRate;
    if (out.length && t - out[out.length - 1]! < o.minGap) continue;
    out.push(t);
  }
  return out;
}
