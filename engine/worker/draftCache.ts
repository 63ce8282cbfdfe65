/**
 * @module draftCache: the KV cache of the last batch of drafted lines, so that the next line's drafts start from the
 * kept line's cache instead of reading the whole verse again (a prefill per line, which also computed the logits
 * at every position of the verse: the model has no option to skip them). It is used only when the next input
 * continues one of the drafted rows token for token, so a verse's drafts depend on its own requests alone: the
 * same prompt, seed and parameters write the same verse whatever the worker did before.
 */
import { Tensor } from '@huggingface/transformers';
import type { PastEntries } from './decodeLoop.ts';

/** What a batch continuing a drafted row starts from. */
export interface CachedStart {
  /** The cache of the row's first `cached` tokens, repeated for each row of the new batch. */
  past: PastEntries;
  cached: number;
}

export class DraftCache {
  /** Each row's tokens: the batch's input, then what the row sampled. */
  #rows: number[][] = [];
  /** The batch's cache ([rows, heads, positions, head size]); row r is valid over its first `#rows[r].length - 1` positions. */
  #past: PastEntries | null = null;

  /** Keeps a finished batch: its input, each row's sampled tokens, and the cache after its last step (or none). */
  keep(input: readonly number[], sampled: readonly (readonly number[])[], past: PastEntries | null): void {
    this.#past = past;
    this.#rows = past ? sampled.map((row) => [...input, ...row]) : [];
  }

  clear(): void {
    this.#past = null;
    this.#rows = [];
  }

  /**
   * The start for a batch of `count` rows reading `ids`, when `ids` continues a kept row; else null. Either way the
   * cache is spent: a batch that is cancelled leaves none, so whether a later batch finds one never hangs on timing.
   */
  take(ids: readonly number[], count: number): CachedStart | null {
    const past = this.#past;
    const rows = this.#rows;
    this.clear();
    if (!past) return null;
    let best = -1;
    rows.forEach((row, r) => {
      // The row's last token was sampled but never fed, so at least it is still to read.
      if (row.length < 2 || row.length > ids.length || (best >= 0 && row.length <= rows[best]!.length)) return;
      if (row.every((t, i) => t === ids[i])) best = r;
    });
    if (best < 0) return null;
    const cached = rows[best]!.length - 1;
    const out: PastEntries = {};
    for (const [name, t] of Object.entries(past)) out[name] = repeatRow(t, best, cached, count);
    return { past: out, cached };
  }
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
