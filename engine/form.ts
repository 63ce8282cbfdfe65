/**
 * @module form: enforces a model's verse form while sampling (Tang: 5- or 7-character lines in couplets, ending
 * only at a complete form), and nudges toward its prosody (classical tones and rhyme, see prosody/classicalRules)
 * and the prompt's plan (acrostic line starts, keywords). Pure: it sees token texts, never tensors; it says which
 * tokens may come next (`allowed`) and how much each is favoured or disfavoured (`bias`, in nats).
 */
import { meets, wantNext, type Want } from './prosody/classicalRules.ts';
import { wantCi } from './prosody/ciRules.ts';
import { TONE_LEVEL, TONE_NONE, TONE_OBLIQUE, type ProsodyVocab } from './prosody/prosodyVocab.ts';
import type { VersePlan } from './versePlan.ts';

/** Nats off the logit of a character the plan avoids, unless the plan says otherwise: strong, since a season named by mistake undoes the verse. */
export const AVOID_WEIGHT = 4;

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
  /** Line counts at which the verse is complete (e.g. [4, 8]); end of text only there. Default: every couplet from minLines. */
  completeLines?: number[];
}

/** Prosody nudges at strength 1, in nats subtracted from a token's logit. */
export const PROSODY_WEIGHTS = {
  /** A character of the wrong tone at position 2, 4 or 6, or at an odd line's end. */
  tone: 2.5,
  /** A rhyme slot filled with an oblique tone. */
  rhymeTone: 6,
  /** A rhyme slot filled outside line 2's rhyme group, or with a rhyme character already used. */
  rhymeGroup: 8,
};

const HAN = /^\p{Script=Han}$/u;
/** Cached masks and nudges per vocabulary (about 25 kB each at 6k tokens). */
const CACHE_ENTRIES = 256;

/** Token classes precomputed once per vocabulary. */
export class FormVocab {
  readonly size: number;
  /** 1 where the token is a single Han character. */
  readonly content: Uint8Array;
  /** Token id of each line-end mark (index as in `lineEnds`), -1 when missing. */
  readonly endIds: number[];
  readonly eosIds: number[];
  /** Token id of each single-character token. */
  readonly idOf: ReadonlyMap<string, number>;
  /** Masks and nudges already computed, by the state they depend on (a verse revisits few): read-only once made. */
  readonly #cache = new Map<string, Uint8Array | Float32Array>();

  constructor(tokenTexts: readonly string[], rules: FormRules, eosIds: readonly number[], readonly prosody: ProsodyVocab | null = null) {
    this.size = tokenTexts.length;
    this.content = new Uint8Array(this.size);
    const idOf = new Map<string, number>();
    tokenTexts.forEach((t, i) => {
      if (HAN.test(t)) this.content[i] = 1;
      if ([...t].length === 1 && !idOf.has(t)) idOf.set(t, i);
    });
    this.idOf = idOf;
    this.endIds = rules.lineEnds.map((mark) => tokenTexts.indexOf(mark));
    this.eosIds = eosIds.filter((id) => id >= 0 && id < this.size);
  }

  /** The cached array for `key`, made by `make` the first time. */
  cached<T extends Uint8Array | Float32Array>(key: string, make: () => T): T {
    let v = this.#cache.get(key) as T | undefined;
    if (!v) {
      if (this.#cache.size >= CACHE_ENTRIES) this.#cache.clear();
      v = make();
      this.#cache.set(key, v);
    }
    return v;
  }
}

/** Follows one verse, character by character, and says what may come next. */
export class FormTracker {
  readonly #rules: Required<FormRules>;
  readonly #vocab: FormVocab;
  readonly #plan: VersePlan;
  #lines: string[][] = [];
  #current: string[] = [];
  #target: number | null = null;
  /** Keyword characters already in the verse (favoured no more). */
  readonly #used = new Set<string>();
  #mask: Uint8Array;
  #bias: Float32Array;
  #checks = 0;
  #hits = 0;
  /** Prosody of the last finished line: constrained positions met, out of those checked. */
  lastLine = { checks: 0, hits: 0 };

  /** `mask`, `bias`: scratch buffers to reuse (see clone). */
  constructor(rules: FormRules, vocab: FormVocab, prefix = '', plan: VersePlan = {}, mask?: Uint8Array, bias?: Float32Array) {
    const minLines = Math.min(Math.max(Math.min(rules.minLines ?? 4, plan.lines ?? Infinity), plan.minLines ?? 0), plan.lines ?? rules.maxLines);
    const maxLines = plan.lines ?? rules.maxLines;
    const completeLines = plan.lines ? [plan.lines] : (rules.completeLines ?? []);
    this.#rules = { ...rules, minLines, maxLines, completeLines };
    this.#vocab = vocab;
    this.#plan = plan;
    this.#mask = mask ?? new Uint8Array(vocab.size);
    this.#bias = bias ?? new Float32Array(vocab.size);
    this.accept(prefix);
  }

  /**
   * An independent tracker in this one's state, as if it had read the same text (the next line's drafts continue a
   * kept draft's tracker instead of re-reading the verse). The scratch buffers are shared: only used within a call.
   */
  clone(): FormTracker {
    const copy = new FormTracker(this.#rules, this.#vocab, '', this.#plan, this.#mask, this.#bias);
    copy.#lines = this.#lines.slice();
    copy.#current = this.#current.slice();
    copy.#target = this.#target;
    for (const ch of this.#used) copy.#used.add(ch);
    copy.#checks = this.#checks;
    copy.#hits = this.#hits;
    copy.lastLine = this.lastLine;
    return copy;
  }

  get linesDone(): number {
    return this.#lines.length;
  }

  get done(): boolean {
    return this.linesDone >= this.#rules.maxLines;
  }

  /** Characters in the line being written. */
  get lineLength(): number {
    return this.#current.length;
  }

  #mayEnd(): boolean {
    const { minLines, completeLines } = this.#rules;
    const n = this.linesDone;
    if (n < minLines) return false;
    return completeLines.length > 0 ? completeLines.includes(n) : n % 2 === 0;
  }

  /**
   * The tokens allowed next (a buffer reused by the next call). `lineLength` is the live `line_length`
   * parameter: one of the allowed lengths fixes it from the current line on; anything else lets the first line choose.
   */
  allowed(lineLength: number): Uint8Array {
    const len = this.#current.length;
    const start = len === 0 ? (this.#plan.lineStarts?.[this.linesDone] ?? '') : '';
    // A ci's every line has its own length and end mark.
    const tune = this.#plan.tune ? `${this.#plan.tune.name}:${this.linesDone}` : '';
    const key = `m|${len}|${this.linesDone % this.#rules.lineEnds.length}|${this.#target}|${lineLength}|${this.done}|${this.#mayEnd()}|${start}|${tune}`;
    return this.#vocab.cached(key, () => this.#makeAllowed(lineLength).slice());
  }

  #makeAllowed(lineLength: number): Uint8Array {
    const { lineLengths, lineEnds } = this.#rules;
    const mask = this.#mask.fill(0);
    const vocab = this.#vocab;
    const allowContent = (): void => {
      const content = vocab.content;
      for (let i = 0; i < content.length; i++) mask[i]! |= content[i]!;
    };
    const allowEnd = (): void => {
      const mark = this.#plan.tune?.ends[this.linesDone];
      const id = mark !== undefined ? vocab.idOf.get(mark) : vocab.endIds[this.linesDone % lineEnds.length];
      if (id !== undefined && id >= 0) mask[id] = 1;
    };
    const allowEos = (): void => {
      for (const id of vocab.eosIds) mask[id] = 1;
    };

    const len = this.#current.length;
    if (len === 0) {
      if (this.done) {
        allowEos();
        return mask;
      }
      if (this.#mayEnd()) allowEos();
      const start = this.#plan.lineStarts?.[this.linesDone];
      const startId = start ? vocab.idOf.get(start) : undefined;
      if (startId !== undefined && vocab.content[startId]) mask[startId] = 1;
      else allowContent();
      return mask;
    }
    const target = this.#plan.tune ? (this.#plan.tune.lines[this.linesDone] ?? null) : lineLengths.includes(lineLength) ? lineLength : this.#target;
    const shortest = Math.min(...lineLengths);
    const longest = Math.max(...lineLengths);
    if (target !== null) {
      if (len < target) allowContent();
      else allowEnd();
    } else if (len < shortest) {
      allowContent();
    } else if (len >= longest) {
      allowEnd();
    } else {
      if (lineLengths.includes(len)) allowEnd();
      allowContent();
    }
    return mask;
  }

  /** What prosody asks of the next character (empty without a prosody table). */
  want(lineLength = 0): Want {
    const p = this.#vocab.prosody;
    if (!p) return {};
    if (this.#plan.tune) return wantCi(p.table, this.#plan.tune, this.#lines, this.#current);
    const length = this.#rules.lineLengths.includes(lineLength) ? lineLength : this.#target;
    return wantNext(p.table, { lines: this.#lines, current: this.#current, length });
  }

  /**
   * Logit offsets (nats) for the next token, or null when nothing is nudged: prosody at `strength` (the live
   * `prosody` parameter, 0-1) and the plan's keywords. A buffer reused by the next call.
   */
  bias(strength: number, lineLength = 0): Float32Array | null {
    const want = strength > 0 ? this.want(lineLength) : {};
    const keywords = this.#plan.keywords ? [...this.#plan.keywords].filter((c) => !this.#used.has(c)) : [];
    if (!want.tone && want.groups === undefined && keywords.length === 0 && !this.#plan.avoid) return null;
    const inLine = this.#current.length < (this.#target ?? Math.max(...this.#rules.lineLengths));
    const key = `b|${strength}|${want.tone}|${want.rhyme}|${want.groups}|${want.avoid?.join('')}|${inLine ? keywords.join('') : ''}|${this.#plan.keywordWeight}|${this.#plan.avoid ?? ''}`;
    return this.#vocab.cached(key, () => this.#makeBias(strength, want, inLine ? keywords : []).slice());
  }

  #makeBias(strength: number, want: Want, keywords: string[]): Float32Array {
    const p = this.#vocab.prosody;
    const bias = this.#bias.fill(0);
    const content = this.#vocab.content;
    if (p && want.tone) {
      const bad = want.tone === 'level' ? TONE_OBLIQUE : TONE_LEVEL;
      const w = -strength * (want.rhyme ? PROSODY_WEIGHTS.rhymeTone : PROSODY_WEIGHTS.tone);
      const tone = p.tone;
      for (let i = 0; i < bias.length; i++) if (tone[i] === bad && content[i]) bias[i] = w;
      // A rhyme slot wants a known level tone; an unknown one is half as wrong.
      if (want.rhyme) for (let i = 0; i < bias.length; i++) if (tone[i] === TONE_NONE && content[i]) bias[i] = w / 2;
    }
    if (p && want.groups !== undefined) {
      const w = -strength * PROSODY_WEIGHTS.rhymeGroup;
      const groups = p.groups;
      for (let i = 0; i < bias.length; i++) if (content[i] && (groups[i]! & want.groups) === 0) bias[i]! += w;
      for (const ch of want.avoid ?? []) {
        const id = this.#vocab.idOf.get(ch);
        if (id !== undefined) bias[id]! += w;
      }
    }
    for (const ch of keywords) {
      const id = this.#vocab.idOf.get(ch);
      if (id !== undefined && content[id]) bias[id]! += this.#plan.keywordWeight ?? 1;
    }
    for (const ch of this.#plan.avoid ?? '') {
      const id = this.#vocab.idOf.get(ch);
      if (id !== undefined) bias[id]! -= this.#plan.avoidWeight ?? AVOID_WEIGHT;
    }
    return bias;
  }

  /** Moves the tracker past `text` (one token's text, or a prefix the verse continues from). */
  accept(text: string): void {
    const { lineLengths, lineEnds } = this.#rules;
    for (const ch of text) {
      if (HAN.test(ch)) {
        const p = this.#vocab.prosody;
        if (p) {
          const m = meets(p.table, this.want(), ch);
          if (m !== null) {
            this.#checks++;
            this.#hits += m;
          }
        }
        this.#current.push(ch);
        this.#used.add(ch);
      } else if (lineEnds.includes(ch) && this.#current.length > 0) {
        const len = this.#current.length;
        // A first line of another length (a visitor's opening) sets the nearest allowed length, longer on ties.
        if (this.#target === null) this.#target = [...lineLengths].sort((a, b) => Math.abs(a - len) - Math.abs(b - len) || b - a)[0]!;
        this.#lines.push(this.#current);
        this.#current = [];
        this.lastLine = { checks: this.#checks, hits: this.#hits };
        this.#checks = 0;
        this.#hits = 0;
      }
    }
  }
}
