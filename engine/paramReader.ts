/**
 * @module paramReader: the one way any generator backend reads the live engine parameters.
 * In-thread backends call `get`; a backend whose sampler runs on another thread reads the shared
 * mirror, which the reader itself keeps in step with the store, so the two can never disagree.
 */
import { ENGINE_PARAMS, ENGINE_PARAM_INDEX, type EngineParamName } from './engineParams.ts';
import type { ParamListener } from './paramStore.ts';
import type { ParamValue } from '../protocol/paramSpec.ts';

export interface ParamReader {
  /** The current value of an engine parameter (booleans as 0/1). */
  get(name: EngineParamName): number;
  /**
   * A shared-memory mirror for readers on another thread: one Float64 per engine parameter at
   * `ENGINE_PARAM_INDEX[name]`, updated synchronously with every change of the store.
   */
  shared(): SharedArrayBuffer;
}

/** What the reader follows: a ParamStore of ENGINE_PARAMS, or the ControlSurface (engine names are bare there). */
export interface EngineParamSource {
  get(name: string): ParamValue;
  onChange(listener: ParamListener): () => void;
}

const numeric = (v: ParamValue): number => (typeof v === 'boolean' ? (v ? 1 : 0) : Number(v));

/** A ParamReader over a live store; `dispose()` stops following it (idempotent). */
export class StoreParamReader implements ParamReader {
  readonly #source: EngineParamSource;
  #buffer: SharedArrayBuffer | null = null;
  #view: Float64Array | null = null;
  #off: (() => void) | null = null;

  constructor(source: EngineParamSource) {
    this.#source = source;
    // Fail at construction, not at the first token, when the source lacks an engine parameter.
    for (const spec of ENGINE_PARAMS) source.get(spec.name);
  }

  get(name: EngineParamName): number {
    return numeric(this.#source.get(name));
  }

  shared(): SharedArrayBuffer {
    if (this.#buffer) return this.#buffer;
    const buffer = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT * ENGINE_PARAMS.length);
    const view = new Float64Array(buffer);
    for (const spec of ENGINE_PARAMS) view[ENGINE_PARAM_INDEX[spec.name]] = this.get(spec.name);
    // Follow every change, whatever the source reports it as (bare or `engine.`-qualified names).
    this.#off = this.#source.onChange(() => {
      for (const spec of ENGINE_PARAMS) view[ENGINE_PARAM_INDEX[spec.name]] = this.get(spec.name);
    });
    this.#buffer = buffer;
    this.#view = view;
    return buffer;
  }

  /** The mirror's value of one parameter (what a worker reads), for checks and tests. */
  mirrored(name: EngineParamName): number | undefined {
    return this.#view?.[ENGINE_PARAM_INDEX[name]];
  }

  dispose(): void {
    this.#off?.();
    this.#off = null;
  }
}
