/**
 * @module verseProcessors: our sampling inside transformers.js `generate()`: a logits processor samples each row
 * with its RowSampler and leaves exactly one token standing for the library's greedy step to take, and a
 * stopping criterion ends each row. Two kinds: a streamed verse (one row, paced by the main thread's credits,
 * one message per token) and a batch of line drafts (rows run freely and stop at their line's end).
 */
import { LogitsProcessor, StoppingCriteria, type Tensor } from '@huggingface/transformers';
import type { DraftedRow } from './messages.ts';
import { CONTROL } from './messages.ts';
import { param, type RowContext, type RowSampler } from './rowSampler.ts';

/** A streamed verse may run past max_tokens by at most this many tokens to finish its line. */
export const FINISH_LINE_TOKENS = 48;

/** Leaves only `token` standing in one row of logits. */
function keepOnly(row: Float32Array, token: number): void {
  row.fill(-Infinity);
  row[token] = 0;
}

/** One streamed verse: waits for the main thread's credit before each token, posts each token at once. */
export class StreamProcessor extends LogitsProcessor {
  readonly #row: RowSampler;
  readonly #control: Int32Array;
  readonly #gen: number;
  readonly #post: (token: { text: string; logprob: number; entropy: number }) => void;
  /** The last token ended a line (or nothing was written yet). */
  atLineEnd = true;

  constructor(row: RowSampler, control: Int32Array, gen: number, post: (token: { text: string; logprob: number; entropy: number }) => void) {
    super();
    this.#row = row;
    this.#control = control;
    this.#gen = gen;
    this.#post = post;
  }

  get count(): number {
    return this.#row.count;
  }

  cancelled(): boolean {
    return Atomics.load(this.#control, CONTROL.CANCEL) === this.#gen;
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

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    if (!this.#awaitCredit()) return logits;
    const data = logits.data as Float32Array;
    const pick = this.#row.pick(data);
    keepOnly(data, pick.token);
    const breaks = this.#row.breaks;
    const text = this.#row.accept(pick.token);
    if (!this.#row.isEos(pick.token)) {
      if (text) this.atLineEnd = this.#row.breaks > breaks;
      // An empty text still goes out: the main thread grants the next credit only after a reply.
      this.#post({ text, logprob: pick.logprob, entropy: pick.entropy });
    }
    return logits;
  }
}

export class StreamStop extends StoppingCriteria {
  readonly #p: StreamProcessor;
  readonly #c: RowContext;
  /** Tokens the model's context has room for after the input. */
  readonly #room: number;

  constructor(p: StreamProcessor, c: RowContext, room: number) {
    super();
    this.#p = p;
    this.#c = c;
    this.#room = room;
  }

  /** True at the live max_tokens once the line is finished (or out of grace), or when the context is full. */
  full(): boolean {
    const n = this.#p.count;
    if (n >= this.#room) return true;
    const max = param(this.#c, 'max_tokens');
    return n >= max && (this.#p.atLineEnd || n >= max + FINISH_LINE_TOKENS);
  }

  override _call(inputIds: number[][]): boolean[] {
    const stop = this.#p.cancelled() || this.full();
    return inputIds.map(() => stop);
  }
}

/** A batch of drafts of the next line: each row stops at its line break, at end of text, or at `maxTokens`. */
export class DraftProcessor extends LogitsProcessor {
  readonly rows: RowSampler[];
  readonly results: DraftedRow[];
  readonly #maxTokens: number;
  readonly #padId: number;
  readonly #cancelled: () => boolean;

  constructor(rows: RowSampler[], maxTokens: number, padId: number, cancelled: () => boolean) {
    super();
    this.rows = rows;
    this.results = rows.map(() => ({ tokens: [], ended: 'length', prosody: null }));
    this.#maxTokens = maxTokens;
    this.#padId = padId;
    this.#cancelled = cancelled;
  }

  readonly done: boolean[] = [];

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    const data = logits.data as Float32Array;
    const vocab = data.length / this.rows.length;
    this.rows.forEach((row, r) => {
      const slice = data.subarray(r * vocab, (r + 1) * vocab);
      if (this.done[r] || this.#cancelled()) {
        keepOnly(slice, this.#padId);
        return;
      }
      const pick = row.pick(slice);
      keepOnly(slice, pick.token);
      const result = this.results[r]!;
      const breaks = row.breaks;
      const text = row.accept(pick.token);
      if (row.isEos(pick.token)) {
        result.ended = 'eos';
        this.done[r] = true;
        return;
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
    });
    return logits;
  }
}

export class DraftStop extends StoppingCriteria {
  readonly #p: DraftProcessor;
  readonly #cancelled: () => boolean;

  constructor(p: DraftProcessor, cancelled: () => boolean) {
    super();
    this.#p = p;
    this.#cancelled = cancelled;
  }

  override _call(inputIds: number[][]): boolean[] {
    const all = this.#cancelled() || this.#p.rows.every((_, r) => this.#p.done[r]);
    return inputIds.map(() => all);
  }
}
