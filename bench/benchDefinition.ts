/**
 * @module bench/benchDefinition: what one row of `npm run bench` is. Each bench file exports `bench`, a
 * `BenchDefinition`; bench/run.ts only lists them. A bench returns flat figures (numbers in the unit its key
 * names: `_ms`, `_mb`, `_per_s`; `Stats` over repeats; `*_ratio` against its peer measured in the same run) and
 * the Markdown lines of its table for BENCHMARKS.md.
 */

/** min / median / max over `n` repeats. */
export interface Stats {
  min: number;
  median: number;
  max: number;
  n: number;
}

/** A figure: a measured number, stats over repeats, or a reason it was not measured (`unavailable: ...`). */
export type Figure = number | Stats | string;

export interface BenchContext {
  /** `--quick`: the shortest run that still gives every figure the bench is listed for in quick runs. */
  quick: boolean;
  /** Progress for people: goes to stderr, never to the JSON on stdout. */
  log: (message: string) => void;
}

export interface BenchOutcome {
  /** Flat figures, keys in snake_case with their unit (`decode_ratio`, `fanout_64_p99_ms`, `rss_10min_mb`). */
  figures: Record<string, Figure>;
  /** The Markdown of this bench's section in BENCHMARKS.md (a heading, a line on the set-up, a table). */
  markdown: string[];
}

export interface BenchDefinition {
  /** Starts first and runs beside the other benches (memory figures, which their CPU load does not change). */
  background?: boolean;
  run(context: BenchContext): Promise<BenchOutcome>;
}
