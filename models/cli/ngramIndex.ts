/**
 * @module models/cli/ngramIndex: the character bigrams and trigrams of the Tang corpus (npm `chinese-poetry`, all
 * Tang poems, converted to Simplified with `opencc-js` as the training data was), held as compact hash sets, so an
 * evaluation can ask which of a verse's n-grams are attested in real poems. Held-out poems are left out, so the
 * corpus's own held-out rate is measured the same way. Both packages are dev dependencies: eval-only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as OpenCC from 'opencc-js';

const HAN = /\p{Script=Han}/u;

/** An open-addressing set of non-negative integer keys below 2^52, in one Float64Array. */
class KeySet {
  #slots: Float64Array;
  #mask: number;
  size = 0;

  constructor(bits: number) {
    this.#slots = new Float64Array(1 << bits);
    this.#mask = (1 << bits) - 1;
  }

  #slot(key: number): number {
    const lo = key % 2 ** 26;
    const hi = Math.floor(key / 2 ** 26);
    let i = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca77)) & this.#mask;
    // Stored keys are key + 1, so 0 marks an empty slot.
    while (this.#slots[i] !== 0 && this.#slots[i] !== key + 1) i = (i + 1) & this.#mask;
    return i;
  }

  add(key: number): void {
    const i = this.#slot(key);
    if (this.#slots[i] === 0) {
      if (this.size * 2 > this.#mask) throw new Error('n-gram set is full');
      this.#slots[i] = key + 1;
      this.size++;
    }
  }

  has(key: number): boolean {
    return this.#slots[this.#slot(key)] !== 0;
  }
}

export class NgramIndex {
  readonly #ids = new Map<string, number>();
  readonly #bigrams = new KeySet(22);
  readonly #trigrams = new KeySet(24);
  /** Poems read, and left out as held out. */
  poems = 0;
  excluded = 0;

  #id(ch: string, add: boolean): number {
    let id = this.#ids.get(ch);
    if (id === undefined && add) this.#ids.set(ch, (id = this.#ids.size + 1));
    return id ?? -1;
  }

  #key(chars: readonly string[], add: boolean): number {
    let key = 0;
    for (const c of chars) {
      const id = this.#id(c, add);
      if (id < 0) return -1;
      key = key * 2 ** 16 + id;
    }
    return key;
  }

  addLine(line: readonly string[]): void {
    for (let i = 0; i + 2 <= line.length; i++) this.#bigrams.add(this.#key(line.slice(i, i + 2), true));
    for (let i = 0; i + 3 <= line.length; i++) this.#trigrams.add(this.#key(line.slice(i, i + 3), true));
  }

  /** A set view for one n (2 or 3), taking n-grams as strings. */
  grams(n: 2 | 3): { has(gram: string): boolean } {
    const set = n === 2 ? this.#bigrams : this.#trigrams;
    return {
      has: (gram) => {
        const key = this.#key([...gram], false);
        return key >= 0 && set.has(key);
      },
    };
  }

  /** Builds the index from every Tang poem of `chinese-poetry`, leaving out poems whose Han text is in `exclude`. */
  static tang(exclude: ReadonlySet<string>): NgramIndex {
    const require = createRequire(import.meta.url);
    const dir = path.join(path.dirname(require.resolve('chinese-poetry/package.json')), 'dist', 'quantangshi');
    const convert = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const cache = new Map<string, string>();
    const simplify = (ch: string): string => {
      let s = cache.get(ch);
      if (s === undefined) {
        const out: string = convert(ch) ?? ch;
        s = [...out].length === 1 ? out : ch;
        cache.set(ch, s);
      }
      return s;
    };
    const index = new NgramIndex();
    for (const file of readdirSync(dir).filter((f) => f.startsWith('poet.tang.') && f.endsWith('.json'))) {
      for (const poem of JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Array<{ paragraphs: string[] }>) {
        const lines = poem.paragraphs
          .join('')
          .split(/[，。！？；、：]/u)
          .map((l) => [...l].filter((c) => HAN.test(c)).map(simplify))
          .filter((l) => l.length > 0);
        index.poems++;
        if (exclude.has(lines.map((l) => l.join('')).join(''))) {
          index.excluded++;
          continue;
        }
        for (const line of lines) index.addLine(line);
      }
    }
    return index;
  }
}

/** The key a poem is excluded by: its Han characters in order. */
export const poemKey = (text: string): string => [...text].filter((c) => HAN.test(c)).join('');
