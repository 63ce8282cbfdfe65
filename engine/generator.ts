/**
 * @module generator: the narrow interface between the verse loop and any text generator backend
 * (transformers.js in a worker today; an OpenAI-compatible server tomorrow; a fake in tests), and the
 * optional per-verse setup through which a supervisor fixes the backend, profile or a replay per verse.
 */
import type { VerseProfile } from './verseProfile.ts';
import type { VersePlan } from './versePlan.ts';

/** The live parameters a generation sampled with from decode step `step` on (ENGINE_PARAMS order). */
export interface ParamStep {
  step: number;
  values: number[];
}

export interface GeneratedToken {
  text: string;
  /** Natural-log probability of this token under the model. */
  logprob: number;
  /** Entropy of the model's distribution at this token, in bits. */
  entropy: number;
}

export interface GenerateOptions {
  /** Full model input: the filled prompt template plus the verse so far. */
  input: string;
  /** The verse body so far (form rules and repetition penalty start from it). */
  body: string;
  seed: number;
  /** Aborting stops the generation after at most one more token. */
  signal?: AbortSignal;
  /** What the prompt asks of the verse beyond the model's form (acrostic line starts, keywords); see promptModes. */
  plan?: VersePlan;
  /** Replay: sample with these engine parameters (ENGINE_PARAMS order, each from its step on) instead of the live ones. */
  schedule?: ParamStep[];
  /** Told the live parameters the backend sampled with, at step 0 and at each step they changed (provenance). */
  onParams?: (change: ParamStep) => void;
}

/** Drafting: the next line written `count` times from one context, returned whole (not streamed). */
export interface DraftOptions extends Omit<GenerateOptions, 'signal'> {
  /** Drafts to write, as one batch. */
  count: number;
  /** Most tokens one draft may take (the verse's remaining budget); a longer line comes back `length`. */
  maxTokens: number;
  /** Aborting drops the drafts (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** One drafted line: its tokens, how it ended, and how well it kept the model's prosody. */
export interface DraftedLine {
  /** Token texts and their model log-probabilities (natural log) and entropies (bits). */
  tokens: Array<{ text: string; logprob: number; entropy: number }>;
  /** `line`: it ended with a line break; `eos`: the verse ended (tokens may be empty); `length`: cut at maxTokens. */
  ended: 'line' | 'eos' | 'length';
  /** Share of the line's prosody checks it met (classical tones and rhyme); null when nothing was checked. */
  prosody: number | null;
}

/**
 * A verse (streamed or drafted) may run past max_tokens by at most this many tokens to finish its line; callers
 * that ask for drafts give a budget this much above what is left, so a line begun in time can end.
 */
export const FINISH_LINE_TOKENS = 48;

export interface GeneratorInfo {
  model: string;
  /** Device actually in use (after `auto` or a fallback). */
  device: string;
  dtype: string;
  state: 'idle' | 'loading' | 'ready' | 'failed';
  /** Devices tried at load and what happened (speed, or why one failed), for /health. */
  devices: Array<{ device: string; ok: boolean; tokensPerSecond?: number; reason?: string }>;
  /**
   * Whether tokens come with their log-probabilities (drafting scores by them), and why not; absent: they always
   * do (a local model). A remote server may not send them: it then streams token by token (`/health` says so).
   */
  logprobs?: { available: boolean; reason: string | null };
  /** The style fader's second model (live parameter `blend`), when one is loaded beside the model. */
  blend?: string | null;
}

/** An archived verse written again while no model can write (the fallback of last resort). */
export interface ReplayVerse {
  /** The archived verse's prompt and model, shown with the replay. */
  prompt: string;
  model: string;
  /** The text the next `generate()` streams. */
  text: string;
}

/** What the next verse is written with; fixed for the whole verse (a fallback swaps only between verses). */
export interface VerseSetup {
  profile: VerseProfile;
  /** Set when the verse is a replay: the loop then takes no prompt from the queue. */
  replay: ReplayVerse | null;
}

/** The heap of the thread a generator runs in (a worker's own, beside the main thread's), bytes. */
export interface GeneratorMemory {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export interface Generator {
  readonly info: GeneratorInfo;
  /**
   * Called by the loop before each verse; resolves when something can write (a supervisor waits here
   * while nothing can, so no prompt is taken and no verse announced in vain). Without it the loop
   * writes every verse with its own model.
   */
  prepare?(signal: AbortSignal): Promise<VerseSetup>;
  /** Loads the model (and for `auto`, measures the devices); resolves when ready to write. */
  load(): Promise<void>;
  /**
   * Streams tokens. The generator samples a token only when the consumer asks for it,
   * so live parameters read at sampling time apply from the very next token.
   */
  generate(options: GenerateOptions): AsyncIterable<GeneratedToken>;
  /**
   * Drafts the next line (see `DraftOptions`); live parameters apply from the next drafted token. Optional:
   * without it the loop streams the verse token by token (lineDrafter).
   */
  draft?(options: DraftOptions): Promise<DraftedLine[]>;
  /** Frees the model and the worker; idempotent. */
  close(): Promise<void>;
  /** The heap of the generator's own thread as last reported, or null (no worker, or none yet). Optional: diagnostics. */
  memory?(): GeneratorMemory | null;
}
