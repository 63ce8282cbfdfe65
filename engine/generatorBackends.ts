/**
 * @module generatorBackends: the generator backends an installation can name in `model.backend`, and what
 * a factory gets to make one (plain names and types, so the config schema can import them cheaply).
 * A new backend (an OpenAI-compatible server, say) adds its name here and a case in `createGenerator`;
 * it gets the same verse profile and the same live parameters (the control surface) as the transformers backend.
 */
import type { Device } from '../protocol/devices.ts';
import type { Generator } from './generator.ts';
import type { ModelInfo } from './modelRegistry.ts';
import type { ControlSurface } from './control/controlSurface.ts';
import type { EngineParams } from './engineParams.ts';
import type { Clock } from './clock.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';

/** Where an `openai` backend writes (the config's `openai` section, in engine units). */
export interface OpenAISettings {
  /** Base URL of the server, e.g. `http://gpu-box:8080`; `/v1/completions` is added (a URL ending in `/v1` is taken as is). */
  url: string;
  /** The model name the server knows (`model` in each request). */
  model: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  apiKey?: string;
  /** Tries of one request in a row (a refused connection, a stream cut mid-way) before the backend counts as down. */
  retries: number;
  /** Wait before the second try; it doubles per try. */
  retryMinMs: Milliseconds;
  /** Alternatives asked per token (`logprobs`), for the entropy; 0 asks for no log-probabilities (drafting off). */
  logprobs: number;
}

/**
 * `transformers`: @huggingface/transformers in a worker thread, weights from the model folder; `openai`: an
 * OpenAI-compatible completions server (llama-server, vLLM, Ollama) holds the weights, the model folder the profile.
 */
export const GENERATOR_BACKENDS = ['transformers', 'openai'] as const;
export type GeneratorBackend = (typeof GENERATOR_BACKENDS)[number];

/** One way of writing: a model (profile + weights) on a device through a backend. */
export interface GeneratorSpec {
  backend: GeneratorBackend;
  model: ModelInfo;
  device: Device;
  /** Weight variant, or `auto` for the model's own choice. */
  dtype: string;
  /** CPU threads for inference; undefined = the backend's default. */
  threads?: number;
  /** The server an `openai` backend writes with (required for it). */
  openai?: OpenAISettings;
  /** The installation's clock (backoff between tries); default the system clock. */
  clock?: Clock;
  /** The style fader's second model, with the same tokenizer (checked before); none when not configured. */
  blend?: ModelInfo | null;
}

/** Makes a fresh generator for a spec; a supervisor calls it again for every restart. */
export type GeneratorFactory = (spec: GeneratorSpec, params: ControlSurface<EngineParams>) => Generator;
