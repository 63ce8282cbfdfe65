/**
 * @module moderator: word lists applied to what the room shows. A prompt with a listed word is refused (or
 * masked); a finished line with one is masked or refused as a LineJudge (so the drafter redrafts it); and while
 * tokens stream, the token that would complete a listed word is masked at once, so no listed word ever reaches
 * a display, even mid-line. Every decision goes to `onDecision` (logged and counted in /metrics by the server).
 */
import { InkverseError } from '../../protocol/errors.ts';
import type { LineJudge, LineVerdict } from '../lineJudge.ts';
import { DEFAULT_WORDS } from './defaultWords.ts';

export type ModerationTarget = 'prompt' | 'line' | 'token';
export type ModerationAction = 'refused' | 'masked' | 'redrafted';

export interface ModerationDecision {
  target: ModerationTarget;
  action: ModerationAction;
  /** The listed word found (kept out of client messages; for the log). */
  word: string;
}

export interface ModeratorOptions {
  /** Extra words per language (`zh`, `en`, any other code: matched like English). */
  words: Record<string, readonly string[]>;
  /** Use the shipped lists as well; default true. */
  defaults: boolean;
  /** What happens to a prompt with a listed word. */
  prompt: 'refuse' | 'mask';
  /** What happens to a generated line with one: masked in place, or refused so the drafter writes it again. */
  line: 'mask' | 'redraft';
  onDecision?: (d: ModerationDecision) => void;
}

export const MODERATOR_DEFAULTS = { words: {}, defaults: true, prompt: 'refuse', line: 'mask' } satisfies ModeratorOptions;

const MASK_ZH = '□';
const MASK_LATIN = '*';
const LETTER = /[\p{L}\p{M}]/u;
const HAN = /\p{Script=Han}/u;

export class Moderator implements LineJudge {
  readonly name = 'moderation';
  readonly options: ModeratorOptions;
  /** Listed words, lowercased, longest first. */
  readonly #words: string[];
  readonly #longest: number;

  constructor(options: Partial<ModeratorOptions> = {}) {
    this.options = { ...MODERATOR_DEFAULTS, ...options };
    const lists = [...(this.options.defaults ? Object.values(DEFAULT_WORDS) : []), ...Object.values(this.options.words)];
    this.#words = [...new Set(lists.flat().map((w) => w.normalize('NFC').toLowerCase().trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
    this.#longest = Math.max(0, ...this.#words.map((w) => w.length));
  }

  get size(): number {
    return this.#words.length;
  }

  /** Where listed words occur: Chinese anywhere, others as whole words (`rape` not in `grapes`). */
  #matches(text: string): Array<{ start: number; end: number; word: string }> {
    const lower = text.normalize('NFC').toLowerCase();
    const found: Array<{ start: number; end: number; word: string }> = [];
    for (const word of this.#words) {
      for (let i = lower.indexOf(word); i !== -1; i = lower.indexOf(word, i + 1)) {
        const end = i + word.length;
        if (!HAN.test(word) && (LETTER.test(lower[i - 1] ?? '') || LETTER.test(lower[end] ?? ''))) continue;
        found.push({ start: i, end, word });
      }
    }
    return found;
  }

  /** The first listed word in the text, or null. */
  find(text: string): string | null {
    return this.#matches(text)[0]?.word ?? null;
  }

  /** The text with every listed word masked. */
  mask(text: string): string {
    const chars = text.normalize('NFC').split('');
    for (const m of this.#matches(text)) {
      for (let i = m.start; i < m.end; i++) if (chars[i] !== ' ') chars[i] = HAN.test(chars[i]!) ? MASK_ZH : MASK_LATIN;
    }
    return chars.join('');
  }

  /** Checks a visitor's prompt: throws `INKVERSE_E_PROMPT_MODERATED`, or returns it (masked when so configured). */
  checkPrompt(text: string): string {
    const word = this.find(text);
    if (!word) return text;
    if (this.options.prompt === 'mask') {
      this.#decide('prompt', 'masked', word);
      return this.mask(text);
    }
    this.#decide('prompt', 'refused', word);
    throw new InkverseError('INKVERSE_E_PROMPT_MODERATED', 'This installation cannot write from those words. Please try other words: a season, a place, a feeling.');
  }

  /** LineJudge: refuses a line with a listed word (the drafter then writes it again). */
  judge(line: string): LineVerdict {
    const word = this.find(line);
    return word ? { ok: false, reason: 'moderated', detail: word } : { ok: true };
  }

  /** A finished line as it may be shown: masked when it holds a listed word (counted once per line). */
  line(text: string, action: ModerationAction = 'masked'): string {
    const word = this.find(text);
    if (!word) return text;
    this.#decide('line', action, word);
    return this.mask(text);
  }

  /**
   * Masks the streaming token that completes a listed word. `before` is the verse so far. For words in Latin
   * letters the word must start at a word boundary; its end cannot be known yet, so the mask errs on the safe side.
   */
  token(before: string, token: string): string {
    if (this.#longest === 0 || !token) return token;
    const tail = before.slice(-(this.#longest + 1));
    const joined = (tail + token).toLowerCase();
    const chars = token.split('');
    let masked = false;
    for (const word of this.#words) {
      for (let i = joined.indexOf(word); i !== -1; i = joined.indexOf(word, i + 1)) {
        const end = i + word.length;
        if (end <= tail.length) continue; // completed before this token: already handled
        if (!HAN.test(word) && LETTER.test(joined[i - 1] ?? '')) continue;
        for (let j = Math.max(i, tail.length); j < end; j++) {
          const k = j - tail.length;
          if (chars[k] !== ' ') chars[k] = HAN.test(chars[k]!) ? MASK_ZH : MASK_LATIN;
        }
        if (!masked) this.#decide('token', 'masked', word);
        masked = true;
      }
    }
    return masked ? chars.join('') : token;
  }

  #decide(target: ModerationTarget, action: ModerationAction, word: string): void {
    this.options.onDecision?.({ target, action, word });
  }
}
