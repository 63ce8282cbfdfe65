/**
 * @module form: enforces a model's verse form while sampling (Tang: 5- or 7-character lines in couplets).
 * Pure: it sees token texts, never tensors, and decides which tokens may come next.
 */

/** Form rules as declared in a model's `inkverse.json`. */
export interface FormRules {
  /** Allowed characters per line, e.g. [5, 7]. */
  lineLengths: number[];
  /** Line-ending marks, used in turn: line 0 ends with the first, line 1 with the second, ... */
  lineEnds: string[];
  /** Most lines in a verse; the verse ends there. */
  maxLines: number;
  /** Fewest lines before the verse may end; default 4. */
  minLines?: number;
}

const HAN = /^\p{Script=Han}$/u;

/** Token classes precomputed once per vocabulary. */
export class FormVocab {
  readonly size: number;
  /** 1 where the token is a single Han character. */
  readonly content: Uint8Array;
  /** Token id of each line-end mark (index as in `lineEnds`), -1 when missing. */
  readonly endIds: number[];
  readonly eosIds: number[];

  constructor(tokenTexts: readonly string[], rules: FormRules, eosIds: readonly number[]) {
    this.size = tokenTexts.length;
    this.content = new Uint8Array(this.size);
    tokenTexts.forEach((t, i) => {
      if (HAN.test(t)) this.content[i] = 1;
    });
    this.endIds = rules.lineEnds.map((mark) => tokenTexts.indexOf(mark));
    this.eosIds = eosIds.filter((id) => id >= 0 && id < this.size);
  }
}

/** Follows one verse, character by character, and says what may come next. */
export class FormTracker {
  readonly #rules: Required<FormRules>;
  readonly #vocab: FormVocab;
  #lineLen = 0;
  #linesDone = 0;
  #target: number | null = null;

  constructor(rules: FormRules, vocab: FormVocab, prefix = '') {
    this.#rules = { minLines: 4, ...rules };
    this.#vocab = vocab;
    this.accept(prefix);
  }

  get linesDone(): number {
    return this.#linesDone;
  }

  get done(): boolean {
    return this.#linesDone >= this.#rules.maxLines;
  }

  /**
   * The tokens allowed next. `lineLength` is the live `line_length` parameter: one of the allowed
   * lengths fixes it from the current line on; anything else lets the first line choose.
   */
  allowed(lineLength: number): Uint8Array {
    const { lineLengths, lineEnds, maxLines, minLines } = this.#rules;
    const mask = new Uint8Array(this.#vocab.size);
    const allowContent = (): void => {
      const content = this.#vocab.content;
      for (let i = 0; i < content.length; i++) if (content[i]) mask[i] = 1;
    };
    const allowEnd = (): void => {
      const id = this.#vocab.endIds[this.#linesDone % lineEnds.length];
      if (id !== undefined && id >= 0) mask[id] = 1;
    };
    const allowEos = (): void => {
      for (const id of this.#vocab.eosIds) mask[id] = 1;
    };

    if (this.#lineLen === 0) {
      if (this.#linesDone >= maxLines) {
        allowEos();
        return mask;
      }
      if (this.#linesDone >= minLines && this.#linesDone % 2 === 0) allowEos();
      allowContent();
      return mask;
    }
    const target = lineLengths.includes(lineLength) ? lineLength : this.#target;
    const shortest = Math.min(...lineLengths);
    const longest = Math.max(...lineLengths);
    if (target !== null) {
      if (this.#lineLen < target) allowContent();
      else allowEnd();
    } else if (this.#lineLen < shortest) {
      allowContent();
    } else if (this.#lineLen >= longest) {
      allowEnd();
    } else {
      if (lineLengths.includes(this.#lineLen)) allowEnd();
      allowContent();
    }
    return mask;
  }

  /** Moves the tracker past `text` (one token's text, or a prefix the verse continues from). */
  accept(text: string): void {
    for (const ch of text) {
      if (HAN.test(ch)) {
        this.#lineLen++;
      } else if (this.#rules.lineEnds.includes(ch) && this.#lineLen > 0) {
        if (this.#target === null && this.#rules.lineLengths.includes(this.#lineLen)) this.#target = this.#lineLen;
        this.#linesDone++;
        this.#lineLen = 0;
      }
    }
  }
}
