/**
 * @module prosodyVocab: a prosody table laid over one model's vocabulary, so the decoder can nudge every token
 * at once: each token's tone class and rhyme groups, precomputed once per loaded model.
 */
import type { ProsodyTable } from './prosodyTable.ts';

export const TONE_NONE = 0;
export const TONE_LEVEL = 1;
export const TONE_OBLIQUE = 2;

export class ProsodyVocab {
  readonly table: ProsodyTable;
  /** Per token: TONE_NONE, TONE_LEVEL or TONE_OBLIQUE (single Han characters only). */
  readonly tone: Uint8Array;
  /** Per token: rhyme group bit set. */
  readonly groups: Uint32Array;

  constructor(tokenTexts: readonly string[], table: ProsodyTable) {
    this.table = table;
    this.tone = new Uint8Array(tokenTexts.length);
    this.groups = new Uint32Array(tokenTexts.length);
    tokenTexts.forEach((t, i) => {
      if ([...t].length !== 1) return;
      const tone = table.toneOf(t);
      this.tone[i] = tone === 'level' ? TONE_LEVEL : tone === 'oblique' ? TONE_OBLIQUE : TONE_NONE;
      this.groups[i] = table.groupsOf(t);
    });
  }
}
