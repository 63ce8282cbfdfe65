/**
 * @module sharedParams: the engine's parameters in shared memory, for the generator worker, which is busy inside
 * inference and cannot read its message queue mid-verse. The main thread keeps one Float64 per engine parameter
 * (in the order of ENGINE_PARAMS) in step with the control surface; the worker reads it by name through the same
 * `ParamReader` as everyone else (its ParamFrame, which fixes the values per decode step), so a live change
 * applies from the very next step.
 */
import { ENGINE_PARAMS, ENGINE_PARAM_INDEX, type EngineParams } from '../engineParams.ts';
import type { ControlSurface } from '../control/controlSurface.ts';

/** Main thread: the mirror of a surface's engine parameters and how to stop following it. */
export interface ParamMirror {
  readonly buffer: SharedArrayBuffer;
  /** Stops following the surface; idempotent. */
  dispose(): void;
}

/** Main thread: a buffer holding the surface's engine values, rewritten synchronously on every change. */
export function mirrorParams(surface: ControlSurface<EngineParams>): ParamMirror {
  const buffer = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT * ENGINE_PARAMS.length);
  const view = new Float64Array(buffer);
  const write = (): void => {
    for (const spec of ENGINE_PARAMS) view[ENGINE_PARAM_INDEX[spec.name]] = surface.get(spec.name);
  };
  // Throws here, at load, when the surface lacks an engine parameter, not at the first token.
  write();
  const off = surface.onChange(write);
  return { buffer, dispose: off };
}
