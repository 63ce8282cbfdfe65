/**
 * @module ideaSparks: a few themes to tap when a visitor hesitates. From what is typed so far: its words as
 * the bridge places them, and words poems pair with them (`秋` -> 秋风, 秋月, 秋声). From nothing: the hour and
 * the season (`a winter night` -> 寒夜, 雪, 炉火). Each spark is the words to put in the prompt and, for Chinese,
 * an English gloss beside it. Time comes in as a Date, so tests pick the hour.
 */
import type { LineAnnotator } from '../annotate/lineAnnotator.ts';
import type { LanguageBridge } from '../bridge/languageBridge.ts';
import { timeThemes } from './timeThemes.ts';

export interface Spark {
  /** What tapping the spark puts in the prompt. */
  text: string;
  /** A gloss for visitors who read no Chinese. */
  gloss?: string;
}

/** Sparks returned for one request. */
export const MAX_SPARKS = 6;

export interface SparkOptions {
  bridge: LanguageBridge | null;
  annotator: LineAnnotator | null;
  /** Language of the model's verses; English models get English sparks. */
  language: string;
}

export class IdeaSparks {
  readonly #o: SparkOptions;
  /** Two-character words by character, most used first (built on first use from the pinyin table). */
  #pairs: Map<string, string[]> | null = null;

  constructor(options: SparkOptions) {
    this.#o = options;
  }

  /** Sparks from what is typed (may be empty or half a word) at this time of day and year. */
  sparks(typed: string, now: Date): Spark[] {
    const zh = this.#o.language === 'zh';
    const fromText = zh ? this.#fromText(typed.trim()) : [];
    const time = timeThemes(zh ? 'zh' : 'en', now);
    const fromTime = [...time.hour, ...time.season];
    const texts = [...new Set([...fromText, ...fromTime])].slice(0, MAX_SPARKS);
    return texts.map((text) => {
      const gloss = zh ? this.#o.annotator?.annotate(text)?.gloss : undefined;
      return gloss ? { text, gloss } : { text };
    });
  }

  #fromText(typed: string): string[] {
    const bridge = this.#o.bridge;
    if (!typed || !bridge) return [];
    // A half-typed last word is left out: "autumn wi" sparks from "autumn".
    const words = /[\p{L}]$/u.test(typed) && /\s/.test(typed) && !/\p{Script=Han}/u.test(typed) ? typed.replace(/\S+$/u, '') : typed;
    const placed = bridge.place(words || typed);
    if (!placed.ok) return [];
    const pairs = this.#pairTable(bridge);
    const out: string[] = [placed.theme];
    for (const ch of [...placed.theme].slice(0, 3)) out.push(...(pairs.get(ch) ?? []).slice(0, 3));
    return out;
  }

  #pairTable(bridge: LanguageBridge): Map<string, string[]> {
    if (this.#pairs) return this.#pairs;
    const pairs = new Map<string, string[]>();
    for (const word of bridge.pinyin.allWords()) {
      if ([...word].length !== 2) continue;
      for (const ch of new Set(word)) {
        const list = pairs.get(ch) ?? [];
        if (list.length < 6) list.push(word);
        pairs.set(ch, list);
      }
    }
    return (this.#pairs = pairs);
  }
}
