/**
 * @module weightsDigest: the sha256 of the weight file a model loads for a dtype, so a verse's record names the exact
 * weights that wrote it. Hashed once per file (and again when its size or time changes: a model tuned in place).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { WEIGHT_FILES, type WeightDtype } from '../modelRegistry.ts';

export interface WeightsDigest {
  /** The file inside the model folder, e.g. `onnx/model_quantized.onnx`. */
  file: string;
  /** Lower-case hex. */
  sha256: string;
}

const cache = new Map<string, { stamp: string; digest: WeightsDigest }>();

/** The digest of `dir`'s weights for `dtype`, or null when the dtype or its file is unknown. */
export function weightsDigest(dir: string, dtype: string): WeightsDigest | null {
  const name = WEIGHT_FILES[dtype as WeightDtype];
  if (!name) return null;
  const abs = path.join(dir, 'onnx', name);
  let stamp: string;
  try {
    const st = statSync(abs);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return null;
  }
  const hit = cache.get(abs);
  if (hit?.stamp === stamp) return hit.digest;
  const digest = { file: `onnx/${name}`, sha256: createHash('sha256').update(readFileSync(abs)).digest('hex') };
  cache.set(abs, { stamp, digest });
  return digest;
}
