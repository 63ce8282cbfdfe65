/**
 * @module lineJudge: the seam between line drafting and the checks a finished line must pass before a
 * visitor sees it (moderation word lists, originality against the training corpus). The drafter asks every
 * judge about each drafted line; a refused line is redrafted (or, when drafting is off or out of tries,
 * handled by the judge's fallback action). Judges are pure and fast: they run on every draft.
 */

/** Why a line was refused: shown (in the visitor's language) and counted in /metrics. */
export type LineRefusalReason = 'moderated' | 'copied';

export type LineVerdict = { ok: true } | { ok: false; reason: LineRefusalReason; detail?: string };

export interface LineJudge {
  /** Stable name for logs and metrics (`moderation`, `originality`). */
  readonly name: string;
  /** Judges one complete line (its characters without the line-end punctuation). */
  judge(line: string): LineVerdict;
}

/** The first refusal of any judge, or ok. */
export function judgeLine(judges: readonly LineJudge[], line: string): LineVerdict & { judge?: string } {
  for (const j of judges) {
    const v = j.judge(line);
    if (!v.ok) return { ...v, judge: j.name };
  }
  return { ok: true };
}
