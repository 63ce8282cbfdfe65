/**
 * @module provenance: the signed record of an archived verse (`GET /v/<code>.json`), its canonical form and the
 * signature over it. The record is what was written and how: the text and its lines (who wrote each), the prompt,
 * the model and the sha256 of its weights, the seed, every engine parameter at the start and every live change,
 * the generator calls with the parameters each step sampled with (enough to write the verse again), the times and
 * the originality results. The signature is Ed25519 over the UTF-8 bytes of `canonicalJson(record)`.
 */

import type { TunePlan } from './verseEvents.ts';

/** Engine parameters by name (numbers; booleans as 0/1). */
export type EngineValues = Record<string, number>;

/** One call the verse writer made to the generator: a stream, or a batch of line drafts. */
export interface GenerationCall {
  kind: 'generate' | 'draft';
  seed: number;
  /** Drafts: rows in the batch and the token budget of each. */
  count?: number;
  maxTokens?: number;
  /** Every engine parameter on the main thread when the call was made. */
  at: EngineValues;
  /** From each `step` on, the backend sampled with `at` changed by these values (and those of earlier steps). */
  steps: Array<{ step: number; values: EngineValues }>;
}

export interface RecordLine {
  text: string;
  /** Who wrote the line: the machine, or the visitor (a revised line, or the visitor's own opening words). */
  author: 'machine' | 'visitor';
  /** Found verbatim in the model's training corpus (originality). */
  copied: boolean;
  source: { poet: string; title: string; dynasty?: string } | null;
}

export const RECORD_FORMAT = 'inkverse.verse/1';

export interface VerseRecordV1 {
  format: typeof RECORD_FORMAT;
  id: string;
  prompt: string;
  source: string;
  /** How the prompt began the verse (title, opening, acrostic, ...), null when unknown. */
  mode: string | null;
  /** The theme the language bridge made of the prompt, when it changed it. */
  theme: string | null;
  /** The visitor's words that open the verse ('' when none). */
  opening: string;
  text: string;
  lines: RecordLine[];
  model: {
    name: string;
    /** The weight file the backend loaded and its sha256 (hex), null when unknown (a replayed or remote model). */
    weights: { file: string; sha256: string } | null;
    dtype: string | null;
    device: string;
    /** The style fader's second model and its weights, when one was loaded beside the model (absent otherwise). */
    blend?: { name: string; weights: { file: string; sha256: string } | null };
  };
  seed: number;
  /** Every parameter when the verse started (all namespaces). */
  params: Record<string, unknown>;
  /** Live parameter changes while it was written: tokens already shown when each arrived. */
  paramChanges: Array<{ atToken: number; values: Record<string, unknown>; origin: string }>;
  generation: GenerationCall[];
  /** Words a performer co-wrote into the verse (OSC inject), at the token where they joined. */
  injections: Array<{ atToken: number; text: string }>;
  /** The verse this one revises (co-creation), or null. */
  revisionOf: string | null;
  /** A ci's tune as the room's pages shaped it (absent for other verses), so its music plays again as it was heard. */
  tune?: TunePlan;
  reason: string;
  startedAt: string;
  endedAt: string;
  originality: { lines: number; copied: number };
}

export interface RecordSignature {
  algorithm: 'Ed25519';
  /** The id of the installation key that signed (see `GET /api/key`). */
  keyId: string;
  /** base64 of the signature over the UTF-8 bytes of `canonicalJson(record)`. */
  value: string;
}

/** `GET /v/<code>.json`. */
export interface SignedVerse {
  record: VerseRecordV1;
  signature: RecordSignature;
}

/** `GET /api/key`: the current key first, then every retired one, so old verses stay verifiable. */
export interface KeyList {
  algorithm: 'Ed25519';
  current: string;
  keys: Array<{ id: string; publicKey: string; created: string; retired: string | null }>;
}

/**
 * The canonical JSON of a value (RFC 8785 for the values a record holds): object keys sorted by UTF-16 code
 * units, no whitespace, strings and numbers as JSON.stringify writes them, `undefined` members left out.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`canonicalJson: ${value} is not a JSON number.`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
