/**
 * @module models/cli/craftStats: the figures of verse craft an evaluation reports, for generated verses and for
 * corpus poems alike, from their lines alone: even-line rhyme (modern strict and loose finals, classical groups),
 * level/oblique alternation at positions 2/4(/6), couplet opposition at position 2, relevance to a prompt,
 * repeated characters, and English metre, rhyme and real words. Pure, so definitions are tested without a model.
 */
import { iambicShare, linesRhyme, wordShare } from '../../engine/prosody/englishMetre.ts';
import { modernRhymeClass, modernTone } from '../../engine/prosody/modernFinals.ts';
import type { ProsodyTable, Tone } from '../../engine/prosody/prosodyTable.ts';
import { share, type Share } from './verseStats.ts';

const HAN = /\p{Script=Han}/u;
const han = (line: string): string[] => [...line].filter((c) => HAN.test(c));

export type ToneOf = (ch: string) => Tone | null;
/** True when two characters rhyme under one grouping. */
export type RhymeTest = (a: string, b: string) => boolean;

export const modernRhyme =
  (grouping: 'strict' | 'loose'): RhymeTest =>
  (a, b) => {
    const ca = modernRhymeClass(a, grouping);
    return ca !== null && ca === modernRhymeClass(b, grouping);
  };

export const classicalRhyme =
  (table: ProsodyTable): RhymeTest =>
  (a, b) =>
    table.rhymes(a, b);

/** Poems of 4+ lines whose even lines (2nd, 4th, ...) all end in characters that rhyme with the 2nd line's. */
export function evenRhyme(poems: readonly string[][], rhymes: RhymeTest): Share {
  const eligible = poems.filter((p) => p.length >= 4);
  const ok = eligible.filter((p) => {
    const ends = p.filter((_, i) => i % 2 === 1).map((l) => han(l).at(-1));
    return ends.every((e) => e !== undefined) && ends.slice(1).every((e) => rhymes(ends[0]!, e!));
  });
  return share(ok.length, eligible.length);
}

/** Lines of 5+ characters whose 2nd and 4th (and for 7, 6th) characters alternate level/oblique; unknown tones left out. */
export function toneAlternation(lines: readonly string[], toneOf: ToneOf): Share {
  let count = 0;
  let total = 0;
  for (const line of lines) {
    const c = han(line);
    if (c.length < 5) continue;
    const positions = c.length >= 7 ? [1, 3, 5] : [1, 3];
    const tones = positions.map((p) => toneOf(c[p]!));
    if (tones.some((t) => t === null)) continue;
    total++;
    if (tones.every((t, i) => i === 0 || t !== tones[i - 1])) count++;
  }
  return share(count, total);
}

/** Couplets whose two lines differ in tone at their 2nd character; unknown tones left out. */
export function coupletOpposition(poems: readonly string[][], toneOf: ToneOf): Share {
  let count = 0;
  let total = 0;
  for (const p of poems) {
    for (let i = 0; i + 1 < p.length; i += 2) {
      const a = han(p[i]!)[1];
      const b = han(p[i + 1]!)[1];
      const ta = a ? toneOf(a) : null;
      const tb = b ? toneOf(b) : null;
      if (!ta || !tb) continue;
      total++;
      if (ta !== tb) count++;
    }
  }
  return share(count, total);
}

/** Verses whose text holds at least one Han character of their prompt. */
export function relevance(items: ReadonlyArray<{ prompt: string; text: string }>): Share {
  const eligible = items.filter((x) => han(x.prompt).length > 0);
  return share(eligible.filter((x) => han(x.prompt).some((c) => x.text.includes(c))).length, eligible.length);
}

/** Characters (Han, or English words) that already appeared earlier in the same verse, out of all. */
export function repetition(verses: readonly string[], language: string): Share {
  let count = 0;
  let total = 0;
  for (const v of verses) {
    const units = language.startsWith('zh') ? han(v) : (v.toLowerCase().match(/[a-z']+/g) ?? []);
    const seen = new Set<string>();
    for (const u of units) {
      total++;
      if (seen.has(u)) count++;
      seen.add(u);
    }
  }
  return share(count, total);
}

/** Within-line character n-grams found in `attested`. */
export function attestedNgrams(lines: readonly string[], n: number, attested: { has(gram: string): boolean }): Share {
  let count = 0;
  let total = 0;
  for (const line of lines) {
    const c = han(line);
    for (let i = 0; i + n <= c.length; i++) {
      total++;
      if (attested.has(c.slice(i, i + n).join(''))) count++;
    }
  }
  return share(count, total);
}

/** English: mean iambic share over lines with known stresses, couplets whose lines rhyme, and words that are words. */
export function englishCraft(poems: readonly string[][]): { iambic: number | null; rhymedCouplets: Share; words: number | null } {
  const lines = poems.flat();
  const iambs = lines.map(iambicShare).filter((x): x is number => x !== null);
  let rhymed = 0;
  let couplets = 0;
  for (const p of poems) for (let i = 0; i + 1 < p.length; i += 2, couplets++) if (linesRhyme(p[i]!, p[i + 1]!)) rhymed++;
  const words = lines.map(wordShare);
  return {
    iambic: iambs.length ? iambs.reduce((a, b) => a + b, 0) / iambs.length : null,
    rhymedCouplets: share(rhymed, couplets),
    words: words.length ? words.reduce((a, b) => a + b, 0) / words.length : null,
  };
}
