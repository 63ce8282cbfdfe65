/**
 * @module verseSoFar: the running verse as a server that is not the writer rebuilds it: its start (from the
 * writer's snapshot) and the tokens and lines of the verse log, taken in order. An entry already held is
 * skipped (a log read again after an announcement); one past the next expected says something was missed.
 */
import type { VerseLine, VerseSnapshot, VerseStart, VerseToken } from '../../protocol/events.ts';
import type { VerseEntry } from './sharedSnapshot.ts';

/** `added`: taken; `known`: held already; `gap`: an earlier entry is missing; `other`: another verse's. */
export type EntryOutcome = 'added' | 'known' | 'gap' | 'other';

export class VerseSoFar {
  readonly start: VerseStart;
  readonly #tokens: VerseToken[] = [];
  readonly #lines: VerseLine[] = [];
  #text = '';

  constructor(start: VerseStart) {
    this.start = start;
  }

  add(entry: VerseEntry): EntryOutcome {
    if ('token' in entry) {
      const t = entry.token;
      const outcome = this.#place(t.id, t.seq, this.#tokens.length);
      if (outcome === 'added') {
        this.#tokens.push(t);
        this.#text += t.text; // the writer's text is its tokens' text, in order
      }
      return outcome;
    }
    const l = entry.line;
    const outcome = this.#place(l.id, l.index, this.#lines.length);
    if (outcome === 'added') this.#lines.push(l);
    return outcome;
  }

  #place(id: string, at: number, next: number): EntryOutcome {
    if (id !== this.start.id) return 'other';
    return at < next ? 'known' : at > next ? 'gap' : 'added';
  }

  /** The verse as far as it has come (its arrays are this object's own: copy before keeping). */
  snapshot(): VerseSnapshot {
    return { start: this.start, tokens: this.#tokens, lines: this.#lines, text: this.#text };
  }
}
