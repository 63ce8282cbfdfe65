/**
 * @module pinyinInput: pinyin-to-character candidates without a system input method, for the kiosk's
 * on-screen keyboard and for the language bridge. The table (toneless pinyin -> words, most used in Tang and
 * Song poems first; about 1.6 MB) is built by scripts/build-visitor-data.ts and read on first use, server-side.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../projectRoot.ts';

export const PINYIN_TABLE = projectPath('engine', 'bridge', 'pinyin-words.json');

export interface PinyinCandidate {
  /** Characters to insert. */
  text: string;
  /** How many letters of the typed pinyin they replace (from its start). */
  consumed: number;
}

/** Most candidates returned for one request. */
export const MAX_CANDIDATES = 24;
const LONGEST_SYLLABLE = 6;

export class PinyinInput {
  /** Pinyin -> its words joined by spaces, as the table file holds them: split when asked for (a kiosk keystroke, a
   * few keys), not at load, where 100,000 arrays and their word strings held about 5 MB of the main heap for good. */
  readonly #table: Map<string, string>;
  readonly #keys: string[];
  readonly #syllables = new Set<string>();

  constructor(table: Record<string, string>) {
    this.#table = new Map(Object.entries(table));
    this.#keys = [...this.#table.keys()].sort();
    for (const [k, words] of this.#table) if (words.split(' ').some((w) => [...w].length === 1)) this.#syllables.add(k);
  }

  static load(file: string = PINYIN_TABLE): PinyinInput {
    return new PinyinInput(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
  }

  /** Splits letters into pinyin syllables (longest first, backtracking); null when they are not pinyin. */
  syllables(letters: string): string[] | null {
    const s = letters.toLowerCase().replace(/ü/g, 'v');
    const memo = new Map<number, string[] | null>();
    const from = (i: number): string[] | null => {
      if (i === s.length) return [];
      if (memo.has(i)) return memo.get(i)!;
      let found: string[] | null = null;
      for (let len = Math.min(LONGEST_SYLLABLE, s.length - i); len > 0 && !found; len--) {
        const syl = s.slice(i, i + len);
        if (!this.#syllables.has(syl)) continue;
        const rest = from(i + len);
        if (rest) found = [syl, ...rest];
      }
      memo.set(i, found);
      return found;
    };
    return /^[a-zv]+$/.test(s) ? from(0) : null;
  }

  /** Words for exactly this toneless pinyin (e.g. `qiufeng` -> 秋风), most used first. */
  words(key: string): readonly string[] {
    return this.#table.get(key)?.split(' ') ?? [];
  }

  /** Every word of the table, the most used of each pinyin first (idea sparks pair characters from it). */
  *allWords(): Generator<string> {
    const byRank: string[][] = [];
    for (const words of this.#table.values()) words.split(' ').forEach((w, i) => (byRank[i] ??= []).push(w));
    for (const rank of byRank) yield* rank;
  }

  /** Candidates for what has been typed so far: whole matches, completions, then the leading syllables' characters. */
  candidates(typed: string): PinyinCandidate[] {
    const s = typed.toLowerCase().replace(/ü/g, 'v').replace(/[^a-z]/g, '');
    if (!s) return [];
    const out: PinyinCandidate[] = [];
    const seen = new Set<string>();
    const push = (words: readonly string[], consumed: number, limit = MAX_CANDIDATES): void => {
      for (const text of words.slice(0, limit)) {
        if (out.length >= MAX_CANDIDATES || seen.has(text)) continue;
        seen.add(text);
        out.push({ text, consumed });
      }
    };
    push(this.words(s), s.length);
    // Completions of a half-typed last syllable (`qiufe` -> 秋风): the next few keys in order.
    let i = lowerBound(this.#keys, s);
    for (let n = 0; n < 4 && i < this.#keys.length && this.#keys[i]!.startsWith(s); i++, n++) {
      if (this.#keys[i] !== s) push(this.words(this.#keys[i]!), s.length, 3);
    }
    const syl = this.syllables(s) ?? this.syllables(s.slice(0, -1)) ?? [];
    for (let k = syl.length - 1; k >= 1; k--) {
      const key = syl.slice(0, k).join('');
      push(this.words(key), key.length);
    }
    return out;
  }
}

function lowerBound(sorted: readonly string[], s: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
