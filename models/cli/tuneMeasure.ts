/**
 * @module models/cli/tuneMeasure: what the tune card reports, measured on the staged model folder: held-out perplexity
 * of the base and the tuned model on the artist's held-out poems; the craft figures of `models:eval`; how often the
 * poet's over-used characters (or words) appear in verses of the base and the tuned model for the same prompts and
 * seeds; and the share of generated lines that copy one of the artist's own lines.
 */
import path from 'node:path';
import type { ModelInfo } from '../../engine/modelRegistry.ts';
import { MIN_LINE_CHARS, normalizeLine } from '../../engine/originality/corpusIndex.ts';
import { EVAL_DEFAULTS, EVAL_PROMPTS, evaluateModel, type EvalReport } from './evaluate.ts';
import type { EvalOptions, RunReport } from './evalOptions.ts';
import { generateRun } from './evalRun.ts';
import { readHeldout } from './heldout.ts';
import { heldoutPerplexity, type PerplexityResult } from './perplexity.ts';
import { overusedRate, type OverusedUnit } from './overusedUnits.ts';
import { share, verseLines, type Share } from './verseStats.ts';

export interface TuneMeasureOptions {
  /** Verses per run, for the base and the tuned model alike (count); default 20. */
  samples: number;
  seed: number;
  threads: number;
  /** Attested n-grams against the Tang corpus in the craft figures (about 20 s); default true. */
  ngrams: boolean;
  onProgress: (message: string) => void;
}

export interface TuneMeasures {
  base: PerplexityResult;
  tuned: PerplexityResult;
  eval: EvalReport;
  /** The over-used units' share of the units of the streamed verses (drafting off) of each model. */
  overused: { base: ReturnType<typeof overusedRate>; tuned: ReturnType<typeof overusedRate> };
  /** Generated lines (5+ characters) equal to one of the artist's lines: tuned (every run), base (streamed run). */
  verbatim: { tuned: Share; base: Share; examples: string[] };
}

const langOf = (model: ModelInfo): 'zh' | 'en' => (model.language.startsWith('zh') ? 'zh' : 'en');

function runLines(run: RunReport, model: ModelInfo): string[] {
  return run.verses.flatMap((v) => verseLines(v, model.lineBreaks));
}

function verbatim(lines: readonly string[], artist: ReadonlySet<string>, language: 'zh' | 'en'): { share: Share; hits: string[] } {
  const keyed = lines.map((l) => normalizeLine(l, language)).filter((k) => [...k].length >= MIN_LINE_CHARS);
  const hits = keyed.filter((k) => artist.has(k));
  return { share: share(hits.length, keyed.length), hits };
}

/** Measures the staged tuned folder against its base (see the module comment). */
export async function measureTune(base: ModelInfo, tuned: ModelInfo, artistLines: readonly string[], units: readonly OverusedUnit[], options: TuneMeasureOptions): Promise<TuneMeasures> {
  const o = options;
  const heldoutFile = path.join(tuned.dir, 'heldout.jsonl');
  const { samples } = readHeldout(heldoutFile);
  o.onProgress(`perplexity of ${base.name} on the ${samples.length} held-out poems`);
  const basePpl = await heldoutPerplexity(base.dir, samples, { dtype: 'q8', threads: o.threads });
  o.onProgress(`models:eval of ${tuned.name} (${o.samples} verses per run)`);
  const report = await evaluateModel({
    name: path.basename(tuned.dir), modelsDir: path.dirname(tuned.dir), samples: o.samples, seed: o.seed, heldout: heldoutFile,
    dtype: 'q8', threads: o.threads, raw: false, ngrams: o.ngrams && langOf(tuned) === 'zh', onProgress: o.onProgress,
  });
  if ('reason' in report.perplexity) throw new Error(`the tuned model's held-out perplexity was not measured: ${report.perplexity.reason}`);
  const language = langOf(tuned);
  const prompts = EVAL_PROMPTS[language] ?? EVAL_PROMPTS.en!;
  const evalOptions: EvalOptions = { ...EVAL_DEFAULTS, name: base.name, samples: o.samples, seed: o.seed, threads: o.threads, dtype: 'q8', onProgress: o.onProgress };
  o.onProgress(`${base.name}: the same prompts and seeds, drafting off`);
  const baseRun = await generateRun(base, 'streamed', 'q8', prompts, { corpus: null, table: null, ngrams: null, seasons: null, parallel: null }, evalOptions);
  const tunedStreamed = report.runs.find((r) => r.kind === 'streamed')!;
  const text = (run: RunReport): string[] => run.verses.map((v) => v.body);
  const artist = new Set(artistLines.map((l) => normalizeLine(l, language)));
  const tunedVerbatim = verbatim(report.runs.flatMap((r) => runLines(r, tuned)), artist, language);
  return {
    base: basePpl,
    tuned: report.perplexity,
    eval: report,
    overused: { base: overusedRate(text(baseRun), units, language), tuned: overusedRate(text(tunedStreamed), units, language) },
    verbatim: { tuned: tunedVerbatim.share, base: verbatim(runLines(baseRun, base), artist, language).share, examples: [...new Set(tunedVerbatim.hits)].slice(0, 5) },
  };
}
