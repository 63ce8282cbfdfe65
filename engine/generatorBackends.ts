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

/** `transformers`: @huggingface/transformers in a worker thread, weights from the model folder. */
export const GENERATOR_BACKENDS = ['transformers'] as const;
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
}

/** Makes a fresh generator for a spec; a supervisor calls it again for every restart. */
export type GeneratorFactory = (spec: GeneratorSpec, params: ControlSurface<EngineParams>) => Generator;
