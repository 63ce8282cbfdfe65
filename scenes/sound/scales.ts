/**
 * @module scales: the modes the `sound.mode` parameter offers and the arithmetic from scale degrees to
 * MIDI notes and hertz. Pure and browser-safe.
 */
import type { Hertz } from '../../protocol/paramSpec.ts';

/** Semitone steps of one octave of each mode, from the tonic. */
export const MODES = {
  pentatonic: [0, 2, 4, 7, 9],
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  lydian: [0, 2, 4, 6, 7, 9, 11],
} as const satisfies Record<string, readonly number[]>;

export type ModeName = keyof typeof MODES;

/** A MIDI note number; fractional values are between semitones. */
export type Midi = number;

export function isMode(name: string): name is ModeName {
  return Object.hasOwn(MODES, name);
}

/** The MIDI note of scale degree `degree` (0 = the tonic, negative = below it) over `root`. */
export function degreeToMidi(root: Midi, mode: ModeName, degree: number): Midi {
  const steps = MODES[mode];
  const n = steps.length;
  const octave = Math.floor(degree / n);
  const inOctave = degree - octave * n;
  return root + 12 * octave + steps[inOctave]!;
}

/** Degrees in one octave of the mode. */
export function degreesPerOctave(mode: ModeName): number {
  return MODES[mode].length;
}

/** The scale degree of the mode's fifth (dominant), for cadences. */
export function dominantDegree(mode: ModeName): number {
  return MODES[mode].findIndex((s) => s === 7);
}

export function midiToHz(midi: Midi): Hertz {
  return 440 * 2 ** ((midi - 69) / 12);
}

export function hzToMidi(hz: Hertz): Midi {
  return 69 + 12 * Math.log2(hz / 440);
}
