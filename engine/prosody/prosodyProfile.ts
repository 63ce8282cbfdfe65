/**
 * @module prosodyProfile: the `prosody` section of a model's verse profile (`inkverse.json`): which kind of prosody
 * its verses follow (classical Chinese tones and rhyme, or English metre and end rhyme), the table it uses, and
 * at how many lines a verse is a complete form. Read from the model folder, so the worker and the main thread
 * agree without a message carrying it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../projectRoot.ts';
import { z } from 'zod';
import { InkverseError } from '../../protocol/errors.ts';

const ProfileSchema = z.strictObject({
  /** `classical-zh`: level/oblique tones at positions 2/4/6, even lines rhyme on a level tone; `metre-en`: iambic stress and end rhyme. */
  kind: z.enum(['classical-zh', 'metre-en']),
  /** Table name, looked up as `<model>/prosody/<name>.json`, `<models>/prosody/<name>.json`, then the project's `models/prosody/`. */
  table: z.string().regex(/^[\w.-]+$/).optional(),
  /** Line counts at which the verse is a complete form; end-of-text is allowed only there. */
  completeLines: z.array(z.number().int().min(1).max(64)).min(1).optional(),
});

export type ProsodyProfile = z.infer<typeof ProfileSchema> & {
  /** Absolute path of the table file, when the profile names one. */
  tableFile: string | null;
};

/** The project's own shipped tables, for model folders that live outside `models/`. */
const SHIPPED_TABLES = projectPath('models', 'prosody') + path.sep;

/** The model's prosody profile, or null when its `inkverse.json` declares none. Throws `INKVERSE_E_MODEL_MALFORMED`. */
export function readProsodyProfile(modelDir: string): ProsodyProfile | null {
  const file = path.join(modelDir, 'inkverse.json');
  if (!existsSync(file)) return null;
  let meta: { prosody?: unknown };
  try {
    meta = JSON.parse(readFileSync(file, 'utf8')) as { prosody?: unknown };
  } catch {
    return null; // the registry reports a malformed inkverse.json with its own message
  }
  if (meta.prosody === undefined || meta.prosody === null) return null;
  const parsed = ProfileSchema.safeParse(meta.prosody);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InkverseError('INKVERSE_E_MODEL_MALFORMED', `Model file ${file} is invalid at "prosody.${issue.path.join('.')}": ${issue.message}.`);
  }
  const p = parsed.data;
  let tableFile: string | null = null;
  if (p.table) {
    const candidates = [path.join(modelDir, 'prosody'), path.join(path.dirname(modelDir), 'prosody'), SHIPPED_TABLES].map((d) => path.join(d, `${p.table}.json`));
    tableFile = candidates.find((c) => existsSync(c)) ?? null;
    if (!tableFile) {
      throw new InkverseError('INKVERSE_E_MODEL_MALFORMED', `Model file ${file} names the prosody table "${p.table}", which is in none of ${candidates.join(', ')}.`);
    }
  }
  return { ...p, tableFile };
}
