/**
 * @module models/cli/heldout: finds and reads the held-out text a model's perplexity is measured on.
 *
 * Looked for, first found wins:
 *   1. the model folder's own `heldout.jsonl` or `heldout.txt` (a pulled or hand-made model can ship one);
 *   2. the split the training tool wrote: `models/train/<spec.data>/val.jsonl`, where
 *      `models/train/specs/<name>.json` names the data folder (e.g. tang-poet-zh -> work/tang);
 *   3. `models/train/work/<name>/heldout.jsonl`, `heldout.txt` or `val.jsonl`.
 * `.jsonl` holds one `{"text": ...}` sample per line (as prepare_tang.mjs / prepare_gcide.py write);
 * `.txt` holds samples separated by blank lines, or one sample per line when it has no blank line.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface HeldoutText {
  /** Absolute path of the file read. */
  file: string;
  /** Samples, each scored after an end-of-text token, as the trainer scored them. */
  samples: string[];
}

/** Reads one held-out file in either format. */
export function readHeldout(file: string): HeldoutText {
  const text = readFileSync(file, 'utf8');
  let samples: string[];
  if (file.endsWith('.jsonl')) {
    samples = text
      .split('\n')
      .filter((line) => line.trim())
      .map((line, i) => {
        const v: unknown = JSON.parse(line);
        const sample = typeof v === 'object' && v !== null ? (v as { text?: unknown }).text : undefined;
        if (typeof sample !== 'string') throw new Error(`${file} line ${i + 1} has no "text" string.`);
        return sample;
      });
  } else {
    const normalized = text.replace(/\r\n?/g, '\n').trim();
    samples = (/\n[ \t]*\n/.test(normalized) ? normalized.split(/\n[ \t]*\n+/) : normalized.split('\n')).map((s) => s.trim()).filter(Boolean);
  }
  return { file, samples };
}

/** The held-out file for a model, or null when there is none (perplexity is then "n/a"). */
export function findHeldout(modelDir: string, name: string, projectRoot: string): string | null {
  const train = path.join(projectRoot, 'models', 'train');
  const candidates = [path.join(modelDir, 'heldout.jsonl'), path.join(modelDir, 'heldout.txt')];
  const specFile = path.join(train, 'specs', `${name}.json`);
  if (existsSync(specFile)) {
    try {
      const data: unknown = (JSON.parse(readFileSync(specFile, 'utf8')) as { data?: unknown }).data;
      if (typeof data === 'string') candidates.push(path.join(train, data, 'val.jsonl'));
    } catch {
      // A spec being rewritten by the trainer is no reason to fail an evaluation: fall through.
    }
  }
  const work = path.join(train, 'work', name);
  candidates.push(path.join(work, 'heldout.jsonl'), path.join(work, 'heldout.txt'), path.join(work, 'val.jsonl'));
  return candidates.find((file) => existsSync(file)) ?? null;
}
