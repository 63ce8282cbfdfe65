/**
 * @module parallelTable: regulated verse's parallelism (对仗), as the corpus's own middle couplets show it (built by
 * `models/train/build_parallel.mjs`, shipped beside the prosody table as `zh-parallel.json`): which two characters
 * stand in the same slot of a parallel couplet. A couplet's parallelism is the share of its slots holding such a pair.
 */
import { z } from 'zod';
import { besideTableLoader, readTable } from '../prosody/besideTable.ts';

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
    return new ParallelTable(readTable(file, FileSchema, 'Parallelism table'));
  }

  /** The table beside a Chinese model's prosody table, or null. */
  static forModel(modelDir: string): ParallelTable | null {
    return forModel(modelDir);
  }

  /** Share of the slots of two lines (their Han characters, aligned) that hold an attested parallel pair; 0 for lines of different lengths. */
  share(a: string, b: string): number {
    const x = [...a].filter((c) => HAN.test(c));
    const y = [...b].filter((c) => HAN.test(c));
    if (x.length === 0 || x.length !== y.length) return 0;
    return x.filter((c, i) => c !== y[i] && this.#pairs.has(pairKey(c, y[i]!))).length / x.length;
  }
}

const forModel = besideTableLoader(PARALLEL_FILE, (file) => ParallelTable.load(file));
