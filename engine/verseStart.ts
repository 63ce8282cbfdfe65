/** @module verseStart: the `verse:start` event for a queued prompt; a replay and a revision say so. */
import type { QueuedPrompt } from './promptQueue.ts';
import type { VerseStart } from '../protocol/events.ts';

/** The verse:start event for `item`, written by `model`: a replay and a revision say so. */
export function verseStart(item: QueuedPrompt, model: string, replay: boolean): VerseStart {
  const start: VerseStart = { id: item.id, prompt: item.text, source: item.source, model };
  if (replay) start.replay = true;
  const revise = item.revise;
  if (revise) Object.assign(start, { revisionOf: revise.of, kept: revise.authors.length - (revise.line ? 1 : 0) });
  return start;
}
