/**
 * @module models/cli/coherenceStats: the coherence figures a reader notices first, for generated verses and corpus
 * poems alike: verses that name conflicting seasons, characters used three or more times in one verse, and lines
 * that end by doubling their last character. Pure, so the definitions are tested without a model.
 */
import { share, type Share } from './verseStats.ts';

const HAN = /\p{Script=Han}/u;
const han = (text: string): string[] => [...text].filter((c) => HAN.test(c));

/** Season -> its markers (characters or two-character words), the seed that names it outright first. */
export type SeasonClasses = Readonly<Record<string, readonly string[]>>;

/** The seasons a text names outright (its classes' seeds: 春, 夏/暑, 秋, 冬/腊), or by any marker with `markers`. */
export function seasonsIn(text: string, classes: SeasonClasses, seeds: Readonly<Record<string, string>>, markers = false): Set<string> {
  const found = new Set<string>();
  for (const [season, units] of Object.entries(classes)) {
    const named = markers ? units : [...(seeds[season] ?? '')];
    if (named.some((u) => text.includes(u))) found.add(season);
  }
  return found;
}

/** Verses naming two or more different seasons. */
export function seasonConflict(verses: readonly string[], classes: SeasonClasses, seeds: Readonly<Record<string, string>>, markers = false): Share {
  return share(verses.filter((v) => seasonsIn(v, classes, seeds, markers).size >= 2).length, verses.length);
}

/** Characters used three or more times in one verse, counted once per verse each; `share` is the mean per verse. */
export function tripleCharacters(verses: readonly string[]): { count: number; verses: number; perVerse: number | null } {
  let count = 0;
  for (const v of verses) {
    const n = new Map<string, number>();
    for (const c of han(v)) n.set(c, (n.get(c) ?? 0) + 1);
    for (const k of n.values()) if (k >= 3) count++;
  }
  return { count, verses: verses.length, perVerse: verses.length ? count / verses.length : null };
}

/** Lines whose last two characters are the same (谁是少年年); the corpus has such endings too (萋萋), so compare. */
export function lineFinalDoubling(lines: readonly string[]): Share {
  const eligible = lines.map(han).filter((c) => c.length >= 2);
  return share(eligible.filter((c) => c.at(-1) === c.at(-2)).length, eligible.length);
}
