/**
 * @module instruments: the instrument sets `sound.instrument` picks, as data the pooled voices read at
 * each note (oscillator shapes, envelope, filter). Changing the set changes no audio nodes, so it is
 * heard at the next note and the node count stays flat. Browser-safe, no Tone.js import.
 */
import type { Seconds } from '../../protocol/paramSpec.ts';

export type OscShape = 'sine' | 'triangle' | 'square' | 'sawtooth';

export interface Instrument {
  /** Main oscillator. */
  shape: OscShape;
  /** Second oscillator (the one entropy pulls away from consonance). */
  shape2: OscShape;
  /** Its level when the model is sure (dissonance 0) and when it is not (dissonance 1). */
  level2: readonly [number, number];
  attack: Seconds;
  decay: Seconds;
  sustain: number;
  release: Seconds;
  /** Filter cutoff as a multiple of the note's frequency, closed and fully open. */
  cutoff: readonly [number, number];
  /** How far the cutoff falls over a note (1 = stays, 0.3 = a plucked string's darkening). */
  cutoffFall: number;
}

export const INSTRUMENTS = {
  /** A plucked zither: bright attack that darkens, long soft tail. */
  qin: { shape: 'triangle', shape2: 'sine', level2: [0.12, 0.4], attack: 0.004, decay: 0.5, sustain: 0.18, release: 0.7, cutoff: [3, 14], cutoffFall: 0.35 },
  /** Struck bells: pure tones ringing out. */
  bells: { shape: 'sine', shape2: 'sine', level2: [0.3, 0.55], attack: 0.002, decay: 1.4, sustain: 0, release: 1.6, cutoff: [6, 20], cutoffFall: 0.8 },
  /** A breathing pad: slow swells under the text. */
  pad: { shape: 'sawtooth', shape2: 'triangle', level2: [0.2, 0.5], attack: 0.12, decay: 0.4, sustain: 0.7, release: 1.2, cutoff: [1.5, 6], cutoffFall: 0.9 },
  /** A short pluck: every token clear and dry. */
  pluck: { shape: 'square', shape2: 'triangle', level2: [0.08, 0.35], attack: 0.002, decay: 0.18, sustain: 0, release: 0.25, cutoff: [2, 10], cutoffFall: 0.3 },
} as const satisfies Record<string, Instrument>;

export type InstrumentName = keyof typeof INSTRUMENTS;

export function instrumentOf(name: string): Instrument {
  return Object.hasOwn(INSTRUMENTS, name) ? INSTRUMENTS[name as InstrumentName] : INSTRUMENTS.qin;
}
