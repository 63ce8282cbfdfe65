/**
 * @module transformersGeneratorOptions: what a transformers.js generator is built with (model, device, weights,
 * threads, the style fader's model), and the values derived from it before the worker starts.
 */
import os from 'node:os';
import type { Device } from '../protocol/devices.ts';
import { InkverseError } from '../protocol/errors.ts';
import type { ControlSurface } from './control/controlSurface.ts';
import type { EngineParams } from './engineParams.ts';
import type { ModelInfo } from './modelRegistry.ts';

export interface TransformersGeneratorOptions {
  model: ModelInfo;
  /** `auto` measures the available devices at warm-up and keeps the fastest. */
  device: Device;
  /** transformers.js dtype, or `auto` for the model's own choice. */
  dtype: string;
  /** The live engine parameters; the worker reads their shared mirror at every token. */
  params: ControlSurface<EngineParams>;
  /** CPU threads for inference; default all cores but one, so the event loop keeps a core. */
  threads?: number;
  /** The style fader's second model (same tokenizer: the caller checks), read in step with the model; none by default. */
  blend?: ModelInfo | null;
}

/** The blend model's folder and weights: the model's variant when it has it, else its own default. */
export function blendWeights(blend: ModelInfo | null | undefined, dtype: string): { dir: string; dtype: string } | null {
  if (!blend) return null;
  if (blend.weights === 'none') throw new InkverseError('INKVERSE_E_MODEL_LOAD', `The blend model "${blend.name}" is a verse profile without weights (${blend.dir} has no onnx/).`);
  return { dir: blend.dir, dtype: blend.dtypes.includes(dtype) ? dtype : blend.defaultDtype };
}

/** CPU threads for inference by default: all cores but one, so the event loop keeps a core. */
export function defaultThreads(): number {
  return Math.max(1, os.availableParallelism() - 1);
}
