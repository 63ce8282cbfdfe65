/**
 * @module prosodyTable: the classical prosody tables a model's verse profile points at (built from the corpus by
 * `models/train/build_prosody.mjs`): each character's level (平) or oblique (仄) class and its rhyme groups.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InkverseError } from '../../protocol/errors.ts';

export type Tone = 'level' | 'oblique';

const TableSchema = z.looseObject({
  level: z.string(),
  oblique: z.string(),
  either: z.string().default(''),
  /** Group name -> its characters; a character may sit in more than one group (two readings). */
  rhymeGroups: z.record(z.string(), z.string()),
});

export type ProsodyTableData = z.infer<typeof TableSchema>;

export class ProsodyTable {
  /** Group names in a fixed order; a group's index is its bit in `groupsOf`. */
  readonly groupNames: string[];
  readonly #tone = new Map<string, Tone>();
  readonly #groups = new Map<string, number>();

  constructor(data: ProsodyTableData) {
    for (const ch of data.level) this.#tone.set(ch, 'level');
    for (const ch of data.oblique) this.#tone.set(ch, 'oblique');
    this.groupNames = Object.keys(data.rhymeGroups).sort().slice(0, 31);
    this.groupNames.forEach((name, i) => {
      for (const ch of data.rhymeGroups[name]!) this.#groups.set(ch, (this.#groups.get(ch) ?? 0) | (1 << i));
    });
  }

  /** Reads and checks a table file; throws `INKVERSE_E_MODEL_MALFORMED` naming the file. */
  static load(file: string): ProsodyTable {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new InkverseError('INKVERSE_E_MODEL_MALFORMED', `Prosody table ${file} could not be read: ${(err as Error).message}`);
    }
    const parsed = TableSchema.safeParse(raw);
    if (!parsed.success) {
      throw new InkverseError('INKVERSE_E_MODEL_MALFORMED', `Prosody table ${file} is invalid at "${parsed.error.issues[0]!.path.join('.')}".`);
    }
    return new ProsodyTable(parsed.data);
  }

  /** Level or oblique; null for characters read both ways or not in the table. */
  toneOf(ch: string): Tone | null {
    return this.#tone.get(ch) ?? null;
  }

  /** Bit set of the rhyme groups `ch` belongs to (0 when it never ends a rhyming line). */
  groupsOf(ch: string): number {
    return this.#groups.get(ch) ?? 0;
  }

  /** True when the two characters share a rhyme group. */
  rhymes(a: string, b: string): boolean {
    return (this.groupsOf(a) & this.groupsOf(b)) !== 0;
  }
}
