/**
 * @module draftCarry: what the last batch of drafted lines leaves for the next line's batch, kept per row: the row's
 * tokens with the batch's KV cache, and its form tracker. The next batch starts from a kept row's cache instead of
 * reading the whole verse again (a prefill per line, which also computed the logits at every position of the verse:
 * the model has no option to skip them), and from its tracker instead of re-reading the verse.
 *
 * Each is used only when the next request continues a kept row exactly: the cache when its input ids continue the
 * row's tokens token for token, the tracker when its body is the row's body under the same plan (a tracker that
 * read the verse in pieces is in the state of one that read it at once). So a verse's drafts depend on its own
 * requests alone: the same prompt, seed and parameters write the same verse whatever the worker did before.
 */
import { Tensor } from './transformersRuntime.ts';
import type { FormTracker } from '../form.ts';
import type { VersePlan } from '../versePlan.ts';
import type { PastEntries } from './decodeLoop.ts';

/** What a batch continuing a drafted row starts from. */
export interface CachedStart {
  /** The cache of the row's first `cached` tokens, repeated for each row of the new batch. */
  past: PastEntries;
  cached: number;
}

/** A finished batch, as `keep` takes it. */
export interface FinishedBatch {
  /** The batch's input ids and verse body. */
  ids: readonly number[];
  body: string;
  plan: VersePlan | undefined;
  /** The cache after the batch's last step ([rows, heads, positions, head size]), or none. */
  past: PastEntries | null;
  /** Per row: the tokens it sampled, the text it wrote and its form tracker (none without form rules). */
  rows: ReadonlyArray<{ sampled: readonly number[]; text: string; form: FormTracker | null }>;
}

/** What the next batch carries over (either part may be missing). */
export interface Carried {
  start: CachedStart | null;
  /** A tracker that has read the batch's body under its plan (a clone per call). */
  form: (() => FormTracker) | null;
}

/** One kept row: its tokens (the batch's input, then what it sampled; null without a cache), its body and tracker. */
interface KeptRow {
  tokens: number[] | null;
  body: string;
  form: FormTracker | null;
}

export class DraftCarry {
  #rows: KeptRow[] = [];
  /** The batch's cache; row r is valid over its first `#rows[r].tokens.length - 1` positions. */
  #past: PastEntries | null = null;
  #plan = '';

  /** Keeps a finished batch for the next one. */
  keep(batch: FinishedBatch): void {
    this.#past = batch.past;
    this.#plan = JSON.stringify(batch.plan ?? {});
    this.#rows = batch.rows.map((r) => ({ tokens: batch.past ? [...batch.ids, ...r.sampled] : null, body: batch.body + r.text, form: r.form }));
  }

  clear(): void {
    this.#past = null;
    this.#rows = [];
  }

  /**
   * What a batch of `count` rows reading `ids` with `body` under `plan` starts from. Either way what was kept is
   * spent: a batch that is cancelled leaves nothing, so whether a later batch finds a carry never hangs on timing.
   */
  take(next: { ids: readonly number[]; count: number; body: string; plan: VersePlan | undefined }): Carried {
    const rows = this.#rows;
    const past = this.#past;
    const plan = this.#plan;
    this.clear();
    return { start: past ? cachedStart(rows, past, next.ids, next.count) : null, form: keptForm(rows, plan, next.body, next.plan) };
  }
}

/** The longest kept row whose tokens `ids` continue, its cache copied out for `count` rows; else null. */
function cachedStart(rows: readonly KeptRow[], past: PastEntries, ids: readonly number[], count: number): CachedStart | null {
  let best = -1;
  rows.forEach(({ tokens }, r) => {
    // The row's last token was sampled but never fed, so at least it is still to read.
    if (!tokens || tokens.length < 2 || tokens.length > ids.length || (best >= 0 && tokens.length <= rows[best]!.tokens!.length)) return;
    if (tokens.every((t, i) => t === ids[i])) best = r;
  });
  if (best < 0) return null;
  const cached = rows[best]!.tokens!.length - 1;
  const out: PastEntries = {};
  for (const [name, t] of Object.entries(past)) out[name] = repeatRow(t, best, cached, count);
  return { past: out, cached };
}

function keptForm(rows: readonly KeptRow[], keptPlan: string, body: string, plan: VersePlan | undefined): (() => FormTracker) | null {
  if (JSON.stringify(plan ?? {}) !== keptPlan) return null;
  const form = rows.find((r) => r.form && r.body === body)?.form;
  return form ? () => form.clone() : null;
}

/** Row `r` of a [rows, heads, positions, size] tensor, its first `positions` positions, `count` times over. */
function repeatRow(t: Tensor, r: number, positions: number, count: number): Tensor {
  const [rows, heads, length, size] = t.dims as [number, number, number, number];
  // One row kept whole, for one row: handed over as it is (the cache is spent, no one else holds it).
  if (rows === 1 && count === 1 && length === positions) return t;
  const data = t.data as Float32Array;
  const Typed = data.constructor as new (n: number) => Float32Array;
  const block = positions * size;
  const one = new Typed(heads * block);
  for (let h = 0; h < heads; h++) {
    const from = (r * heads + h) * length * size;
    one.set(data.subarray(from, from + block), h * block);
  }
  if (count === 1) return new Tensor(t.type, one, [1, heads, positions, size]);
  const all = new Typed(count * one.length);
  for (let c = 0; c < count; c++) all.set(one, c * one.length);
  return new Tensor(t.type, all, [count, heads, positions, size]);
}
