/** @module verseMetrics: counts finished verses by source and reason, and times each verse's first token. */
import type { Clock } from '../engine/clock.ts';
import type { Emitter } from '../engine/emitter.ts';
import type { VerseLoopEvents } from '../engine/verseLoopEvents.ts';
import type { Metrics } from './metrics.ts';

/** Listens to the loop's events; returns a function that stops listening. */
export function trackVerseMetrics(events: Emitter<VerseLoopEvents>, metrics: Metrics, clock: Clock): () => void {
  let verse = { source: 'attract', at: 0, first: false };
  // A verse is announced with its first token; its wait is timed from when the loop began writing it.
  let writingAt = 0;
  const offs = [
    events.on('state', (s) => s === 'writing' && (writingAt = clock.now())),
    events.on('verse:start', (s) => (verse = { source: s.source, at: writingAt, first: false })),
    events.on('verse:token', () => {
      if (verse.first) return;
      verse.first = true;
      metrics.firstToken.observe((clock.now() - verse.at) / 1000);
    }),
    events.on('verse:end', (end) => metrics.verses.inc({ source: verse.source, reason: end.reason })),
  ];
  return () => offs.forEach((off) => off());
}
