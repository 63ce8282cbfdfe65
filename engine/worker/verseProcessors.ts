/**
 * @module verseProcessors: our sampling in the worker's decode loop (decodeLoop): each step samples every row with
 * its RowSampler and says which token each row takes, or that the generation stops. Two kinds: a streamed verse
 * (one row, paced by the main thread's credits, one message per token) and a batch of line drafts (rows run freely
 * and stop at their line's end).
 */
import { FINISH_LINE_TOKENS, type DraftedLine } from '../generator.ts';
import { CONTROL } from './messages.ts';
import type { ParamFrame } from './paramFrame.ts';
import type { ParamStep } from './messages.ts';
import type { RowContext, RowSampler } from './rowSampler.ts';

/** Posts one streamed token, with the parameters it was sampled with when they changed at it. */
type PostToken = (token: { text: string; logprob: number; entropy: number; params?: ParamStep }) => void;

/** One streamed verse: waits for the main thread's credit before each token, posts each token at once. */
export class StreamProcessor {
  readonly #row: RowSampler;
  readonly #c: RowContext;
  readonly #control: Int32Array;
  readonly #gen: number;
  readonly #post: PostToken;
  readonly #frame: ParamFrame;
  /** Tokens the model's context has room for after the input. */
  readonly #room: number;
  /** The last token ended a line (or nothing was written yet). */
  atLineEnd = true;

  /** `c.params` must be `frame`: the frame fixes them per step. */
  constructor(row: RowSampler, c: RowContext, frame: ParamFrame, control: Int32Array, gen: number, room: number, post: PostToken) {
    this.#row = row;
    this.#frame = frame;
    this.#c = c;
    this.#control = control;
    this.#gen = gen;
    this.#room = room;
    this.#post = post;
  }

  get count(): number {
    return this.#row.count;
  }

  cancelled(): boolean {
    return Atomics.load(this.#control, CONTROL.CANCEL) === this.#gen;
  }

  /** True at the live max_tokens once the line is finished (or out of grace), or when the context is full. */
  full(): boolean {
    const n = this.count;
    if (n >= this.#room) return true;
    const max = this.#c.params.get('max_tokens');
    return n >= max && (this.atLineEnd || n >= max + FINISH_LINE_TOKENS);
  }

  #awaitCredit(): boolean {
    const c = this.#control;
    for (;;) {
      if (this.cancelled()) return false;
      const credits = Atomics.load(c, CONTROL.CREDITS);
      if (credits > 0) {
        Atomics.sub(c, CONTROL.CREDITS, 1);
        return true;
      }
      Atomics.wait(c, CONTROL.CREDITS, credits, 250);
    }
  }

  /** One decode step (see DecodeStep): the next token once the main thread asks for it; null at the verse's end. */
  readonly step = (logits: (row: number) => Float32Array): number[] | null => {
    // The credit comes first: the parameters read below are those in force when the token was asked for.
    if (!this.#awaitCredit()) return null;
    const change = this.#frame.refresh(this.#row.count);
    const pick = this.#row.pick(logits(0));
    const breaks = this.#row.breaks;
    const text = this.#row.accept(pick.token);
    if (this.#row.isEos(pick.token)) return null;
    if (text) this.atLineEnd = this.#row.breaks > breaks;
    // An empty text still goes out: the main thread grants the next credit only after a reply.
    this.#post(change ? { text, logprob: pick.logprob, entropy: pick.entropy, params: change } : { text, logprob: pick.logprob, entropy: pick.entropy });
    return this.cancelled() || this.full() ? null : [pick.token];
  };
}

/** A batch of drafts of the next line: each row stops at its line break, at end of text, or at `maxTokens`. */
export class DraftProcessor {
  readonly rows: RowSampler[];
  readonly results: DraftedLine[];
  /** The tokens each row sampled (end of text included), for the draft cache. */
  readonly sampled: number[][];
  readonly #maxTokens: number;
  readonly #padId: number;
  readonly #cancelled: () => boolean;
  readonly #frame: ParamFrame;
  #steps = 0;
  readonly done: boolean[] = [];

  /** The rows' context params must be `frame`: the frame fixes them per step. */
  constructor(rows: RowSampler[], frame: ParamFrame, maxTokens: number, padId: number, cancelled: () => boolean) {
    this.rows = rows;
    this.#frame = frame;
    this.results = rows.map(() => ({ tokens: [], ended: 'length', prosody: null }));
    this.sampled = rows.map(() => []);
    this.#maxTokens = maxTokens;
    this.#padId = padId;
    this.#cancelled = cancelled;
  }

  /** One decode step (see DecodeStep): every unfinished row's next token (finished rows are fed padding). */
  readonly step = (logits: (row: number) => Float32Array): number[] | null => {
    if (this.#cancelled()) return null;
    this.#frame.refresh(this.#steps++);
    const tokens = this.rows.map((row, r) => {
      if (this.done[r]) return this.#padId;
      const pick = row.pick(logits(r));
      const result = this.results[r]!;
      const breaks = row.breaks;
      const text = row.accept(pick.token);
      this.sampled[r]!.push(pick.token);
      if (row.isEos(pick.token)) {
        result.ended = 'eos';
        this.done[r] = true;
        return pick.token;
      }
      result.tokens.push({ text, logprob: pick.logprob, entropy: pick.entropy });
      if (row.breaks > breaks) {
        result.ended = 'line';
        this.done[r] = true;
        if (row.form) {
          const { checks, hits } = row.form.lastLine;
          result.prosody = checks > 0 ? hits / checks : null;
        }
      } else if (result.tokens.length >= this.#maxTokens) {
        this.done[r] = true;
      }
      return pick.token;
    });
    return this.#cancelled() || this.rows.every((_, r) => this.done[r]) ? null : tokens;
  };
}
