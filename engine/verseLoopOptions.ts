/** @module verseLoopOptions: what a verse loop is built from: the generator and model, live parameters, queue, clock, seed, attract themes, archive or journal, visitor hooks. */
import type { Archive } from './archive.ts';
import type { Clock } from './clock.ts';
import type { ControlSurface } from './control/controlSurface.ts';
import type { EngineParams } from './engineParams.ts';
import type { Generator } from './generator.ts';
import type { ModelInfo } from './modelRegistry.ts';
import type { PromptQueue } from './promptQueue.ts';
import type { WeightsDigest } from './provenance/weightsDigest.ts';
import type { VerseJournal } from './verseJournal.ts';
import type { VerseWriterOptions } from './verseWriter.ts';
import type { VisitorHooks } from './visitor/visitorHooks.ts';

export interface VerseLoopOptions {
  generator: Generator;
  model: ModelInfo;
  /** The live parameters: read per verse and token, their changes during a verse archived with it. */
  params: ControlSurface<EngineParams>;
  queue: PromptQueue;
  clock: Clock;
  /** The first verse of this start is sampled with seed, the n-th after it with seed + n (see verseSeed: it continues the archive's). */
  seed: number;
  /** Themes written when the queue is empty. */
  attract: string[];
  /** Themes by language, for a verse written by a fallback model of another language than `model`. */
  attractFor?: (language: string) => string[];
  /** Draws the theme of each attract verse (themeDrawer: the moment, the list, recent visitors); default a seeded pick from the lists. */
  drawTheme?: (language: string) => string;
  archive?: Archive | null;
  /** Journals the running verse and archives it, so a crash or shutdown loses nothing (used instead of `archive`). */
  journal?: VerseJournal | null;
  /** Language bridge, moderation, originality (copied lines and their poems), glosses and pinyin. */
  visitor?: VisitorHooks | null;
  /** Judges of every drafted line (moderation, originality): a refused draft is redrafted. */
  judges?: VerseWriterOptions['judges'];
  newId?: () => string;
  /** The weight file (and its sha256) a model loads for a dtype, for each verse's signed record. */
  weights?: (model: string, dtype: string) => WeightsDigest | null;
}
