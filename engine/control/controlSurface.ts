/**
 * @module controlSurface: every live parameter of the installation behind one table of qualified names, the one
 * place values are kept and validated. Namespaces: engine parameters keep their bare names (`temperature`, also
 * reachable as `engine.temperature`), scene parameters are `scene.<scene>.<name>`, sound parameters `sound.<name>`.
 * The console, OSC, MIDI mappings, presets, the archive, the generator and the `params` event all go through it.
 * Each value is validated once, here (`checkParamValue`), whatever the transport.
 */
import { InkverseError, type ErrorCode } from '../../protocol/errors.ts';
import { checkParamValue, defaultsOf, describeAllowed, type ParamSpec, type ParamValue, type ParamValues, type ValuesOf } from '../../protocol/paramSpec.ts';
import { unknownNameMessage } from '../../protocol/unknownName.ts';
import { ENGINE_PARAMS, type EngineParams } from '../engineParams.ts';
import type { ParamReader } from '../paramReader.ts';
import { mirrorParams, type ParamMirror } from '../worker/sharedParams.ts';
import { qualify } from './qualify.ts';

export { qualify };

/** Who asked for a change: shown in the console's activity monitor and the archive. */
export type ParamOrigin = 'config' | 'console' | 'osc' | 'midi' | 'preset' | 'api' | 'test';

export interface ParamChange {
  /** Only the values that changed, by qualified name. */
  values: ParamValues;
  origin: ParamOrigin;
}

export type ParamListener = (change: ParamChange) => void;

/** Why a value was refused: a plain value, because under a flood (OSC) building Errors dominates the cost. */
export interface ParamRefusal {
  code: Extract<ErrorCode, 'INKVERSE_E_UNKNOWN_PARAM' | 'INKVERSE_E_PARAM_RANGE'>;
  message: string;
}

/** One namespace of the surface: `prefix` is `''` for the engine, else e.g. `scene.ink` or `sound`. */
export interface ControlNamespace {
  readonly prefix: string;
  readonly table: readonly ParamSpec[];
  /** Starting values by bare name (validated; a bad one throws at start-up). */
  readonly initial?: ParamValues;
}

/** An installation's values: the engine's typed from its table, every other namespace's by qualified name. */
export type InstallationParams = EngineParams & ParamValues;

/** The prefix engine parameters may also be addressed with. */
export const ENGINE_PREFIX = 'engine';

/**
 * The surface, typed by the values it holds (`V`): `get('temperature')` is a number on a surface that holds the
 * engine's table. Reading is the `ParamReader` every consumer takes; writing (`set`, `offer`) validates.
 */
export class ControlSurface<V extends object = ParamValues> implements ParamReader<V> {
  /** Every parameter, by its qualified name. */
  readonly table: readonly ParamSpec[];
  readonly #prefixes: readonly string[];
  /** Qualified (or `engine.`-aliased) name -> spec under its qualified name (OSC looks specs up per message). */
  readonly #index = new Map<string, ParamSpec>();
  readonly #values = new Map<string, ParamValue>();
  readonly #listeners = new Set<ParamListener>();
  /** The engine values in shared memory, made when a generator first asks (see `engineMirror`). */
  #mirror: ParamMirror | null = null;

  constructor(namespaces: readonly ControlNamespace[]) {
    const prefixes = new Set<string>();
    const table: ParamSpec[] = [];
    for (const ns of namespaces) {
      if (prefixes.has(ns.prefix)) throw new Error(`Control namespace "${ns.prefix}" is declared twice.`);
      prefixes.add(ns.prefix);
      for (const spec of ns.table) {
        const qualified: ParamSpec = { ...spec, name: qualify(ns.prefix, spec.name) };
        if (this.#index.has(qualified.name)) throw new Error(`Parameter "${qualified.name}" is declared twice.`);
        this.#index.set(qualified.name, qualified);
        if (ns.prefix === '') this.#index.set(qualify(ENGINE_PREFIX, spec.name), qualified);
        table.push(qualified);
      }
    }
    this.table = table;
    this.#prefixes = [...prefixes];
    for (const [name, v] of Object.entries(defaultsOf(table))) this.#values.set(name, v);
    for (const ns of namespaces) {
      if (ns.initial) this.set(Object.fromEntries(Object.entries(ns.initial).map(([k, v]) => [qualify(ns.prefix, k), v])), 'config');
    }
  }

  /** The spec of a parameter under its qualified name, or undefined when there is none. */
  spec(name: string): ParamSpec | undefined {
    return this.#index.get(name);
  }

  get<K extends keyof V & string>(name: K): V[K] {
    const spec = this.#index.get(name);
    if (!spec) throw this.#unknownError(name);
    return this.#values.get(spec.name) as V[K];
  }

  /** Every value by qualified name (a copy). */
  snapshot(): ParamValues {
    return Object.fromEntries(this.#values);
  }

  /** The values of one namespace by qualified name (`scene.ink` -> `{ 'scene.ink.bleed': 0.4, ... }`). */
  snapshotOf(prefix: string): ParamValues {
    const out: ParamValues = {};
    if (!this.#prefixes.includes(prefix)) return out;
    for (const [name, v] of this.#values) if (prefix === '' ? !this.#inNamespace(name) : name.startsWith(`${prefix}.`)) out[name] = v;
    return out;
  }

  /**
   * Validates every entry, then applies them together; one bad entry leaves every value untouched. Returns the
   * values that actually changed (empty if nothing did). Throws `INKVERSE_E_UNKNOWN_PARAM` / `_PARAM_RANGE`.
   */
  set(patch: Record<string, unknown>, origin: ParamOrigin): ParamValues {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw new InkverseError('INKVERSE_E_BAD_REQUEST', 'Parameters must be an object of { name: value }.');
    }
    const validated = new Map<string, ParamValue>();
    for (const [name, raw] of Object.entries(patch)) {
      const checked = this.#check(name, raw);
      if (!('value' in checked)) throw new InkverseError(checked.code, checked.message);
      validated.set(checked.name, checked.value);
    }
    return this.#apply(validated, origin);
  }

  /**
   * One value from a transport under a flood (OSC): validated and applied like `set`, but a refusal is returned
   * as a plain value instead of thrown.
   */
  offer(name: string, raw: unknown, origin: ParamOrigin): ParamRefusal | undefined {
    const checked = this.#check(name, raw);
    if (!('value' in checked)) return checked;
    this.#apply(new Map([[checked.name, checked.value]]), origin);
    return undefined;
  }

  /** Subscribes to applied changes; returns the unsubscribe function. */
  onChange(listener: ParamListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The engine's values in shared memory, for generator workers (worker/sharedParams): one buffer, made at the first
   * ask and kept in step with every change until `dispose`, read by every generator loaded on this surface (a
   * model and its blend model, the model a switch loads beside the one writing, fallbacks, restarts). Throws
   * `INKVERSE_E_UNKNOWN_PARAM` when the surface lacks an engine parameter.
   */
  engineMirror(): SharedArrayBuffer {
    // The engine's names are bare on every surface that holds them; mirrorParams checks that they are all here.
    this.#mirror ??= mirrorParams(this as unknown as ControlSurface<EngineParams>);
    return this.#mirror.buffer;
  }

  /** Drops every listener and stops keeping the engine mirror in step; idempotent. */
  dispose(): void {
    this.#mirror?.dispose();
    this.#listeners.clear();
  }

  /** The one validation of a value: its qualified name and the value to store, or why it is refused. */
  #check(name: string, raw: unknown): { name: string; value: ParamValue } | ParamRefusal {
    const spec = this.#index.get(name);
    if (!spec) return { code: 'INKVERSE_E_UNKNOWN_PARAM', message: this.#unknownMessage(name) };
    const value = checkParamValue(spec, raw);
    if (value === undefined) {
      return { code: 'INKVERSE_E_PARAM_RANGE', message: `Parameter "${spec.name}" must be ${describeAllowed(spec)}; got ${JSON.stringify(raw) ?? String(raw)}.` };
    }
    return { name: spec.name, value };
  }

  #apply(validated: Map<string, ParamValue>, origin: ParamOrigin): ParamValues {
    const changed: ParamValues = {};
    for (const [name, v] of validated) {
      if (this.#values.get(name) === v) continue;
      this.#values.set(name, v);
      changed[name] = v;
    }
    if (Object.keys(changed).length === 0) return changed;
    for (const listener of this.#listeners) listener({ values: changed, origin });
    return changed;
  }

  #inNamespace(name: string): boolean {
    return this.#prefixes.some((p) => p !== '' && name.startsWith(`${p}.`));
  }

  #unknownMessage(name: string): string {
    // A name inside a known namespace lists that namespace; anything else lists every name.
    const prefix = this.#prefixes.find((p) => p && name.startsWith(`${p}.`));
    const known = prefix ? Object.keys(this.snapshotOf(prefix)) : this.table.map((s) => s.name);
    return unknownNameMessage('parameter', name, known);
  }

  #unknownError(name: string): InkverseError {
    return new InkverseError('INKVERSE_E_UNKNOWN_PARAM', this.#unknownMessage(name));
  }
}

/** A surface of the engine's parameters alone (tools, benchmarks and tests that run the engine without a server). */
export function engineSurface(initial?: ParamValues): ControlSurface<EngineParams> {
  return new ControlSurface<ValuesOf<typeof ENGINE_PARAMS>>([{ prefix: '', table: ENGINE_PARAMS, ...(initial ? { initial } : {}) }]);
}
