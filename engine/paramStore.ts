/**
 * @module paramStore: one typed store of live parameter values, validated against a declared table.
 * Changes are all-or-nothing; listeners hear each applied change once. Runs in Node and in the browser.
 */
import { InkverseError } from '../protocol/errors.ts';
import { unknownNameMessage } from '../protocol/unknownName.ts';
import { defaultsOf, validateParamValue, type ParamSpec, type ParamValue, type ParamValues } from '../protocol/paramSpec.ts';

/** Who asked for a change: shown in the console's activity monitor and the archive. */
export type ParamOrigin = 'config' | 'console' | 'osc' | 'midi' | 'voice' | 'api' | 'test';

export interface ParamChange {
  /** Only the values that changed. */
  values: ParamValues;
  origin: ParamOrigin;
}

export type ParamListener = (change: ParamChange) => void;

export class ParamStore {
  readonly table: readonly ParamSpec[];
  readonly #specs: Map<string, ParamSpec>;
  readonly #values: ParamValues;
  readonly #listeners = new Set<ParamListener>();
  /** Optional shared-memory mirror: numeric value of table entry i at index i (booleans as 0/1). */
  readonly #mirror: Float64Array | undefined;

  constructor(table: readonly ParamSpec[], options: { initial?: ParamValues; mirror?: Float64Array } = {}) {
    this.table = table;
    this.#specs = new Map(table.map((s) => [s.name, s]));
    this.#values = defaultsOf(table);
    this.#mirror = options.mirror;
    if (this.#mirror && this.#mirror.length < table.length) {
      throw new Error(`The shared mirror holds ${this.#mirror.length} values but the table declares ${table.length}.`);
    }
    this.#writeMirror(this.#values);
    if (options.initial) this.set(options.initial, 'config');
  }

  spec(name: string): ParamSpec | undefined {
    return this.#specs.get(name);
  }

  get(name: string): ParamValue {
    const v = this.#values[name];
    if (v === undefined) throw this.#unknown(name);
    return v;
  }

  /** A copy of all current values. */
  snapshot(): ParamValues {
    return { ...this.#values };
  }

  /**
   * Validates every entry, then applies them together; one bad entry rejects the whole patch.
   * Returns the values that actually changed (empty if nothing did).
   */
  set(patch: Record<string, unknown>, origin: ParamOrigin): ParamValues {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw new InkverseError('INKVERSE_E_BAD_REQUEST', 'Parameters must be an object of { name: value }.');
    }
    const validated: ParamValues = {};
    for (const [name, raw] of Object.entries(patch)) {
      const spec = this.#specs.get(name);
      if (!spec) throw this.#unknown(name);
      validated[name] = validateParamValue(spec, raw);
    }
    const changed: ParamValues = {};
    for (const [name, v] of Object.entries(validated)) {
      if (this.#values[name] !== v) {
        this.#values[name] = v;
        changed[name] = v;
      }
    }
    if (Object.keys(changed).length === 0) return changed;
    this.#writeMirror(changed);
    for (const listener of this.#listeners) listener({ values: changed, origin });
    return changed;
  }

  /** Subscribes to applied changes; returns the unsubscribe function. */
  onChange(listener: ParamListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #writeMirror(values: ParamValues): void {
    if (!this.#mirror) return;
    this.table.forEach((spec, i) => {
      const v = values[spec.name];
      if (typeof v === 'number') this.#mirror![i] = v;
      else if (typeof v === 'boolean') this.#mirror![i] = v ? 1 : 0;
    });
  }

  #unknown(name: string): InkverseError {
    return new InkverseError('INKVERSE_E_UNKNOWN_PARAM', unknownNameMessage('parameter', name, this.#specs.keys()));
  }
}
