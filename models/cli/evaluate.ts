/**
 * @module models/cli/evaluate: measures a model folder for its model card: held-out perplexity, and kiosk verses
 * written by the runtime's own generator and verse writer (prompt modes, form, prosody, line drafting) from a
 * fixed prompt set and seeds: with drafting on, with drafting off, and (form models) the raw model without form
 * rules; and the same craft figures for the held-out corpus poems, side by side (see craftFigures).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { ENGINE_PARAMS } from '../../engine/engineParams.ts';
import { ModelRegistry, WEIGHT_FILES, modelSamplingParams, type ModelInfo, type WeightDtype } from '../../engine/modelRegistry.ts';
import { engineSurface } from '../../engine/control/controlSurface.ts';
import { readProsodyProfile } from '../../engine/prosody/prosodyProfile.ts';
import { ProsodyTable } from '../../engine/prosody/prosodyTable.ts';
import { CorpusIndex } from '../../engine/originality/corpusIndex.ts';
import { existsSync } from 'node:fs';
import { craftFigures, type SeasonTable } from './craftFigures.ts';
import { discriminate } from './discriminator.ts';
import { ParallelTable } from '../../engine/coherence/parallelTable.ts';
import { EVAL_DEFAULTS, EVAL_PROMPTS, type CorpusReport, type EvalOptions, type EvalReport, type RunKind, type RunReport } from './evalOptions.ts';
import { generateRun, type Shared } from './evalRun.ts';
import { findHeldout, readHeldout } from './heldout.ts';
import { NgramIndex, poemKey } from './ngramIndex.ts';
import { heldoutPerplexity } from './perplexity.ts';
import { formFigures, verseLines } from './verseStats.ts';

export { EVAL_DEFAULTS, EVAL_PROMPTS } from './evalOptions.ts';
export type { CorpusReport, EvalOptions, EvalReport, EvalVerse, RunKind, RunReport } from './evalOptions.ts';

/** The engine parameters that shape sampling, reported with the figures. */
const SAMPLING_PARAMS = ['temperature', 'top_k', 'top_p', 'repetition_penalty', 'max_tokens', 'prosody'] as const;

function pickDtype(model: ModelInfo, wanted: string | null): string {
  if (wanted !== null) {
    if (!model.dtypes.includes(wanted)) {
      throw new InkverseError('INKVERSE_E_MODEL_MISSING', `Model ${model.name} has no ${wanted} weights (onnx/${WEIGHT_FILES[wanted as WeightDtype] ?? `model_${wanted}.onnx`}); it has ${model.dtypes.join(', ')}.`);
    }
    return wanted;
  }
  return model.dtypes.includes('fp32') ? 'fp32' : model.dtypes.includes('q8') ? 'q8' : model.dtypes[0]!;
}

/** The held-out poems as lines (a title line, when the sample has one, left out). */
function corpusPoems(samples: readonly string[], model: ModelInfo): string[][] {
  return samples.map((s) => {
    const zh = model.language.startsWith('zh');
    const body = zh && s.includes('\n') ? s.slice(s.indexOf('\n') + 1) : s;
    return verseLines({ input: '', body, truncated: false }, model.lineBreaks);
  });
}

/** The season family of a themes table (models/prosody/zh-themes.json), or null when the model has none beside its prosody table. */
function readSeasons(file: string): SeasonTable | null {
  if (!existsSync(file)) return null;
  const season = (JSON.parse(readFileSync(file, 'utf8')) as { families?: { season?: SeasonTable } }).families?.season;
  return season?.classes && season.seeds ? { seeds: season.seeds, classes: season.classes } : null;
}

/** Evaluates one model folder; see the module comment for what is measured. */
export async function evaluateModel(options: Pick<EvalOptions, 'name'> & Partial<EvalOptions>): Promise<EvalReport> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as typeof options;
  const o: EvalOptions = { ...EVAL_DEFAULTS, ...given };
  const model = new ModelRegistry(o.modelsDir).get(o.name);
  const dtype = pickDtype(model, o.dtype);
  const weights = path.join(model.dir, 'onnx', WEIGHT_FILES[dtype as WeightDtype]);
  const weightsSha = createHash('sha256').update(readFileSync(weights)).digest('hex').slice(0, 12);
  const language = model.language.split('-')[0]!;
  const prompts = EVAL_PROMPTS[language] ?? EVAL_PROMPTS.en!;

  let perplexity: EvalReport['perplexity'];
  let heldoutSamples: string[] = [];
  let heldoutSource = '';
  const heldoutFile = o.heldout ?? findHeldout(model.dir, model.name, PROJECT_ROOT);
  if (heldoutFile === null) {
    perplexity = { reason: 'no held-out text' };
  } else {
    o.onProgress(`perplexity: scoring ${heldoutFile}`);
    const { file, samples } = readHeldout(path.resolve(heldoutFile));
    heldoutSamples = samples;
    heldoutSource = file;
    perplexity = { ...(await heldoutPerplexity(model.dir, samples, { dtype, threads: o.threads, maxWindows: o.maxWindows })), source: file };
  }

  const heldoutPoems = corpusPoems(heldoutSamples, model);
  const profile = readProsodyProfile(model.dir);
  const shared: Shared = {
    corpus: model.corpusIndex ? CorpusIndex.load(model.corpusIndex, language === 'zh' ? 'zh' : 'en') : null,
    table: profile?.kind === 'classical-zh' && profile.tableFile ? ProsodyTable.load(profile.tableFile) : null,
    ngrams: null,
    parallel: ParallelTable.forModel(model.dir),
    seasons: profile?.kind === 'classical-zh' && profile.tableFile ? readSeasons(path.join(path.dirname(profile.tableFile), 'zh-themes.json')) : null,
  };
  if (language === 'zh' && o.ngrams) {
    o.onProgress('n-grams: indexing the Tang corpus (held-out poems left out)');
    shared.ngrams = NgramIndex.tang(new Set(heldoutPoems.map((p) => poemKey(p.join('')))));
  }

  const kinds: RunKind[] = ['drafted', 'streamed', ...(model.form && o.raw ? (['raw'] as const) : [])];
  const runs: RunReport[] = [];
  for (const kind of kinds) runs.push(await generateRun(model, kind, dtype, prompts, shared, o));
  if (language === 'zh' && heldoutPoems.length >= 5) {
    const real = heldoutPoems.map((p) => p.join(''));
    for (const run of runs) run.discriminator = run.verses.length >= 5 ? discriminate(real, run.verses.map((v) => v.input + v.body), { seed: o.seed }) : null;
  }
  const corpusReport: CorpusReport | null = heldoutPoems.length
    ? {
        source: heldoutSource,
        poems: heldoutPoems.length,
        lines: heldoutPoems.flat().length,
        form: model.form ? formFigures(heldoutPoems, model.form.lineLengths) : null,
        craft: craftFigures({ language: model.language, poems: heldoutPoems, lines: heldoutPoems.flat(), table: shared.table, ngrams: shared.ngrams, seasons: shared.seasons, parallel: shared.parallel }),
      }
    : null;

  const effective = engineSurface(modelSamplingParams(model).params).snapshot();
  const sampling = Object.fromEntries(SAMPLING_PARAMS.map((name) => [name, effective[name] as number]));
  return {
    model: model.name,
    language: model.language,
    dtype,
    weightsSha,
    threads: o.threads,
    samples: o.samples,
    seed: o.seed,
    drafts: o.drafts,
    maxWindows: o.maxWindows,
    heldoutOption: o.heldout,
    prompts,
    sampling,
    form: model.form,
    perplexity,
    runs,
    corpus: corpusReport,
    date: new Date().toISOString().slice(0, 10),
  };
}
