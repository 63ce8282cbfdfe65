/**
 * @module verseModel: the verse a page is showing, built from `state` snapshots and `verse:*` events.
 * DOM-free. Tokens are keyed by `seq`, so a token heard twice (a reconnect replays the verse so far)
 * is kept once, and a hole in the sequence is reported so the page can ask the server to fill it.
 */
import type { LineSourceView, VerseEnd, VerseLine, VerseSnapshot, VerseStart, VerseToken } from '../../protocol/events.ts';

export interface LineView {
  index: number;
  text: string;
  /** The server announced the line as finished (`verse:line`). */
  finished: boolean;
  copied: boolean;
  /** The poem a copied line comes from, when known. */
  source?: LineSourceView;
  gloss?: string;
  pinyin?: string;
  /** Who wrote it (`visitor`: their own words); absent until the line is finished. */
  author?: import('../../protocol/events.ts').LineAuthor;
}

export interface VerseModelHooks {
  /** Something visible changed. */
  change?: () => void;
  /** Tokens are missing: ask the server for the verse `id` from `fromSeq` on (`state:resume`). */
  gap?: (id: string, fromSeq: number) => void;
}

export class VerseModel {
  #start: VerseStart | null = null;
  #end: VerseEnd | null = null;
  #tokens = new Map<number, VerseToken>();
  #lines = new Map<number, VerseLine>();
  /** First seq not yet received: everything below it is here. */
  #next = 0;
  /** The last hole reported, so one hole is asked about once, not once per later token. */
  #reported = '';
  readonly #hooks: VerseModelHooks;

  constructor(hooks: VerseModelHooks = {}) {
    this.#hooks = hooks;
  }

  get id(): string | null {
    return this.#start?.id ?? null;
  }

  get start(): VerseStart | null {
    return this.#start;
  }

  /** Set once `verse:end` arrived for the verse shown. */
  get end(): VerseEnd | null {
    return this.#end;
  }

  /** The `fromSeq` to send with `state:resume`. */
  get nextSeq(): number {
    return this.#next;
  }

  get tokenCount(): number {
    return this.#tokens.size;
  }

  begin(p: VerseStart): void {
    if (p.id === this.id) return;
    this.#reset(p);
    this.#changed();
  }

  /** Returns true when the token was new (not a duplicate, not from another verse). */
  token(p: VerseToken): boolean {
    if (p.id !== this.id) {
      // A token of a verse we never saw start (we connected in between): ask for it whole.
      if (this.#end?.id !== p.id) this.#gap(p.id, 0);
      return false;
    }
    if (this.#end || this.#tokens.has(p.seq) || p.seq < 0) return false;
    this.#tokens.set(p.seq, p);
    while (this.#tokens.has(this.#next)) this.#next++;
    if (p.seq > this.#next) this.#gap(p.id, this.#next);
    this.#changed();
    return true;
  }

  line(p: VerseLine): void {
    if (p.id !== this.id) return;
    this.#lines.set(p.index, p);
    this.#changed();
  }

  finish(p: VerseEnd): void {
    if (p.id !== this.id || this.#end) return;
    this.#end = p;
    this.#changed();
  }

  /** Applies a `state` snapshot (whole, or from a `fromSeq` on after a resume). */
  applySnapshot(verse: VerseSnapshot | null): void {
    // Nothing is being written: keep the last verse on screen rather than blanking it.
    if (!verse) return;
    if (verse.start.id !== this.id) this.#reset(verse.start);
    if (this.#end) return;
    for (const t of verse.tokens) {
      if (t.id === verse.start.id && t.seq >= 0) this.#tokens.set(t.seq, t);
    }
    while (this.#tokens.has(this.#next)) this.#next++;
    for (const l of verse.lines) this.#lines.set(l.index, l);
    // A verse that ended while this page was away comes back with its end (answer to `state:resume`).
    if (verse.end?.id === verse.start.id) this.#end = verse.end;
    this.#changed();
  }

  /** The tokens received so far, in `seq` order (with their entropy and line), for scenes that draw each one. */
  tokens(): VerseToken[] {
    return [...this.#tokens.values()].sort((a, b) => a.seq - b.seq);
  }

  /** The lines so far, in order: finished lines as announced, the line being written from its tokens. */
  lines(): LineView[] {
    const fromTokens = new Map<number, string>();
    for (const t of [...this.#tokens.values()].sort((a, b) => a.seq - b.seq)) {
      fromTokens.set(t.line, (fromTokens.get(t.line) ?? '') + t.text);
    }
    const indexes = [...new Set([...fromTokens.keys(), ...this.#lines.keys()])].sort((a, b) => a - b);
    const out: LineView[] = [];
    for (const index of indexes) {
      const done = this.#lines.get(index);
      const text = (done?.text ?? fromTokens.get(index) ?? '').replace(/\s+/g, ' ').trim();
      // Stanza breaks (a token that is only a newline) make no visible line.
      if (!text) continue;
      const view: LineView = { index, text, finished: done !== undefined, copied: done?.copied === true };
      if (done?.gloss) view.gloss = done.gloss;
      if (done?.pinyin) view.pinyin = done.pinyin;
      if (done?.source) view.source = done.source;
      if (done?.author) view.author = done.author;
      out.push(view);
    }
    return out;
  }

  #reset(start: VerseStart): void {
    this.#start = start;
    this.#end = null;
    this.#tokens = new Map();
    this.#lines = new Map();
    this.#next = 0;
    this.#reported = '';
  }

  #gap(id: string, fromSeq: number): void {
    const key = `${id}@${fromSeq}`;
    if (key === this.#reported) return;
    this.#reported = key;
    this.#hooks.gap?.(id, fromSeq);
  }

  #changed(): void {
    this.#hooks.change?.();
  }
}
