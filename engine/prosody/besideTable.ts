/**
 * @module besideTable: the data files shipped beside a Chinese model's classical prosody table (ci tunes, season
 * classes, parallel pairs): where one is for a model, and how it is read and checked, with one error for all.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { InkverseError } from '../../protocol/errors.ts';
import { readProsodyProfile } from './prosodyProfile.ts';

/** `name` beside the model's classical prosody table, or null when the model has no such table or no such file. */
function besideProsodyTable(modelDir: string, name: string): string | null {
  const profile = readProsodyProfile(modelDir);
  const file = profile?.kind === 'classical-zh' && profile.tableFile ? path.join(path.dirname(profile.tableFile), name) : null;
  return file && existsSync(file) ? file : null;
}

/** Reads a JSON table and checks it; throws `INKVERSE_E_MODEL_MALFORMED` naming `what`, the file and the first problem. */
export function readTable<S extends z.ZodType>(file: string, schema: S, what: string): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InkverseError('INKVERSE_E_MODEL_MALFORMED', `${what} ${file} could not be read: ${(err as Error).message}.`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InkverseError('INKVERSE_E_MODEL_MALFORMED', `${what} ${file} is invalid at "${issue.path.join('.')}": ${issue.message}.`);
  }
  return parsed.data;
}

/** A per-model-folder cached loader of the file `name` beside the prosody table: null when the model has none. */
export function besideTableLoader<T>(name: string, load: (file: string) => T): (modelDir: string) => T | null {
  const byDir = new Map<string, T | null>();
  return (modelDir) => {
    if (!byDir.has(modelDir)) {
      const file = besideProsodyTable(modelDir, name);
      byDir.set(modelDir, file ? load(file) : null);
    }
    return byDir.get(modelDir)!;
  };
}
