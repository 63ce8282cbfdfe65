/**
 * @module coherencePenalty: how far a drafted line strays from what a reader expects of the verse so far, in nats
 * taken off its draft score: a season other than the one established, a character used a third time, a line
 * ending that doubles its last character, and more of the corpus's stock phrases than the corpus itself uses.
 */
import type { ParallelTable } from './parallelTable.ts';
import type { ThemeTable } from './themeTable.ts';
import { contradictsSeason, establishedSeason } from './themeMemory.ts';

/** Penalties in nats (a draft's score is its mean log-probability per token plus the drafter's terms). */
export const COHERENCE_PENALTY = {
  /** A line naming a season the verse has not established (autumn verse, a spring willow). */
  season: 3,
  /** A character's third use in the verse; its fourth costs twice that, and so on. */
  triple: 1,
  /** A line that ends by doubling its last character (谁是少年年). */
  doubling: 1,
  /** Per stock trigram beyond what a corpus line of that length holds on average. */
  stock: 1.2,
  /** Bonus (taken off the penalty) per share of parallel slots, for the second line of a middle couplet (lines 4 and 6). */
  parallel: 2,
} as const;

const HAN = /\p{Script=Han}/u;
const han = (text: string): string[] => [...text].filter((c) => HAN.test(c));

/** A draft's penalty by cause, in nats (each 0 when that cause is absent). */
export interface CoherenceParts {
  season: number;
  triple: number;
  doubling: number;
  stock: number;
  /** Negative: the bonus of a line that faces the line before it in parallel where regulated verse wants it. */
  parallel: number;
}

/**
 * The penalty of `line` (its characters, no end mark) after `verse` (the verse so far), by cause; `theme` is the
 * prompt's own text or theme, which establishes a season before any line does.
 */
export function coherenceParts(table: ThemeTable, line: string, verse: string, theme: string, parallel: ParallelTable | null = null): CoherenceParts {
  const parts: CoherenceParts = { season: 0, triple: 0, doubling: 0, stock: 0, parallel: 0 };
  if (parallel) {
    // Lines 4 and 6 (0-based 3 and 5) close the middle couplets of a regulated eight-line poem.
    const lines = verse.split(/[，。！？；\n]/u).filter((l) => l.trim());
    if (lines.length === 3 || lines.length === 5) parts.parallel = -COHERENCE_PENALTY.parallel * parallel.share(lines.at(-1)!, line);
  }
  if (contradictsSeason(table, establishedSeason(table, `${theme} ${verse}`), line)) parts.season = COHERENCE_PENALTY.season;
  const counts = new Map<string, number>();
  for (const c of han(verse)) counts.set(c, (counts.get(c) ?? 0) + 1);
  for (const c of han(line)) {
    const n = (counts.get(c) ?? 0) + 1;
    counts.set(c, n);
    if (n >= 3) parts.triple += COHERENCE_PENALTY.triple * (n - 2); // the fourth use costs twice the third
  }
  const chars = han(line);
  if (chars.length >= 2 && chars.at(-1) === chars.at(-2)) parts.doubling = COHERENCE_PENALTY.doubling;
  let stock = 0;
  for (let i = 0; i + 3 <= chars.length; i++) if (table.stock.has(chars.slice(i, i + 3).join(''))) stock++;
  const expected = Math.max(0, chars.length - 2) * table.stockShare;
  if (stock > expected) parts.stock = COHERENCE_PENALTY.stock * (stock - expected);
  return parts;
}

/** The whole penalty of `line` (see coherenceParts). */
export function coherencePenalty(table: ThemeTable, line: string, verse: string, theme: string, parallel: ParallelTable | null = null): number {
  const p = coherenceParts(table, line, verse, theme, parallel);
  return p.season + p.triple + p.doubling + p.stock + p.parallel;
}
