/**
 * @module tokenizerMatch: whether two model folders read and write text with the same tokens, which blending their
 * next-token distributions needs (token i must be the same string in both). Compares what decides a token's id and
 * text in `tokenizer.json` (vocabulary, added tokens, normalizer, pre-tokenizer, decoder) and the configs' vocabulary
 * sizes (the logits' length); formatting, key order and the file's other settings may differ.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InkverseError } from '../protocol/errors.ts';
import type { ModelInfo } from './modelRegistry.ts';

/** The parts of tokenizer.json that decide ids and texts. */
const DECISIVE = ['model', 'added_tokens', 'normalizer', 'pre_tokenizer', 'decoder'] as const;

/** Fingerprints by folder, with the two files' modification times they were read at (the models panel asks often). */
const cache = new Map<string, { stamp: string; print: string | null }>();

/** A canonical text of a model's tokenization (keys sorted), or null when the folder has no tokenizer. */
function fingerprint(model: Pick<ModelInfo, 'dir'>): string | null {
  let stamp: string;
  try {
    stamp = ['tokenizer.json', 'config.json'].map((f) => statSync(path.join(model.dir, f)).mtimeMs).join(':');
  } catch {
    return null;
  }
  const known = cache.get(model.dir);
  if (known?.stamp === stamp) return known.print;
  const print = readFingerprint(model);
  cache.set(model.dir, { stamp, print });
  return print;
}

function readFingerprint(model: Pick<ModelInfo, 'dir'>): string | null {
  try {
    const tokenizer = JSON.parse(readFileSync(path.join(model.dir, 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
    const config = JSON.parse(readFileSync(path.join(model.dir, 'config.json'), 'utf8')) as { vocab_size?: unknown };
    return canonical({ vocab_size: config.vocab_size ?? null, ...Object.fromEntries(DECISIVE.map((k) => [k, tokenizer[k] ?? null])) });
  } catch {
    return null;
  }
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/** True when both folders have a tokenizer and the two give every text the same token ids. */
export function sameTokenizer(a: Pick<ModelInfo, 'dir'>, b: Pick<ModelInfo, 'dir'>): boolean {
  const fa = fingerprint(a);
  return fa !== null && fa === fingerprint(b);
}

/** Throws `INKVERSE_E_MODEL_MISMATCH` when `blend` cannot be blended into `model` (another tokenizer). */
export function assertBlendable(model: Pick<ModelInfo, 'name' | 'dir'>, blend: Pick<ModelInfo, 'name' | 'dir'>): void {
  if (sameTokenizer(model, blend)) return;
  throw new InkverseError(
    'INKVERSE_E_MODEL_MISMATCH',
    `The blend model "${blend.name}" (${blend.dir}) does not share the tokenizer of "${model.name}" (${model.dir}): ` +
      'blending mixes the two models token by token, so both need the same tokenizer.json and vocabulary size (a tuned model and its base do).',
  );
}
