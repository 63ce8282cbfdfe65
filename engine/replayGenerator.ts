/**
 * @module replayGenerator: the fallback of last resort. While no model can write, it replays verses from
 * the archive, token by token like a model, so the room never goes dark. Each setup names the archived
 * verse it replays, and the loop marks it `replay: true`; visitor prompts wait in the queue meanwhile.
 */
import { InkverseError } from '../protocol/errors.ts';
import type { ArchivedVerse } from './archivedVerse.ts';
import type { GenerateOptions, GeneratedToken, Generator, GeneratorInfo, ReplayVerse, VerseSetup } from './generator.ts';
import { seededRng, type Rng } from './rng.ts';
import type { VerseProfile } from './verseProfile.ts';

/** Where the verses come from: the archive (newest first). */
export interface ReplaySource {
  list(limit: number): ArchivedVerse[];
}

export interface ReplayGeneratorOptions {
  source: ReplaySource;
  /** Profiles of the models whose verses may be replayed (the supervisor's chain); others are left out. */
  profiles: VerseProfile[];
  /** Picks are seeded, so a run can be reproduced. */
  seed: number;
  /** How many of the newest archived verses to choose from. */
  pool?: number;
}

const DEFAULTS = { pool: 200 } satisfies Partial<ReplayGeneratorOptions>;

/** Shortest verse worth replaying, in characters. */
const MIN_CHARS = 4;

/** Model-like tokens: one Han character at a time, else a word with its trailing space. */
export function replayTokens(text: string): string[] {
  return text.match(/\p{Script=Han}|[^\p{Script=Han}\s]+\s*|\s+/gu) ?? [];
}

export class ReplayGenerator implements Generator {
  readonly info: GeneratorInfo = { model: 'replay', device: 'none', dtype: 'none', state: 'idle', devices: [] };
  readonly #o: Required<ReplayGeneratorOptions>;
  readonly #rng: Rng;
  readonly #profiles: Map<string, VerseProfile>;
  #planned: ReplayVerse | null = null;
  #lastId: string | null = null;

  constructor(options: ReplayGeneratorOptions) {
    this.#o = { ...DEFAULTS, ...options };
    this.#rng = seededRng(options.seed);
    this.#profiles = new Map(options.profiles.map((p) => [p.name, p]));
  }

  #eligible(): ArchivedVerse[] {
    return this.#o.source
      .list(this.#o.pool)
      .filter((v) => (v.reason === 'done' || v.reason === 'yielded') && [...v.text.trim()].length >= MIN_CHARS && this.#profiles.has(v.model));
  }

  /** Ready when the archive holds at least one verse to replay. */
  async load(): Promise<void> {
    if (this.#eligible().length === 0) {
      this.info.state = 'failed';
      throw new InkverseError('INKVERSE_E_MODEL_LOAD', 'There is no archived verse to replay yet.');
    }
    this.info.state = 'ready';
  }

  async prepare(): Promise<VerseSetup> {
    const verses = this.#eligible();
    if (verses.length === 0) throw new InkverseError('INKVERSE_E_GENERATION', 'There is no archived verse to replay.');
    // Never the same verse twice in a row when there is a choice.
    const choices = verses.length > 1 ? verses.filter((v) => v.id !== this.#lastId) : verses;
    const pick = choices[Math.floor(this.#rng() * choices.length)]!;
    this.#lastId = pick.id;
    this.#planned = { prompt: pick.prompt, model: pick.model, text: pick.text };
    return { profile: this.#profiles.get(pick.model)!, replay: this.#planned };
  }

  async *generate(options: GenerateOptions): AsyncGenerator<GeneratedToken> {
    // A verse is replayed once: a second stream of the same verse (after a co-writing injection) adds nothing.
    const verse = this.#planned;
    this.#planned = null;
    if (!verse) return;
    for (const text of replayTokens(verse.text)) {
      if (options.signal?.aborted) return;
      yield { text, logprob: 0, entropy: 0 };
    }
  }

  async close(): Promise<void> {
    this.info.state = 'idle';
  }
}
