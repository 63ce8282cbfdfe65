/**
 * @module models/cli/tuneText: turns an artist's poems into training samples in the base model's own format and
 * vocabulary, and says what it had to change.
 *
 * Chinese (char-level Tang model): a poem is one run of characters with its line marks (，。！？；), no newlines, as
 * `title\npoem` or `poem`; ASCII and other marks become the model's marks, a line without a mark gets `，` (odd lines) or
 * `。` (even lines, and the last). A character the vocabulary lacks is replaced by its Simplified form when that is in
 * the vocabulary (the base was trained on Simplified text); otherwise the line holding it is left out of the poem
 * (the rest of the poem is kept), and a poem left with fewer than two lines is left out. Both are counted for the card.
 * English (verse-en): lines joined by `\n`; accents dropped (é -> e) and typographic quotes and dashes made plain
 * when the vocabulary lacks them; a line still holding a missing character is left out the same way.
 */
import * as OpenCC from 'opencc-js';
import type { Rng } from '../../engine/rng.ts';
import type { ArtistPoem } from './tuneCorpus.ts';

/** What fitting the poems to the vocabulary did, for the model card. */
export interface FitReport {
  /** Poems read, and poems kept (with at least two lines left). */
  poemsRead: number;
  poemsKept: number;
  /** Lines left out because they held a character the vocabulary lacks. */
  linesDropped: number;
  /** Characters of the kept poems' text (titles excluded). */
  characters: number;
  /** Characters replaced by a form in the vocabulary (from -> to), with how often. */
  mapped: { from: string; to: string; count: number }[];
  /** Characters the vocabulary lacks even after mapping, with how often they occurred; their lines were left out. */
  missing: { char: string; count: number }[];
}

/** A kept poem: its body in the model's format (no title) and the training sample (title and body, or body alone). */
export interface FittedPoem {
  title: string;
  body: string;
  /** The body's verse lines, marks removed: what a generated line is compared with for the verbatim share. */
  lines: string[];
}

export const ZH_MARKS = '，。！？；';
const ZH_PUNCT: Record<string, string> = { ',': '，', '.': '。', '!': '！', '?': '？', ';': '；', '、': '，', '：': '，', ':': '，', '…': '。' };
/** Quote and title marks sit inside lines; they are not characters of the verse (as in the base corpus). */
const ZH_DROP = /[《》「」『』〈〉“”‘’"'·\s]/gu;
const EN_PLAIN: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201C': '"', '\u201D': '"', '\u2014': '-', '\u2013': '-', '\u2026': '...' };

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

class Fitter {
  readonly mapped = new Map<string, { to: string; count: number }>();
  readonly missing = new Map<string, number>();

  constructor(private readonly vocab: ReadonlySet<string>, private readonly language: string) {}

  /** The character as the vocabulary has it, or null (counted as missing). */
  char(ch: string): string | null {
    if (this.vocab.has(ch)) return ch;
    const candidates = this.language === 'zh' ? [toSimplified(ch)] : [EN_PLAIN[ch] ?? '', ch.normalize('NFKD').replace(/\p{M}/gu, '')];
    const to = candidates.find((c) => c && c !== ch && [...c].every((x) => this.vocab.has(x)));
    if (to !== undefined) {
      const m = this.mapped.get(ch) ?? { to, count: 0 };
      m.count++;
      this.mapped.set(ch, m);
      return to;
    }
    this.missing.set(ch, (this.missing.get(ch) ?? 0) + 1);
    return null;
  }

  /** The text with every character fitted, or null when one is missing (counted unless `quiet`: titles). */
  text(s: string, quiet = false): string | null {
    if (quiet) return [...s].every((ch) => this.vocab.has(ch) || this.vocab.has(toSimplified(ch))) ? this.text(s) : null;
    let out = '';
    let ok = true;
    for (const ch of s) {
      const c = this.char(ch);
      if (c === null) ok = false;
      else out += c;
    }
    return ok ? out : null;
  }
}

/** Chinese verse lines of one poem, each ending in one of the model's marks. */
function zhLines(poem: ArtistPoem): string[] {
  const out: string[] = [];
  for (const raw of poem.lines) {
    const s = [...raw.replace(ZH_DROP, '')].map((c) => ZH_PUNCT[c] ?? c).join('');
    const parts = s.match(new RegExp(`[^${ZH_MARKS}]+[${ZH_MARKS}]*|[${ZH_MARKS}]+`, 'gu')) ?? [];
    for (const p of parts) {
      const text = p.replace(new RegExp(`[${ZH_MARKS}]+$`, 'u'), '');
      if (!text) continue;
      const mark = p.slice(text.length, text.length + 1);
      out.push(text + (mark || (out.length % 2 === 0 ? '，' : '。')));
    }
  }
  if (out.length && out.at(-1)!.endsWith('，')) out[out.length - 1] = out.at(-1)!.slice(0, -1) + '。';
  return out;
}

/**
 * Fits the poems to the base model's vocabulary and format (see the module comment).
 * `rng` decides which zh samples carry their title (as the base corpus: 70% with, 30% without).
 */
export function fitPoems(poems: readonly ArtistPoem[], vocab: ReadonlySet<string>, language: string, rng: Rng): { poems: (FittedPoem & { sample: string })[]; report: FitReport } {
  const lang = language.split('-')[0]!;
  const fit = new Fitter(vocab, lang);
  const kept: (FittedPoem & { sample: string })[] = [];
  let linesDropped = 0;
  let characters = 0;
  for (const poem of poems) {
    const lines = (lang === 'zh' ? zhLines(poem) : poem.lines).map((l) => fit.text(l));
    const good = lines.filter((l): l is string => l !== null);
    linesDropped += lines.length - good.length;
    if (good.length < 2) continue;
    const body = lang === 'zh' ? good.join('') : good.join('\n');
    // A title the vocabulary cannot write is left off (the poem is kept, as an untitled sample).
    const title = lang === 'zh' ? (fit.text(poem.title.replace(ZH_DROP, '').replace(/[^\p{Script=Han}]/gu, ''), true) ?? '') : '';
    const withTitle = title !== '' && rng() >= 0.3;
    characters += [...body].length;
    const verseLines = good.map((l) => (lang === 'zh' ? l.slice(0, -1) : l));
    kept.push({ title, body, lines: verseLines, sample: withTitle ? `${title}\n${body}` : body });
  }
  const report: FitReport = {
    poemsRead: poems.length,
    poemsKept: kept.length,
    linesDropped,
    characters,
    mapped: [...fit.mapped].map(([from, m]) => ({ from, to: m.to, count: m.count })).sort((a, b) => b.count - a.count),
    missing: [...fit.missing].map(([char, count]) => ({ char, count })).sort((a, b) => b.count - a.count),
  };
  return { poems: kept, report };
}
