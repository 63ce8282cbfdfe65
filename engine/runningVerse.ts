/**
 * @module runningVerse: the verse the loop is writing now: its snapshot so far, its abort controllers
 * (the whole verse, the current stream), injections waiting to join, and who wrote each line.
 */
import type { QueuedPrompt } from './promptQueue.ts';
import { lineAuthorship, type LineAuthorship } from './lineAuthorship.ts';
import type { VerseEndReason, VerseSnapshot, VerseStart } from '../protocol/events.ts';

export interface RunningVerse {
  snapshot: VerseSnapshot;
  /** Aborts the whole verse (skip, close). */
  verse: AbortController;
  /** Aborts the current generator stream only (an injection restarts it). */
  stream: AbortController;
  injections: string[];
  /** `verse:start` is sent with the first token, so a verse that produces nothing is never announced. */
  announced: boolean;
  /** The last token closed a line: the verse can end here without a half line on any display. */
  atLineEnd: boolean;
  /** A prompt is waiting: this attract verse ends at its next line end (`yielded`). */
  yielding: boolean;
  /** Who wrote each line, and the machine's other drafts of it. */
  lines: LineAuthorship;
}

/** Why a verse was aborted -> the reason it ends with (anything else is a skip). */
const ABORT_REASONS: Partial<Record<string, VerseEndReason>> = { closed: 'interrupted', yielded: 'yielded' };

/** The reason an aborted verse ends with: `interrupted` when closed, `yielded` when it made way for a prompt, else `skipped`. */
export function abortReason(running: RunningVerse): VerseEndReason {
  return ABORT_REASONS[(running.verse.signal.reason as Error).message] ?? 'skipped';
}

/** A verse about to be written: nothing sent yet, its own abort controllers. */
export function runningVerse(start: VerseStart, revise: QueuedPrompt['revise']): RunningVerse {
  return {
    snapshot: { start, tokens: [], lines: [], text: '' },
    verse: new AbortController(),
    stream: new AbortController(),
    injections: [],
    announced: false,
    atLineEnd: false,
    yielding: false,
    lines: lineAuthorship(revise),
  };
}
