/**
 * @module worker messages: what the engine's main thread and the generator worker say to each other,
 * plus the layout of the shared memory through which live parameters and pacing cross without messages
 * (the worker is busy inside inference and cannot read its message queue mid-verse).
 */
import type { Device } from '../../protocol/devices.ts';
import type { FormRules } from '../form.ts';
import type { VersePlan } from '../versePlan.ts';
import type { ParamStep } from '../generator.ts';

export type { ParamStep };
import type { PackedDrafts } from './packedDrafts.ts';

/** Int32 slots of the control buffer. */
export const CONTROL = {
  /** Tokens the main thread has asked for and the worker has not yet sampled. */
  CREDITS: 0,
  /** Id of the generation the main thread wants stopped. */
  CANCEL: 1,
  SLOTS: 2,
} as const;

/** Float64 slots of the memory buffer: the worker's own `process.memoryUsage()`, written after the load and after verses and draft batches (at most every 5 s). */
export const MEMORY = {
  HEAP_USED: 0,
  HEAP_TOTAL: 1,
  EXTERNAL: 2,
  ARRAY_BUFFERS: 3,
  SLOTS: 4,
} as const;


export interface LoadRequest {
  type: 'load';
  /** Absolute path of the model folder. */
  dir: string;
  device: Device;
  /** A weight variant present in the folder (resolved from `auto` by the main thread). */
  dtype: string;
  /** CPU threads for inference. */
  threads: number;
  form: FormRules | null;
  /** Strings that end a line. */
  lineBreaks: string[];
  /** Without form rules: the end of text is held back until this many line breaks. */
  minLines: number;
  /** Live engine parameters: the mirror of sharedParams. */
  params: SharedArrayBuffer;
  /** The style fader's second model (same tokenizer, checked by the main thread), loaded on the model's device; null: none. */
  blend: { dir: string; dtype: string } | null;
  control: SharedArrayBuffer;
  /** Where the worker reports its memory (MEMORY slots), read by the main thread at any time without a message. */
  memory: SharedArrayBuffer;
}

export interface GenerateRequest {
  type: 'generate';
  gen: number;
  /** Full model input (template applied, verse so far appended). */
  input: string;
  /** The verse body so far, so form rules start from the right place in a line. */
  body: string;
  seed: number;
  /** What the prompt asks of the verse (acrostic line starts, keywords). */
  plan?: VersePlan;
  /** Replay: sample with these parameters (each from its step on) instead of the live ones. */
  schedule?: ParamStep[];
}

/** Draft the next line `count` times from the same context, in one batch, without streaming. */
export interface DraftRequest {
  type: 'draft';
  gen: number;
  input: string;
  body: string;
  seed: number;
  count: number;
  plan?: VersePlan;
  /** Most tokens one draft may take (the verse's remaining max_tokens budget and the grace to finish a line). */
  maxTokens: number;
  /** Replay: sample with these parameters (each from its step on) instead of the live ones. */
  schedule?: ParamStep[];
}

export interface DisposeRequest {
  type: 'dispose';
}

export type ToWorker = LoadRequest | GenerateRequest | DraftRequest | DisposeRequest;

export interface DeviceTrial {
  device: string;
  ok: boolean;
  /** Decode speed measured at warm-up, when the trial ran. */
  tokensPerSecond?: number;
  reason?: string;
}

export type FromWorker =
  | { type: 'progress'; file: string; progress: number }
  | { type: 'loaded'; device: string; dtype: string; loadMs: number; trials: DeviceTrial[]; vocabSize: number; blend: string | null }
  | { type: 'token'; gen: number; text: string; logprob: number; entropy: number; params?: ParamStep }
  | { type: 'end'; gen: number; reason: 'eos' | 'length' | 'cancelled'; params?: ParamStep[] }
  | { type: 'drafts'; gen: number; rows: PackedDrafts; params: ParamStep[] }
  | { type: 'error'; gen: number | null; message: string };
