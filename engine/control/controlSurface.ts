/**
 * @module controlSurface: every live parameter of the installation behind one table of qualified names.
 * Namespaces: engine parameters keep their bare names (`temperature`, also reachable as
 * `engine.temperature`), scene parameters are `scene.<scene>.<name>`, sound parameters `sound.<name>`.
 * The console, OSC, MIDI mappings, voices, the archive and the `params` event all go through it.
 */
import { InkverseError } from '../../protocol/errors.ts';
import { validateParamValue, type ParamSpec, type ParamValue, type ParamValues } from '../../protocol/paramSpec.ts';
import { unknownNameMessage } from '../../protocol/unknownName.ts';
import { ParamStore, type ParamListener, type ParamOrigin } from '../paramStore.ts';
import { qualify } from './qualify.ts';

export { qualify };

/** What every parameter consumer needs: a ParamStore and the ControlSurface both provide it. */
export interface ParamTable {
  /** Every parameter, by its (qualified) name. */
  readonly table: readonly ParamSpec[];
  spec(name: string): ParamSpec | undefined;
  get(name: string): ParamValue;
  snapshot(): ParamValues;
  /** All-or-nothing; returns the values that changed. Throws `INKVERSE_E_UNKNOWN_PARAM` / `_PARAM_RANGE`. */
  set(patch: Record<string, unknown>, origin: ParamOrigin): ParamValues;
  onChange(listener: ParamListener): () => void;
}

/** One namespace of the surface: `prefix` is `''` for the engine, else e.g. `scene.ink` or `sound`. */
export interface ControlNamespace {
  readonly prefix: string;
  /** Either a declared table (the surface makes its store) or a store that already exists (the engine's). */
  readonly table?: readonly ParamSpec[];
  readonly store?: ParamStore;
  /** Starting values by bare name (validated; a bad one throws at start-up). */
  readonly initial?: ParamValues;
}

/** The prefix engine parameters may also be addressed with. */
export const ENGINE_PREFIX = 'engine';

interface Entry {
  readonly prefix: string;
  readonly store: ParamStore;
}

export class ControlSurface implements ParamTable {
  readonly table: readonly ParamSpec[];
  readonly #entries: Entry[];
  /** Qualified name -> [entry, bare name, spec under its qualified name] (built once: OSC looks specs up per message). */
  readonly #index = new Map<string, [Entry, string, ParamSpec]>();
  readonly #listeners = new Set<ParamListener>();
  readonly #offs: Array<() => void> = [];
  /** While a multi-namespace `set` applies, changes are gathered and announced once. */
  #batch: { values: ParamValues; origin: ParamOrigin } | null = null;

  constructor(namespaces: readonly ControlNamespace[]) {
    const prefixes = new Set<string>();
    this.#entries = namespaces.map((ns) => {
      if (prefixes.has(ns.prefix)) throw new Error(`Control namespace "${ns.prefix}" is declared twice.`);
      prefixes.add(ns.prefix);
      const store = ns.store ?? new ParamStore(ns.table ?? [], ns.initial ? { initial: ns.initial } : {});
      return { prefix: ns.prefix, store };
    });
    const table: ParamSpec[] = [];
    for (const entry of this.#entries) {
      for (const spec of entry.store.table) {
        const name = qualify(entry.prefix, spec.name);
        const qualified: ParamSpec = { ...spec, name };
        this.#index.set(name, [entry, spec.name, qualified]);
        if (entry.prefix === '') this.#index.set(qualify(ENGINE_PREFIX, spec.name), [entry, spec.name, qualified]);
        table.push(qualified);
      }
      this.#offs.push(entry.store.onChange((c) => this.#changed(entry, c.values, c.origin)));
    }
    this.table = table;
  }

  /** The store behind a namespace (`''` for the engine). */
  store(prefix: string): ParamStore | undefined {
    return this.#entries.find((e) => e.prefix === prefix)?.store;
  }

  /** The namespaces in declaration order. */
  get prefixes(): string[] {
    return this.#entries.map((e) => e.prefix);
  }

  spec(name: string): ParamSpec | undefined {
    return this.#index.get(name)?.[2];
  }

  get(name: string): ParamValue {
    const hit = this.#index.get(name);
    if (!hit) throw this.#unknown(name);
    return hit[0].store.get(hit[1]);
  }

  /** Every value by qualified name. */
  snapshot(): ParamValues {
    const out: ParamValues = {};
    for (const e of this.#entries) for (const [k, v] of Object.entries(e.store.snapshot())) out[qualify(e.prefix, k)] = v;
    return out;
  }

  /** The values of one namespace by bare name (`scene.ink` -> `{ bleed: 0.4, ... }`). */
  snapshotOf(prefix: string): ParamValues {
    return this.store(prefix)?.snapshot() ?? {};
  }

  set(patch: Record<string, unknown>, origin: ParamOrigin): ParamValues {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw new InkverseError('INKVERSE_E_BAD_REQUEST', 'Parameters must be an object of { name: value }.');
    }
    // Validate everything first, so one bad entry leaves every namespace untouched.
    const perEntry = new Map<Entry, Record<string, ParamValue>>();
    for (const [name, raw] of Object.entries(patch)) {
      const hit = this.#index.get(name);
      if (!hit) throw this.#unknown(name);
      const [entry, bare, spec] = hit;
      const value = validateParamValue(spec, raw);
      const values = perEntry.get(entry) ?? {};
      values[bare] = value;
      perEntry.set(entry, values);
    }
    const batch = { values: {} as ParamValues, origin };
    this.#batch = batch;
    try {
      for (const [entry, values] of perEntry) entry.store.set(values, origin);
    } finally {
      this.#batch = null;
    }
    if (Object.keys(batch.values).length) this.#emit(batch.values, origin);
    return batch.values;
  }

  onChange(listener: ParamListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops listening to the stores; idempotent. */
  dispose(): void {
    for (const off of this.#offs.splice(0)) off();
    this.#listeners.clear();
  }

  #changed(entry: Entry, values: ParamValues, origin: ParamOrigin): void {
    const qualified: ParamValues = {};
    for (const [k, v] of Object.entries(values)) qualified[qualify(entry.prefix, k)] = v;
    if (this.#batch) Object.assign(this.#batch.values, qualified);
    else this.#emit(qualified, origin);
  }

  #emit(values: ParamValues, origin: ParamOrigin): void {
    for (const listener of this.#listeners) listener({ values, origin });
  }

  #unknown(name: string): InkverseError {
    // A name inside a known namespace lists that namespace; anything else lists every name.
    const entry = this.#entries.find((e) => e.prefix && name.startsWith(`${e.prefix}.`));
    const known = entry ? entry.store.table.map((s) => qualify(entry.prefix, s.name)) : this.table.map((s) => s.name);
    return new InkverseError('INKVERSE_E_UNKNOWN_PARAM', unknownNameMessage('parameter', name, known));
  }
}

