/**
 * @module models/cli/evalOptions: the evaluation's options, defaults, kiosk prompt set and report shapes (see evaluate).
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import type { FormRules } from '../../engine/form.ts';
import { defaultThreads } from '../../engine/transformersGeneratorOptions.ts';
import type { CraftFigures } from './craftFigures.ts';
import type { DiscriminatorResult } from './discriminator.ts';
import type { PerplexityResult } from './perplexity.ts';
import type { FormFigures, GeneratedVerse, Share } from './verseStats.ts';

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
  /** How well a classifier tells this run's verses from the held-out poems (50%: it cannot); null without them (or in English). */
  discriminator?: DiscriminatorResult | null;
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
