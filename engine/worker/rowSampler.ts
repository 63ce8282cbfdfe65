/**
 * @module rowSampler: the sampling state of one sequence in the generator worker (a streamed verse, or one
 * row of a batch of drafts): its seeded random stream, form and prosody tracker, repetition history and text.
 * Live parameters are read from shared memory at every token, so a change applies from the next one.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { EngineParams } from '../engineParams.ts';
import type { ParamReader } from '../paramReader.ts';
import { FormTracker, type FormRules, type FormVocab } from '../form.ts';
import { seededRng, type Rng } from '../rng.ts';
import { sampleToken, type RandomSource, type SampleResult } from '../sampler.ts';
import type { VersePlan } from '../versePlan.ts';

/** What a loaded model gives every row: its vocabulary tables and the live parameters. */
export interface RowContext {
  tokenizer: PreTrainedTokenizer;
  /** Each token's text decoded alone (special tokens: ''). */
  tokenTexts: readonly string[];
  /** True when some token decodes alone to part of a character (byte-level BPE): text is then decoded incrementally. */
  partialTokens: boolean;
  eosIds: number[];
  /** Tokens never sampled (`<unk>`, padding): allowed = 0. */
  freeMask: Uint8Array;
  /** `freeMask` without end-of-text, for form-free verses that are still too short to end. */
  freeMaskNoEos: Uint8Array;
  form: FormRules | null;
  formVocab: FormVocab | null;
  /** The live engine parameters (the shared mirror, see sharedParams). */
  params: ParamReader<EngineParams>;
  lineBreaks: string[];
  minLines: number;
}

/**
 * A row's random stream behind one method that every row shares. The sampler's optimized code specializes on the
 * function it calls for randomness: handed a fresh closure per row, it was thrown away and recompiled at every
 * drafted line (one row per line), a cost the streamed verse (one row per verse) hardly paid.
 */
class RowRandom implements RandomSource {
  readonly #draw: Rng;

  constructor(seed: number) {
    this.#draw = seededRng(seed);
  }

  next(): number {
    return this.#draw();
  }
}

export class RowSampler {
  readonly #c: RowContext;
  readonly #rng: RowRandom;
  readonly form: FormTracker | null;
  readonly #history: number[];
  #ids: number[] = [];
  #decoded = '';
  /** Line breaks written so far (body included). */
  breaks = 0;
  /** Tokens sampled by this row. */
  count = 0;
  /** Text this row has written. */
  text = '';
  /** Without form rules: end of text only where a line begins (see the constructor). */
  readonly #endAtLineStart: boolean;
  /** Nothing follows the last line break yet. */
  #atLineStart: boolean;

  /**
   * `endAtLineStart`: a model without form rules may end the verse only where a line begins. Drafts use it: a draft
   * that ended mid-line was never shown, so every token it wrote was lost work, and the model says it would rather
   * end just as well at the next line's start (a draft of no tokens).
   */
  constructor(c: RowContext, seed: number, body: string, plan: VersePlan | undefined, history: number[], endAtLineStart = false, form?: FormTracker) {
    this.#c = c;
    this.#rng = new RowRandom(seed);
    // `form`: a tracker that has read `body` with this plan already (see draftCarry).
    this.form = c.form && c.formVocab ? (form ?? new FormTracker(c.form, c.formVocab, body, plan)) : null;
    this.#history = history;
    for (const br of c.lineBreaks) this.breaks += body.split(br).length - 1;
    this.#endAtLineStart = endAtLineStart;
    this.#atLineStart = body === '' || c.lineBreaks.some((br) => body.endsWith(br));
  }

  /** Samples the next token from this row's logits. */
  pick(logits: Float32Array): SampleResult {
    const c = this.#c;
    const lineLength = c.params.get('line_length');
    const mayEnd = this.breaks >= c.minLines && (this.#atLineStart || !this.#endAtLineStart);
    const allowed = this.form ? this.form.allowed(lineLength) : mayEnd || c.eosIds.length === 0 ? c.freeMask : c.freeMaskNoEos;
    const bias = this.form?.bias(c.params.get('prosody'), lineLength) ?? null;
    return sampleToken(
      logits,
      {
        temperature: c.params.get('temperature'),
        top_k: c.params.get('top_k'),
        top_p: c.params.get('top_p'),
        repetition_penalty: c.params.get('repetition_penalty'),
      },
      this.#rng,
      { history: this.#history, allowed, bias },
    );
  }

  isEos(token: number): boolean {
    return this.#c.eosIds.includes(token);
  }

  /** Takes a sampled token into the row; returns the text it adds ('' for end of text or an unfinished character). */
  accept(token: number): string {
    this.count++;
    this.#history.push(token);
    if (this.isEos(token)) return '';
    let delta: string;
    if (this.#c.partialTokens) {
      // Multi-token characters (byte-level BPE) are sent whole, with the token that completes them.
      this.#ids.push(token);
      const full = this.#c.tokenizer.decode(this.#ids, { skip_special_tokens: true });
      delta = full.endsWith('\uFFFD') ? '' : full.slice(this.#decoded.length);
      if (delta) this.#decoded = full;
    } else {
      delta = this.#c.tokenTexts[token] ?? '';
    }
    this.form?.accept(delta);
    for (const br of this.#c.lineBreaks) this.breaks += delta.split(br).length - 1;
    if (delta) this.#atLineStart = this.#c.lineBreaks.some((br) => delta.endsWith(br));
    this.text += delta;
    return delta;
  }
}
