/**
 * @module formCarry: the form trackers of the last batch of drafted lines, so that the next line's drafts continue
 * the kept line's tracker instead of re-reading the whole verse. Used only when the next request's body is a kept
 * row's body token for token (its batch's body and what the row wrote) under the same plan: a tracker that read
 * the verse in pieces is in the state of one that read it at once, so what is written does not change.
 */
import type { FormTracker } from '../form.ts';
import type { VersePlan } from '../versePlan.ts';

/** What a row leaves for the next batch. */
interface KeptRow {
  body: string;
  form: FormTracker;
}

export class FormCarry {
  #rows: KeptRow[] = [];
  #plan = '';

  /** Keeps a finished batch's trackers: `body` is the batch's body, each row's `text` what it wrote. */
  keep(body: string, plan: VersePlan | undefined, rows: ReadonlyArray<{ text: string; form: FormTracker | null }>): void {
    this.#plan = JSON.stringify(plan ?? {});
    this.#rows = rows.flatMap((r) => (r.form ? [{ body: body + r.text, form: r.form }] : []));
  }

  clear(): void {
    this.#rows = [];
  }

  /**
   * A tracker that has read `body` under `plan` (a clone per call), or null; as with the draft cache, what was kept
   * is spent either way, so whether a later batch finds one never hangs on what happened between.
   */
  take(body: string, plan: VersePlan | undefined): (() => FormTracker) | null {
    const rows = this.#rows;
    this.clear();
    if (JSON.stringify(plan ?? {}) !== this.#plan) return null;
    const kept = rows.find((r) => r.body === body);
    return kept ? () => kept.form.clone() : null;
  }
}
