/**
 * @module lastVerse: the verse that ended last, kept whole (tokens, lines and its end), so a page that lost
 * its connection while that verse was written and asks to resume it (`state:resume`) still gets the rest of
 * it and its end, even though the loop is resting (or writing nothing) by the time it is back.
 */
import type { VerseLoop } from '../engine/verseLoop.ts';
import type { VerseSnapshot } from '../protocol/events.ts';

export class LastVerse {
  #writing: VerseSnapshot | null = null;
  #ended: VerseSnapshot | null = null;
  readonly #offs: Array<() => void>;

  constructor(loop: Pick<VerseLoop, 'current' | 'events'>) {
    this.#offs = [
      // The running verse's snapshot is gone from the loop once it ends: hold on to it while it is written.
      loop.events.on('verse:token', () => {
        this.#writing = loop.current();
      }),
      loop.events.on('verse:end', (end) => {
        const snap = this.#writing;
        this.#writing = null;
        this.#ended = snap?.start.id === end.id ? { ...snap, tokens: [...snap.tokens], lines: [...snap.lines], end } : null;
      }),
    ];
  }

  /** The verse `id` with its end, when it is the one that ended last; else null. */
  get(id: string): VerseSnapshot | null {
    return this.#ended?.start.id === id ? this.#ended : null;
  }

  close(): void {
    for (const off of this.#offs.splice(0)) off();
    this.#writing = this.#ended = null;
  }
}
