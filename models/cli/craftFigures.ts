/**
 * @module models/cli/craftFigures: one column of an evaluation's craft table: the figures of craftStats for a set
 * of verses (a run of the model) or poems (the held-out corpus), Chinese or English.
 */
import type { ProsodyTable } from '../../engine/prosody/prosodyTable.ts';
import { modernTone } from '../../engine/prosody/modernFinals.ts';
import {
  attestedNgrams,
  classicalRhyme,
  coupletOpposition,
  englishCraft,
  evenRhyme,
  modernRhyme,
  relevance,
  repetition,
  toneAlternation,
} from './craftStats.ts';
import { lineFinalDoubling, seasonConflict, tripleCharacters, type SeasonClasses } from './coherenceStats.ts';
import type { NgramIndex } from './ngramIndex.ts';
import type { ParallelTable } from '../../engine/coherence/parallelTable.ts';
import type { Share } from './verseStats.ts';

export interface ZhCraft {
  language: 'zh';
  rhymeStrict: Share;
  rhymeLoose: Share;
  rhymeClassical: Share | null;
  alternationModern: Share;
  alternationClassical: Share | null;
  oppositionModern: Share;
  oppositionClassical: Share | null;
  bigrams: Share | null;
  trigrams: Share | null;
  repetition: Share;
  /** Verses naming two or more seasons outright (春, 夏/暑, 秋, 冬/腊); null without a season table. */
  seasonConflict: Share | null;
  /** The same by any season marker of the table (柳, 落叶, …). */
  seasonConflictMarkers: Share | null;
  /** Characters used three or more times in one verse (count, and `perVerse` mean). */
  tripleCharacters: { count: number; verses: number; perVerse: number | null };
  /** Lines ending by doubling their last character. */
  finalDoubling: Share;
  /** Eight-line verses: mean share of parallel slots (对仗) in the middle couplets (lines 3-4, 5-6); null without a table. */
  parallelMiddle: { mean: number | null; couplets: number } | null;
  /** Verses holding a character of their prompt, and of another verse's prompt (chance); null for the corpus. */
  relevance: Share | null;
  relevanceShuffled: Share | null;
}

export interface EnCraft {
  language: 'en';
  iambic: number | null;
  rhymedCouplets: Share;
  words: number | null;
  repetition: Share;
}

export type CraftFigures = ZhCraft | EnCraft;

export interface CraftInput {
  language: string;
  /** Each verse's lines as shown (opening included), for poem-level figures. */
  poems: string[][];
  /** Lines the model itself wrote (or the corpus poem's lines), for line-level figures. */
  lines: string[];
  /** Prompt and the text the model wrote for it; absent for corpus poems. */
  relevance?: { prompt: string; text: string; other: string }[];
  table: ProsodyTable | null;
  ngrams: NgramIndex | null;
  /** Season classes of models/prosody/zh-themes.json; null leaves the season figures out. */
  seasons?: SeasonTable | null;
  /** Parallel pairs of models/prosody/zh-parallel.json; null leaves parallelism out. */
  parallel?: ParallelTable | null;
}

/** Mean parallelism of the middle couplets of the eight-line poems among `poems`. */
function parallelMiddle(poems: readonly string[][], table: ParallelTable): { mean: number | null; couplets: number } {
  const shares = poems.filter((p) => p.length === 8).flatMap((p) => [table.share(p[2]!, p[3]!), table.share(p[4]!, p[5]!)]);
  return { mean: shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : null, couplets: shares.length };
}

/** The season family of a themes table: its seeds (naming a season outright) and its markers. */
export interface SeasonTable {
  seeds: Record<string, string>;
  classes: SeasonClasses;
}

export function craftFigures(x: CraftInput): CraftFigures {
  const texts = x.poems.map((p) => p.join('\n'));
  if (!x.language.startsWith('zh')) return { language: 'en', ...englishCraft(x.poems), repetition: repetition(texts, x.language) };
  const t = x.table;
  const classicalTone = t ? (ch: string) => t.toneOf(ch) : null;
  return {
    language: 'zh',
    rhymeStrict: evenRhyme(x.poems, modernRhyme('strict')),
    rhymeLoose: evenRhyme(x.poems, modernRhyme('loose')),
    rhymeClassical: t ? evenRhyme(x.poems, classicalRhyme(t)) : null,
    alternationModern: toneAlternation(x.lines, modernTone),
    alternationClassical: classicalTone ? toneAlternation(x.lines, classicalTone) : null,
    oppositionModern: coupletOpposition(x.poems, modernTone),
    oppositionClassical: classicalTone ? coupletOpposition(x.poems, classicalTone) : null,
    bigrams: x.ngrams ? attestedNgrams(x.lines, 2, x.ngrams.grams(2)) : null,
    trigrams: x.ngrams ? attestedNgrams(x.lines, 3, x.ngrams.grams(3)) : null,
    repetition: repetition(texts, x.language),
    seasonConflict: x.seasons ? seasonConflict(texts, x.seasons.classes, x.seasons.seeds) : null,
    seasonConflictMarkers: x.seasons ? seasonConflict(texts, x.seasons.classes, x.seasons.seeds, true) : null,
    tripleCharacters: tripleCharacters(texts),
    finalDoubling: lineFinalDoubling(x.lines),
    parallelMiddle: x.parallel ? parallelMiddle(x.poems, x.parallel) : null,
    relevance: x.relevance ? relevance(x.relevance) : null,
    relevanceShuffled: x.relevance ? relevance(x.relevance.map((r) => ({ prompt: r.other, text: r.text }))) : null,
  };
}
