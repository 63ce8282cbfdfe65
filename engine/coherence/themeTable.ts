/**
 * @module themeTable: the semantic classes a verse's theme memory uses (built from the corpus by
 * `models/train/build_themes.mjs`, shipped beside the prosody table as `zh-themes.json`): which characters and
 * two-character words mark each season, and the corpus's stock phrases with the share of a line they fill.
 */
import { z } from 'zod';
import { besideTableLoader, readTable } from '../prosody/besideTable.ts';

const TableSchema = z.looseObject({
  families: z.looseObject({
    season: z.looseObject({
      /** Season -> the characters that name it outright (春; 夏暑; 秋; 冬腊). */
      seeds: z.record(z.string(), z.string().min(1)),
      /** Season -> its seeds, then the markers measured from the corpus. */
      classes: z.record(z.string(), z.array(z.string().min(1))),
    }),
  }),
  stock: z.looseObject({ trigrams: z.array(z.string()), share: z.number().min(0).max(1) }).optional(),
});

/** The themes file beside a prosody table. */
export const THEMES_FILE = 'zh-themes.json';

export class ThemeTable {
  readonly seasons: readonly string[];
  readonly #seeds: Record<string, string>;
  readonly #markers: Record<string, string[]>;
  /** The corpus's commonest within-line trigrams. */
  readonly stock: ReadonlySet<string>;
  /** The share of the corpus's trigram positions those fill: the rate a verse is held to, not zero. */
  readonly stockShare: number;

  constructor(data: z.infer<typeof TableSchema>) {
    const s = data.families.season;
    this.seasons = Object.keys(s.classes);
    this.#seeds = s.seeds;
    this.#markers = s.classes;
    this.stock = new Set(data.stock?.trigrams ?? []);
    this.stockShare = data.stock?.share ?? 0;
  }

  /** Reads and checks a table file; throws `INKVERSE_E_MODEL_MALFORMED` naming the file. */
  static load(file: string): ThemeTable {
    return new ThemeTable(readTable(file, TableSchema, 'Theme table'));
  }

  /** The table beside a Chinese model's prosody table, or null when its profile names none (English models). */
  static forModel(modelDir: string): ThemeTable | null {
    return forModel(modelDir);
  }

  /** The seasons a text names: outright by their seeds, or (with `markers`) by any marker too. */
  seasonsIn(text: string, markers = true): Set<string> {
    const found = new Set<string>();
    for (const season of this.seasons) {
      const units = markers ? this.#markers[season]! : [...(this.#seeds[season] ?? '')];
      if (units.some((u) => text.includes(u))) found.add(season);
    }
    return found;
  }

  /** The characters naming every season but `season` outright (what a verse of that season should not say). */
  otherSeeds(season: string): string {
    return this.seasons.filter((s) => s !== season).map((s) => this.#seeds[s] ?? '').join('');
  }
}

const forModel = besideTableLoader(THEMES_FILE, (file) => ThemeTable.load(file));
