/**
 * @module ciTunes: the ci tune patterns (词谱) a Chinese model writes ci to, read from `ci-tunes.json` beside its
 * prosody table (built from the Song ci by `models/train/build_ci_tunes.mjs`), and how a visitor names one: a ci
 * prompt opens with the tune's name, and what follows is its theme (`如梦令 秋思`, `如梦令·秋思`, or `如梦令` alone).
 */
import { z } from 'zod';
import { InkverseError } from '../protocol/errors.ts';
import { unknownNameMessage } from '../protocol/unknownName.ts';
import { besideTableLoader, readTable } from './prosody/besideTable.ts';
import type { CiTune } from './versePlan.ts';

/** The tune file beside a prosody table. */
export const CI_TUNES_FILE = 'ci-tunes.json';

const TuneSchema = z.looseObject({
  lines: z.array(z.number().int().min(1).max(12)).min(1).max(40),
  ends: z.array(z.string().length(1)),
  rhyme: z.array(z.string().nullable()),
  tones: z.array(z.string().regex(/^[平仄中]+$/u)),
});
const FileSchema = z.looseObject({ tunes: z.record(z.string().min(1), TuneSchema) });

export class CiTunes {
  readonly #tunes: Map<string, CiTune>;

  constructor(tunes: Record<string, z.infer<typeof TuneSchema>>) {
    this.#tunes = new Map(Object.entries(tunes).map(([name, t]) => [name, { name, lines: t.lines, ends: t.ends, rhyme: t.rhyme, tones: t.tones }]));
  }

  /** Tune names, the commonest first (the file's order). */
  get names(): string[] {
    return [...this.#tunes.keys()];
  }

  get(name: string): CiTune | undefined {
    return this.#tunes.get(name);
  }

  /** Reads and checks a tune file: every line of a tune has its end, rhyme slot and a tone per character. */
  static load(file: string): CiTunes {
    const data = readTable(file, FileSchema, 'Ci tune file');
    for (const [name, t] of Object.entries(data.tunes)) {
      const n = t.lines.length;
      if (t.ends.length !== n || t.rhyme.length !== n || t.tones.length !== n || t.tones.some((s, i) => [...s].length !== t.lines[i])) {
        throw new InkverseError('INKVERSE_E_MODEL_MALFORMED', `Ci tune file ${file}: tune ${name} needs an end, a rhyme slot and a tone per character for each of its ${n} lines.`);
      }
    }
    return new CiTunes(data.tunes);
  }

  /** The tunes beside a Chinese model's prosody table, or null when it has none. */
  static forModel(modelDir: string): CiTunes | null {
    return forModel(modelDir);
  }

  /**
   * The tune a ci prompt names and its theme. Throws `INKVERSE_E_UNKNOWN_TUNE` naming the tunes there are when the
   * prompt opens with none of them.
   */
  parse(prompt: string): { tune: CiTune; theme: string } {
    const text = prompt.trim().replace(/^词牌[:：]?/u, '');
    // The longest name first, so 减字木兰花 is not read as a shorter tune.
    const name = [...this.#tunes.keys()].sort((a, b) => b.length - a.length).find((n) => text.startsWith(n));
    if (!name) {
      const asked = text.split(/[\s·・:：,，]/u)[0] || text;
      throw new InkverseError('INKVERSE_E_UNKNOWN_TUNE', `${unknownNameMessage('ci tune', asked, this.names)} Begin a ci with its tune, then its theme: ${this.names[0]} 秋思.`);
    }
    return { tune: this.#tunes.get(name)!, theme: text.slice(name.length).replace(/^[\s·・:：,，]+/u, '').trim() };
  }
}

const forModel = besideTableLoader(CI_TUNES_FILE, (file) => CiTunes.load(file));
