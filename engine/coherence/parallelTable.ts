/**
 * @module parallelTable: regulated verse's parallelism (对仗), as the corpus's own middle couplets show it (built by
 * `models/train/build_parallel.mjs`, shipped beside the prosody table as `zh-parallel.json`): which two characters
 * stand in the same slot of a parallel couplet. A couplet's parallelism is the share of its slots holding such a pair.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InkverseError } from '../../protocol/errors.ts';
import { readProsodyProfile } from '../prosody/prosodyProfile.ts';

export const PARALLEL_FILE = 'zh-parallel.json';

const FileSchema = z.looseObject({
  /** Attested pairs, two characters each (in code-point order), concatenated. */
  pairs: z.string(),
  /** Mean parallelism of the corpus's middle couplets. */
  middleRate: z.number().min(0).max(1),
});

const HAN = /\p{Script=Han}/u;
const pairKey = (a: string, b: string): string => (a < b ? a + b : b + a);

export class ParallelTable {
  readonly #pairs = new Set<string>();
  readonly middleRate: number;

  constructor(data: z.infer<typeof FileSchema>) {
    const chars = [...data.pairs];
    for (let i = 0; i + 1 < chars.length; i += 2) this.#pairs.add(chars[i]! + chars[i + 1]!);
    this.middleRate = data.middleRate;
  }

  static load(file: string): ParallelTable {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new InkverseError('INKVERSE_E_MODEL_MALFORMED', `Parallelism table ${file} could not be read: ${(err as Error).message}.`);
    }
    const parsed = FileSchema.safeParse(raw);
    if (!parsed.success) throw new InkverseError('INKVERSE_E_MODEL_MALFORMED', `Parallelism table ${file} is invalid at "${parsed.error.issues[0]!.path.join('.')}": ${parsed.error.issues[0]!.message}.`);
    return new ParallelTable(parsed.data);
  }

  /** The table beside a Chinese model's prosody table, or null. */
  static forModel(modelDir: string): ParallelTable | null {
    const cached = byDir.get(modelDir);
    if (cached !== undefined) return cached;
    const profile = readProsodyProfile(modelDir);
    const file = profile?.kind === 'classical-zh' && profile.tableFile ? path.join(path.dirname(profile.tableFile), PARALLEL_FILE) : null;
    const table = file && existsSync(file) ? ParallelTable.load(file) : null;
    byDir.set(modelDir, table);
    return table;
  }

  /** Share of the slots of two lines (their Han characters, aligned) that hold an attested parallel pair; 0 for lines of different lengths. */
  share(a: string, b: string): number {
    const x = [...a].filter((c) => HAN.test(c));
    const y = [...b].filter((c) => HAN.test(c));
    if (x.length === 0 || x.length !== y.length) return 0;
    return x.filter((c, i) => c !== y[i] && this.#pairs.has(pairKey(c, y[i]!))).length / x.length;
  }
}

const byDir = new Map<string, ParallelTable | null>();
