/**
 * @module packedDrafts: a batch of drafted lines as the worker posts it: a few flat arrays instead of an object per
 * token, so that the message costs the worker and the main thread little to copy (a structured clone walks every
 * object). Numbers travel as 64-bit floats: the main thread sees exactly the values the worker computed.
 */
import type { DraftedLine } from '../generator.ts';

export interface PackedDrafts {
  /** Every row's token texts, row after row. */
  texts: string[];
  /** Per token, row after row: log-probability, then entropy. */
  numbers: Float64Array;
  /** Per row: its token count, how it ended (index in ENDINGS), its prosody share (NaN: none). */
  counts: Int32Array;
  endings: Uint8Array;
  prosody: Float64Array;
}

const ENDINGS: ReadonlyArray<DraftedLine['ended']> = ['line', 'eos', 'length'];

export function packDrafts(rows: readonly DraftedLine[]): PackedDrafts {
  const total = rows.reduce((n, r) => n + r.tokens.length, 0);
  const packed: PackedDrafts = {
    texts: [],
    numbers: new Float64Array(total * 2),
    counts: new Int32Array(rows.length),
    endings: new Uint8Array(rows.length),
    prosody: new Float64Array(rows.length),
  };
  let i = 0;
  rows.forEach((row, r) => {
    packed.counts[r] = row.tokens.length;
    packed.endings[r] = ENDINGS.indexOf(row.ended);
    packed.prosody[r] = row.prosody ?? Number.NaN;
    for (const t of row.tokens) {
      packed.texts.push(t.text);
      packed.numbers[i++] = t.logprob;
      packed.numbers[i++] = t.entropy;
    }
  });
  return packed;
}

export function unpackDrafts(packed: PackedDrafts): DraftedLine[] {
  let k = 0;
  return Array.from(packed.counts, (count, r) => {
    const tokens: DraftedLine['tokens'] = [];
    for (let j = 0; j < count; j++, k++) tokens.push({ text: packed.texts[k]!, logprob: packed.numbers[2 * k]!, entropy: packed.numbers[2 * k + 1]! });
    const prosody = packed.prosody[r]!;
    return { tokens, ended: ENDINGS[packed.endings[r]!]!, prosody: Number.isNaN(prosody) ? null : prosody };
  });
}
