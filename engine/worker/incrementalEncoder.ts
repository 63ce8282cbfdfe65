/**
 * @module incrementalEncoder: token ids of a text that grows by a line at a time (a verse being drafted), encoding
 * only what was appended since the last call. It does so only for tokenizers that cut text into single characters
 * before the vocabulary lookup (the shipped models: a WordLevel vocabulary after a split on every character, no
 * normalizer), where the ids of a text are those of its parts, and only where the cut cannot join what would be
 * one piece of the whole (a run of line breaks, an added token across it). Anything else encodes the whole text,
 * so the ids are always exactly those of encoding the whole text.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The tokenizer's encode (no special tokens added). */
export type Encode = (text: string) => number[];

/** Characters the split pattern `.` does not match: consecutive ones form one piece. */
const UNMATCHED = /[\n\r\u2028\u2029]/u;

interface TokenizerJson {
  model?: { type?: string };
  normalizer?: unknown;
  post_processor?: unknown;
  pre_tokenizer?: { type?: string; pattern?: { Regex?: string }; behavior?: string; invert?: boolean } | null;
  added_tokens?: Array<{ content: string; lstrip?: boolean; rstrip?: boolean; single_word?: boolean; normalized?: boolean }>;
}

/**
 * The added tokens' texts when the tokenizer in `dir` encodes character by character as described above; null when
 * it does not (or its files cannot be read): its texts are then always encoded whole.
 */
export function characterTokenizer(dir: string): string[] | null {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as TokenizerJson;
    const configFile = path.join(dir, 'tokenizer_config.json');
    const config = fs.existsSync(configFile) ? (JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>) : {};
    const pre = json.pre_tokenizer;
    const added = json.added_tokens ?? [];
    const plain =
      json.model?.type === 'WordLevel' &&
      !json.normalizer &&
      !json.post_processor &&
      pre?.type === 'Split' &&
      pre.pattern?.Regex === '.' &&
      pre.behavior === 'Isolated' &&
      pre.invert === false &&
      !config.remove_space &&
      !config.do_lowercase_and_remove_accent &&
      added.every((t) => !t.lstrip && !t.rstrip && !t.single_word && !t.normalized);
    return plain ? added.map((t) => t.content) : null;
  } catch {
    return null;
  }
}

export class IncrementalEncoder {
  readonly #encode: Encode;
  /** Added tokens' texts, or null: always encode the whole text. */
  readonly #added: readonly string[] | null;
  #text = '';
  #ids: number[] = [];

  constructor(encode: Encode, added: readonly string[] | null) {
    this.#encode = encode;
    this.#added = added;
  }

  /** The ids of `text` (a fresh array the caller may keep). */
  encode(text: string): number[] {
    const last = this.#text;
    const ids = last !== '' && text.startsWith(last) && this.#cutIsSafe(last, text.slice(last.length)) ? this.#ids.concat(this.#encode(text.slice(last.length))) : this.#encode(text);
    this.#text = text;
    this.#ids = ids;
    return ids.slice();
  }

  /** True when encoding `a` and `b` apart gives the ids of `a + b`. */
  #cutIsSafe(a: string, b: string): boolean {
    const added = this.#added;
    if (!added) return false;
    if (b === '') return true;
    if (UNMATCHED.test(a.at(-1)!) && UNMATCHED.test(b[0]!)) return false;
    return added.every((t) => t.length < 2 || !(a.slice(-(t.length - 1)) + b.slice(0, t.length - 1)).includes(t));
  }
}
