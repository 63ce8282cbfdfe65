/**
 * @module paramSpec: the declarative parameter table shared by the engine, scenes and sound modules.
 * One table per module declares each parameter once; validation, the console's sliders and the
 * OSC/MIDI mappings are all driven from it.
 */
import { InkverseError } from './errors.ts';

/** A number in [0, 1], as sent by faders and normalised controllers. */
export type NormalRange = number;
export type Seconds = number;
export type Milliseconds = number;
export type Hertz = number;

interface ParamSpecBase {
  /** Stable name, used in events, OSC addresses (`/inkverse/param/<name>`) and config. */
  readonly name: string;
  /** One line for the console's tooltip and docs. */
  readonly doc: string;
}

/** A numeric parameter with an inclusive range; `integer` rounds values to whole numbers. */
export interface NumberParamSpec extends ParamSpecBase {
  readonly type: 'number' | 'integer';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** Unit shown beside the value, e.g. `tokens/s`. */
  readonly unit?: string;
}

export interface BooleanParamSpec extends ParamSpecBase {
  readonly type: 'boolean';
  readonly default: boolean;
}

export interface EnumParamSpec extends ParamSpecBase {
  readonly type: 'enum';
  readonly default: string;
  readonly options: readonly string[];
}

export type ParamSpec = NumberParamSpec | BooleanParamSpec | EnumParamSpec;
export type ParamValue = number | boolean | string;
export type ParamValues = Record<string, ParamValue>;

/** The value type a spec declares: `number`, `boolean`, or the union of an enum's options. */
export type ValueOf<S extends ParamSpec> = S extends { type: 'boolean' } ? boolean : S extends { type: 'enum'; options: readonly (infer O)[] } ? O : number;
/** The values of a table declared `as const`, by name: `ValuesOf<typeof ENGINE_PARAMS>['temperature']` is `number`. */
export type ValuesOf<T extends readonly ParamSpec[]> = { [S in T[number] as S['name']]: ValueOf<S> };

/** A fader's value above this turns a boolean on (the mapper's press threshold likewise). */
export const FADER_ON: NormalRange = 0.5;

/**
 * A fader's float (0..1, from OSC or MIDI) on a boolean or enum parameter: above `FADER_ON` is true; an enum's options
 * share the range in equal slots, in declaration order (1 is the last). Undefined outside 0..1.
 */
export function fromFader(spec: BooleanParamSpec | EnumParamSpec, x: number): boolean | string | undefined {
  if (!Number.isFinite(x) || x < 0 || x > 1) return undefined;
  if (spec.type === 'boolean') return x > FADER_ON;
  return spec.options[Math.min(spec.options.length - 1, Math.floor(x * spec.options.length))];
}

/** Describes what a spec accepts, for error messages. */
export function describeAllowed(spec: ParamSpec): string {
  switch (spec.type) {
    case 'number':
      return `a number from ${spec.min} to ${spec.max}`;
    case 'integer':
      return `a whole number from ${spec.min} to ${spec.max}`;
    case 'boolean':
      return 'true or false (or a fader value from 0 to 1: above 0.5 is true)';
    case 'enum':
      return `one of ${spec.options.map((o) => JSON.stringify(o)).join(', ')} (or a fader value from 0 to 1, stepping through them in this order)`;
  }
}

/**
 * The value to store for `value` (integers rounded, a fader's float on a boolean or enum bucketed), or undefined
 * when the spec does not accept it. The one validator of parameter values: the control surface calls it once per
 * value, whatever the transport. Non-throwing, because transports under a flood (OSC) refuse many values and
 * Errors are costly.
 */
export function checkParamValue(spec: ParamSpec, value: unknown): ParamValue | undefined {
  switch (spec.type) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      const v = spec.type === 'integer' ? Math.round(value) : value;
      return v < spec.min || v > spec.max ? undefined : v;
    }
    case 'boolean':
      if (typeof value === 'number') return fromFader(spec, value);
      return typeof value === 'boolean' ? value : undefined;
    case 'enum':
      if (typeof value === 'number') return fromFader(spec, value);
      return typeof value === 'string' && spec.options.includes(value) ? value : undefined;
  }
}

/**
 * Checks one value against its spec and returns the value to store (integers rounded).
 * Throws `INKVERSE_E_PARAM_RANGE` naming the parameter and what it allows; never clamps silently.
 */
export function validateParamValue(spec: ParamSpec, value: unknown): ParamValue {
  const v = checkParamValue(spec, value);
  if (v === undefined) {
    throw new InkverseError(
      'INKVERSE_E_PARAM_RANGE',
      `Parameter "${spec.name}" must be ${describeAllowed(spec)}; got ${JSON.stringify(value) ?? String(value)}.`,
    );
  }
  return v;
}

/** The default values of a table. */
export function defaultsOf(table: readonly ParamSpec[]): ParamValues {
  return Object.fromEntries(table.map((s) => [s.name, s.default]));
}

/** Throws at once if a table declares a name twice or a default outside its own range (a programmer error). */
export function checkTable(table: readonly ParamSpec[]): void {
  const seen = new Set<string>();
  for (const spec of table) {
    if (seen.has(spec.name)) throw new Error(`Parameter "${spec.name}" is declared twice.`);
    seen.add(spec.name);
    validateParamValue(spec, spec.default);
  }
}
