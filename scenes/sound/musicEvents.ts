/**
 * @module musicEvents: the musical events the text is turned into, and the settings that shape them.
 * Plain data on a timeline in seconds, so the mapping is tested in Node and played by any clock (the
 * page's AudioContext, or Tone.Offline when a verse is rendered to a file).
 */
import type { Hertz, NormalRange, Seconds } from '../../protocol/paramSpec.ts';
import type { TunePlan, VerseSource } from '../../protocol/events.ts';
import type { Midi, ModeName } from './scales.ts';

/**
 * What a note stands for: one Chinese character (`char`), one English syllable (`syllable`), a line's
 * rhyme resolving to the tonic (`rhyme`), an accompanying voice (`harmony`) or the closing `cadence`.
 */
export type NoteRole = 'char' | 'syllable' | 'rhyme' | 'harmony' | 'cadence';

export interface NoteEvent {
  kind: 'note';
  role: NoteRole;
  /** The token that made the note; -1 for cadences. */
  seq: number;
  time: Seconds;
  duration: Seconds;
  /** The scale note the contour lands on. */
  midi: Midi;
  /** Semitones around `midi` at the start, middle and end of the glide (a Mandarin tone's shape). */
  contour: readonly [number, number, number];
  /** How long the glide takes from the note's start. */
  glide: Seconds;
  velocity: NormalRange;
  /** Filter opening: a sure model plays dark, an unsure one bright. */
  brightness: NormalRange;
  /** How far the second oscillator strays from consonance (token entropy). */
  dissonance: NormalRange;
  /** Vowel colour of an English syllable (second formant); absent for Chinese. */
  formant?: Hertz;
}

/** A line end breathes: a soft swell of air, and the melody rests. */
export interface BreathEvent {
  kind: 'breath';
  time: Seconds;
  duration: Seconds;
  velocity: NormalRange;
}

export type MusicEvent = NoteEvent | BreathEvent;

/** The `sound.*` values (and the engine's tempo) the composer reads at each token, so moves apply at once. */
export interface ComposerSettings {
  mode: ModeName;
  /** Tonic as a MIDI note. */
  root: Midi;
  /** How full the texture is: 0 a bare melody, 1 harmony under most notes. */
  density: NormalRange;
  /** 0 = notes keep the line's own rhythm on a steady pulse, 1 = exactly when the tokens came. */
  tempoFollow: NormalRange;
  /** Seconds per token at the engine's tempo (its `tempo` parameter, tokens/s). */
  beat: Seconds;
}

/** Settings of a verse as it started: who asked for it decides how loud and full it plays. */
export interface VerseVoice {
  source: VerseSource;
  /** A ci's tune (`verse:start`): its lines' lengths and rhymes, where a shi's are learnt from its first line. */
  tune?: TunePlan;
}

/** Notes that stand for text (one per Chinese character or English syllable), as `data-notes` counts them. */
export function isTextNote(e: MusicEvent): e is NoteEvent {
  return e.kind === 'note' && (e.role === 'char' || e.role === 'syllable' || e.role === 'rhyme');
}

/** Seconds per token for an engine tempo in tokens/s; 0 (full speed) plays at a reading pace. */
export function beatForTempo(tokensPerSecond: number): Seconds {
  return tokensPerSecond > 0 ? 1 / tokensPerSecond : 1 / READING_TEMPO;
}

/** Characters per second a display shows when the engine writes at full speed. */
const READING_TEMPO = 8;
