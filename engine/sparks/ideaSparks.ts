/**
 * @module ideaSparks: a few themes to tap when a visitor hesitates. From what is typed so far: its words as
 * the bridge places them, and words poems pair with them (`秋` -> 秋风, 秋月, 秋声). From nothing: the hour and
 * the season (`a winter night` -> 寒夜, 雪, 炉火). Each spark is the words to put in the prompt and, for Chinese,
 * an English gloss beside it. Time comes in as a Date, so tests pick the hour.
 */
import type { LineAnnotator } from '../annotate/lineAnnotator.ts';
import type { LanguageBridge } from '../bridge/languageBridge.ts';

export interface Spark {
  /** What tapping the spark puts in the prompt. */
  text: string;
  /** A gloss for visitors who read no Chinese. */
  gloss?: string;
}

/** Sparks returned for one request. */
export const MAX_SPARKS = 6;

type Season = 'spring' | 'summer' | 'autumn' | 'winter';
type Hour = 'dawn' | 'day' | 'dusk' | 'night';

/** Northern-hemisphere seasons by month (0 = January). */
const SEASONS: Season[] = ['winter', 'winter', 'spring', 'spring', 'spring', 'summer', 'summer', 'summer', 'autumn', 'autumn', 'autumn', 'winter'];

const BY_TIME_ZH: Record<Season | Hour, string[]> = {
  spring: ['春雨', '桃花', '春风', '燕归', '柳色'],
  summer: ['荷花', '蝉声', '夏雨', '竹林', '清风'],
  autumn: ['秋风', '明月', '落叶', '归雁', '菊花'],
  winter: ['寒梅', '雪夜', '江雪', '炉火', '孤舟'],
  dawn: ['晓色', '晨钟', '朝霞'],
  day: ['白日', '远山', '江水'],
  dusk: ['夕阳', '暮色', '归鸟'],
  night: ['明月', '夜雨', '星河', '孤灯'],
};

const BY_TIME_EN: Record<Season | Hour, string[]> = {
  spring: ['spring rain', 'blossoms', 'swallows returning', 'green willows'],
  summer: ['lotus pond', 'cicadas', 'summer storm', 'bamboo shade'],
  autumn: ['autumn wind', 'falling leaves', 'wild geese', 'harvest moon'],
  winter: ['snow at night', 'plum blossom in the cold', 'a lone boat', 'the hearth'],
  dawn: ['first light', 'the morning bell'],
  day: ['far mountains', 'the river at noon'],
  dusk: ['sunset', 'birds flying home'],
  night: ['the moon', 'rain at night', 'the milky way', 'a lamp alone'],
};

function hourOf(h: number): Hour {
  return h < 5 ? 'night' : h < 9 ? 'dawn' : h < 17 ? 'day' : h < 20 ? 'dusk' : 'night';
}

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
    const season = SEASONS[now.getMonth()]!;
    const hour = hourOf(now.getHours());
    const table = zh ? BY_TIME_ZH : BY_TIME_EN;
    const fromTime = [...table[hour], ...table[season]];
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
