/**
 * @module paramReader: the one way to read live parameters, typed by the tables that declare them: on a reader of
 * the engine's parameters `get('temperature')` is a number, and a name no table declares does not compile. The
 * control surface is the reader on the main thread (it also validates and applies changes); the generator worker
 * reads the same names through its shared-memory mirror (worker/sharedParams).
 */
import type { ParamValues } from '../protocol/paramSpec.ts';

export interface ParamReader<V extends object> {
  /** The current value of a parameter, typed by its table. */
  get<K extends keyof V & string>(name: K): V[K];
  /** Every current value by name (a copy). */
  snapshot(): ParamValues;
}
