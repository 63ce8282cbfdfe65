/**
 * @module models/cli/evaluate: measures a model folder for its model card: held-out perplexity, and kiosk verses
 * written by the runtime's own generator and verse writer (prompt modes, form, prosody, line drafting) from a
 * fixed prompt set and seeds: with drafting on, with drafting off, and (form models) the raw model without form
 * rules; and the same craft figures for the held-out corpus poems, side by side (see craftFigures).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/loadConfig.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { ENGINE_PARAMS } from '../../engine/engineParams.ts';
import type { FormRules } from '../../engine/form.ts';
import { ModelRegistry, WEIGHT_FILES, modelSamplingParams, type ModelInfo, type WeightDtype } from '../../engine/modelRegistry.ts';
import { StoreParamReader } from '../../engine/paramReader.ts';
import { ParamStore } from '../../engine/paramStore.ts';
import { planPrompt } from '../../engine/promptModes.ts';
import { readProsodyProfile } from '../../engine/prosody/prosodyProfile.ts';
import { ProsodyTable } from '../../engine/prosody/prosodyTable.ts';
import { TransformersGenerator, defaultThreads } from '../../engine/transformersGenerator.ts';
import { verseWriter } from '../../engine/verseWriter.ts';
import { CorpusIndex, MIN_LINE_CHARS } from '../corpusIndex.ts';
import { craftFigures, type CraftFigures } from './craftFigures.ts';
import { findHeldout, readHeldout } from './heldout.ts';
import { NgramIndex, poemKey } from './ngramIndex.ts';
import { heldoutPerplexity, type PerplexityResult } from './perplexity.ts';
import { copiedLines, formFigures, verseLines, type FormFigures, type GeneratedVerse, type Share } from './verseStats.ts';

/**
 * Kiosk prompts per language, used in turn (verse i gets prompt i mod n and seed + i), each written in the mode its
 * shape suggests, as at the kiosk: mostly titles, two openings, keywords, an acrostic.
 */
export const EVAL_PROMPTS: Record<string, readonly string[]> = {
  zh: [
    '秋风吹落满地黄叶，', '明月', '江南', '孤舟', '边塞', '春雨', '故乡', '梅花', '夜泊', '黄河',
    '落日', '山居', '送别', '长安', '秋夜', '渔父', '酒 月 故人', '藏头：春江花月', '白日依山尽', '雪',
  ],
  en: ['The sea', 'O night', 'The autumn wind', 'A lamp in the window', 'Evening bells'],
};

export interface EvalOptions {
  /** Model folder name under `modelsDir`. */
  name: string;
  modelsDir: string;
  /** Verses generated per run. */
  samples: number;
  /** Seed of the first verse; verse i uses seed + i. */
  seed: number;
  /** Held-out file to score; null = look where heldout.ts looks. */
  heldout: string | null;
  /** Score only this many held-out windows; null = all. */
  maxWindows: number | null;
  threads: number;
  /** Weights to use; null = fp32 when present, else q8, else the first the folder has (as the runtime's `auto`). */
  dtype: string | null;
  /** Drafts per line in the drafting run. */
  drafts: number;
  /** Also run the raw model without form rules (form models only). */
  raw: boolean;
  /** Measure attested n-grams against the Tang corpus (builds an index from npm chinese-poetry, about 20 s). */
  ngrams: boolean;
  onProgress: (message: string) => void;
}

export const EVAL_DEFAULTS: Omit<EvalOptions, 'name'> = {
  modelsDir: path.join(PROJECT_ROOT, 'models'),
  samples: 60,
  seed: 1,
  heldout: null,
  maxWindows: null,
  threads: defaultThreads(),
  dtype: null,
  drafts: 4,
  raw: true,
  ngrams: true,
  onProgress: () => undefined,
};

export type RunKind = 'drafted' | 'streamed' | 'raw';

export interface EvalVerse extends GeneratedVerse {
  /** The kiosk prompt and the mode it was written in. */
  prompt: string;
  mode: string;
}

export interface RunReport {
  /** `drafted`: drafting on (what visitors see); `streamed`: drafting off; `raw`: no form rules, plain sampling. */
  kind: RunKind;
  verses: EvalVerse[];
  lines: number;
  /** Line-length figures against the model's form; null when it declares none. */
  form: FormFigures | null;
  /** Lines found in the training corpus; null when the model ships no corpus index. */
  copied: Share | null;
  craft: CraftFigures;
  /** Verses whose last line was left unfinished at max_tokens (what a visitor would see cut). */
  cutLines: Share;
  /** Tokens of the kept verse per second of writing (drafting writes more than it keeps). */
  tokensPerSecond: number;
}

export interface CorpusReport {
  source: string;
  poems: number;
  lines: number;
  form: FormFigures | null;
  craft: CraftFigures;
}

export interface EvalReport {
  model: string;
  language: string;
  dtype: string;
  /** sha256 of the scored weights file, first 12 hex digits: which weights these figures belong to. */
  weightsSha: string;
  threads: number;
  samples: number;
  seed: number;
  drafts: number;
  maxWindows: number | null;
  /** The held-out file passed explicitly, if any (repeated in the command line of the report). */
  heldoutOption: string | null;
  prompts: readonly string[];
  /** Engine sampling parameters in effect (the engine defaults with the model's own on top). */
  sampling: Record<string, number>;
  form: FormRules | null;
  perplexity: (PerplexityResult & { source: string }) | { reason: string };
  runs: RunReport[];
  /** The held-out poems measured the same way; null without held-out text. */
  corpus: CorpusReport | null;
  date: string;
}

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

interface Shared {
  corpus: CorpusIndex | null;
  table: ProsodyTable | null;
  ngrams: NgramIndex | null;
}

const HAN = /\p{Script=Han}/u;
/** What the model itself wrote, for relevance: its body, without an acrostic's given line heads. */
function writtenText(body: string, mode: string): string {
  if (mode !== 'acrostic') return body;
  return body.split(/(?<=[，。！？；])/u).map((l) => [...l].slice(1).join('')).join('');
}

async function generateRun(model: ModelInfo, kind: RunKind, dtype: string, prompts: readonly string[], shared: Shared, o: EvalOptions): Promise<RunReport> {
  const initial = { ...modelSamplingParams(model).params, drafts: kind === 'drafted' ? o.drafts : 0, tempo: 0 };
  const params = new ParamStore(ENGINE_PARAMS, { initial });
  const reader = new StoreParamReader(params);
  const maxTokens = params.get('max_tokens') as number;
  // The raw run is the same model with its form rules taken away: the worker then samples plainly.
  const runModel = kind === 'raw' ? { ...model, form: null, minLines: 0 } : model;
  const generator = new TransformersGenerator({ model: runModel, device: 'cpu', dtype, params: reader, threads: o.threads });
  const verses: EvalVerse[] = [];
  try {
    o.onProgress(`${kind}: loading ${model.name} (${dtype}, CPU, ${o.threads} thread${o.threads === 1 ? '' : 's'})`);
    await generator.load();
    for (let i = 0; i < o.samples; i++) {
      const prompt = prompts[i % prompts.length]!;
      const seed = o.seed + i;
      const t0 = performance.now();
      let body = '';
      let tokens = 0;
      let opening: string;
      let mode: string;
      if (kind === 'raw') {
        const p = planPrompt(prompt, model);
        ({ opening, mode } = p);
        for await (const t of generator.generate({ input: p.input + opening, body: opening, seed })) {
          body += t.text;
          tokens++;
        }
      } else {
        const writer = verseWriter({ generator, model, prompt, replay: false, params, judges: [] });
        opening = writer.opening;
        mode = writer.start.mode ?? 'title';
        for await (const t of writer.stream(opening, seed, new AbortController().signal)) {
          body += t.text;
          tokens++;
        }
      }
      const ended = model.lineBreaks.some((b) => body.endsWith(b)) || body.endsWith('\n');
      verses.push({ prompt, mode, input: opening, body, seed, tokens, truncated: tokens >= maxTokens && !ended, ms: performance.now() - t0 });
      o.onProgress(`${kind}: verse ${i + 1}/${o.samples}`);
    }
  } finally {
    await generator.close();
    reader.dispose();
  }
  const linesPerVerse = verses.map((v) => verseLines(v, model.lineBreaks));
  const lines = linesPerVerse.flat();
  const poems = verses.map((v) => verseLines({ input: '', body: v.input + v.body, truncated: v.truncated }, model.lineBreaks));
  const promptOrder = [...new Set(prompts)];
  const other = (p: string): string => promptOrder[(promptOrder.indexOf(p) + 1) % promptOrder.length]!;
  const relevance = verses.filter((v) => [...v.prompt].some((c) => HAN.test(c))).map((v) => ({ prompt: v.prompt.replace(/^藏头[：:]?/u, ''), text: writtenText(v.body, v.mode), other: other(v.prompt) }));
  const tokens = verses.reduce((s, v) => s + v.tokens, 0);
  const ms = verses.reduce((s, v) => s + v.ms, 0);
  return {
    kind,
    verses,
    lines: lines.length,
    form: model.form ? formFigures(linesPerVerse, model.form.lineLengths) : null,
    copied: shared.corpus ? copiedLines(lines, shared.corpus, MIN_LINE_CHARS) : null,
    craft: craftFigures({ language: model.language, poems, lines, relevance, table: shared.table, ngrams: shared.ngrams }),
    cutLines: { count: verses.filter((v) => v.truncated).length, total: verses.length, share: verses.length ? verses.filter((v) => v.truncated).length / verses.length : null },
    tokensPerSecond: ms > 0 ? (tokens / ms) * 1000 : 0,
  };
}

/** The held-out poems as lines (a title line, when the sample has one, left out). */
function corpusPoems(samples: readonly string[], model: ModelInfo): string[][] {
  return samples.map((s) => {
    const zh = model.language.startsWith('zh');
    const body = zh && s.includes('\n') ? s.slice(s.indexOf('\n') + 1) : s;
    return verseLines({ input: '', body, truncated: false }, model.lineBreaks);
  });
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
  };
  if (language === 'zh' && o.ngrams) {
    o.onProgress('n-grams: indexing the Tang corpus (held-out poems left out)');
    shared.ngrams = NgramIndex.tang(new Set(heldoutPoems.map((p) => poemKey(p.join('')))));
  }

  const kinds: RunKind[] = ['drafted', 'streamed', ...(model.form && o.raw ? (['raw'] as const) : [])];
  const runs: RunReport[] = [];
  for (const kind of kinds) runs.push(await generateRun(model, kind, dtype, prompts, shared, o));
  const corpusReport: CorpusReport | null = heldoutPoems.length
    ? {
        source: heldoutSource,
        poems: heldoutPoems.length,
        lines: heldoutPoems.flat().length,
        form: model.form ? formFigures(heldoutPoems, model.form.lineLengths) : null,
        craft: craftFigures({ language: model.language, poems: heldoutPoems, lines: heldoutPoems.flat(), table: shared.table, ngrams: shared.ngrams }),
      }
    : null;

  const effective = new ParamStore(ENGINE_PARAMS, { initial: modelSamplingParams(model).params }).snapshot();
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
