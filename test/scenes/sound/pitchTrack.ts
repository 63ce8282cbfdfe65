/**
 * @module pitchTrack (test helper): the fundamental frequency of a stretch of audio, by YIN (de
 * Cheveigné & Kawahara 2002): the lag whose cumulative-mean-normalised difference first dips under
 * a threshold, refined by parabolic interpolation. Good for one clear voice, which is what the
 * offline tests render.
 */

export interface PitchOptions {
  /** Analysis window in seconds. */
  window: number;
  minHz: number;
  maxHz: number;
  /** YIN's aperiodicity threshold. */
  threshold: number;
}

const DEFAULTS = { window: 0.04, minHz: 70, maxHz: 1500, threshold: 0.15 } satisfies PitchOptions;

/** The pitch in Hz of the window starting at `at` seconds, or null when nothing periodic is there. */
export function pitchAt(samples: Float32Array, sampleRate: number, at: number, options: Partial<PitchOptions> = {}): number | null {
  const o = { ...DEFAULTS, ...options };
  const start = Math.round(at * sampleRate);
  const size = Math.round(o.window * sampleRate);
  const maxLag = Math.min(Math.floor(sampleRate / o.minHz), size - 1);
  const minLag = Math.max(2, Math.floor(sampleRate / o.maxHz));
  if (start < 0 || start + size + maxLag > samples.length) return null;
  const d = new Float64Array(maxLag + 2);
  for (let lag = 1; lag <= maxLag + 1; lag++) {
    let sum = 0;
    for (let i = 0; i < size; i++) {
      const diff = samples[start + i]! - samples[start + i + lag]!;
      sum += diff * diff;
    }
    d[lag] = sum;
  }
  // Cumulative mean normalised difference: 1 at lag 0, dips toward 0 at the period.
  const cmnd = new Float64Array(maxLag + 2);
  cmnd[0] = 1;
  let running = 0;
  for (let lag = 1; lag <= maxLag + 1; lag++) {
    running += d[lag]!;
    cmnd[lag] = running === 0 ? 1 : (d[lag]! * lag) / running;
  }
  let best = -1;
  for (let lag = minLag; lag <= maxLag; lag++) {
    if (cmnd[lag]! < o.threshold) {
      while (lag + 1 <= maxLag && cmnd[lag + 1]! < cmnd[lag]!) lag++;
      best = lag;
      break;
    }
  }
  if (best < 0) return null;
  const a = cmnd[best - 1]!;
  const b = cmnd[best]!;
  const c = cmnd[best + 1]!;
  const shift = a + c - 2 * b === 0 ? 0 : (a - c) / (2 * (a + c - 2 * b));
  return sampleRate / (best + shift);
}

/** Semitones from `a` to `b`. */
export function semitones(a: number, b: number): number {
  return 12 * Math.log2(b / a);
}
