/** @module verseLoopEvents: what the verse loop tells its listeners (the verse as it is written, faults, its state). */
import type { VerseEnd, VerseLine, VerseStart, VerseToken } from '../protocol/events.ts';

export interface VerseLoopEvents {
  'verse:start': (p: VerseStart) => void;
  'verse:token': (p: VerseToken) => void;
  'verse:line': (p: VerseLine) => void;
  'verse:end': (p: VerseEnd) => void;
  /** A runtime fault; the loop keeps running. */
  error: (err: Error) => void;
  /** The loop changed between writing and resting. */
  state: (state: LoopState) => void;
}

/** `writing` a verse, `resting` between verses, or `stopped` (paused or closed). */
export type LoopState = 'stopped' | 'writing' | 'resting';
