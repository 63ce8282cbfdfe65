/**
 * @module models/cli/overusedUnits: the characters (Chinese) or words (English) a poet uses more than a reference
 * corpus does, and how often they turn up in generated verses. A tuned model that took on the poet's voice writes
 * them more often than its base did, for the same prompts and seeds.
 */

export interface OverusedOptions {
  /** 'zh': Han characters are the units; otherwise lowercase words. */
  language: string;
  /** Fewest uses in the poet's text for a unit to count (count); default 8. */
  minCount: number;
  /** Least ratio of the poet's rate to the reference's rate (x); default 2. */
  minRatio: number;
  /** Most units kept, highest ratio first (count); default 40. */
  top: number;
}

export const OVERUSED_DEFAULTS = {
  minCount: 8,
  minRatio: 2,
  top: 40,
} satisfies Partial<OverusedOptions>;

export interface OverusedUnit {
  unit: string;
  /** Uses in the poet's text, and per thousand units there and in the reference. */
  count: number;
  poetPerMille: number;
  referencePerMille: number;
  ratio: number;
}

/** The units of a text: Han characters for zh, lowercase words otherwise. */
export function textUnits(text: string, language: string): string[] {
  return language.startsWith('zh') ? [...text].filter((c) => /\p{Script=Han}/u.test(c)) : (text.toLowerCase().match(/\p{L}+(?:'\p{L}+)?/gu) ?? []);
}

function counts(texts: readonly string[], language: string): { map: Map<string, number>; total: number } {
  const map = new Map<string, number>();
  let total = 0;
  for (const t of texts) {
    for (const u of textUnits(t, language)) {
      map.set(u, (map.get(u) ?? 0) + 1);
      total++;
    }
  }
  return { map, total };
}

/**
 * Units whose rate in `poet` is at least `minRatio` times their rate in `reference`, used `minCount`+ times by the
 * poet. A unit the reference never uses gets the rate of half a use there (so the ratio stays finite).
 */
export function overusedUnits(poet: readonly string[], reference: readonly string[], options: Pick<OverusedOptions, 'language'> & Partial<OverusedOptions>): OverusedUnit[] {
  const o: OverusedOptions = { ...OVERUSED_DEFAULTS, ...options };
  const p = counts(poet, o.language);
  const r = counts(reference, o.language);
  if (p.total === 0 || r.total === 0) return [];
  const out: OverusedUnit[] = [];
  for (const [unit, count] of p.map) {
    if (count < o.minCount) continue;
    const poetRate = count / p.total;
    const refRate = Math.max(0.5, r.map.get(unit) ?? 0) / r.total;
    const ratio = poetRate / refRate;
    if (ratio >= o.minRatio) out.push({ unit, count, poetPerMille: poetRate * 1000, referencePerMille: refRate * 1000, ratio });
  }
  return out.sort((a, b) => b.ratio - a.ratio || a.unit.localeCompare(b.unit)).slice(0, o.top);
}

/** Share of the units of `verses` that are among `units` (0-1), and the unit count it is taken over. */
export function overusedRate(verses: readonly string[], units: readonly OverusedUnit[], language: string): { rate: number; units: number; hits: number } {
  const set = new Set(units.map((u) => u.unit));
  let total = 0;
  let hits = 0;
  for (const v of verses) {
    for (const u of textUnits(v, language)) {
      total++;
      if (set.has(u)) hits++;
    }
  }
  return { rate: total ? hits / total : 0, units: total, hits };
}
