/**
 * @module mapper: the mapping core shared by OSC and MIDI: shapes an input value through a `Mapping`
 * (input range -> 0..1 -> curve -> output range), smooths it over time, handles toggle and trigger
 * modes, and fires actions on the `ControlTarget`. Browser-safe (no Node imports), so the console can
 * preview a mapping with the same code the server runs.
 */
import { unknownNameMessage } from '../../protocol/unknownName.ts';
import type { Clock } from '../clock.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { fromFader, type Milliseconds, type NormalRange, type NumberParamSpec, type ParamSpec, type ParamValue } from '../../protocol/paramSpec.ts';
import type { ParamOrigin } from './controlSurface.ts';
import type { ControlTarget } from './controlTarget.ts';
import { ParamRamps } from './paramRamps.ts';
import type { Curve, Mapping, MappingAction } from '../../protocol/mappingSchema.ts';
import { mappingSourceKey } from './mergeMappings.ts';

/** Steepness `k` of the `exp` and `log` curves: at the midpoint `exp` gives about 0.18 and `log` about 0.82. */
export const CURVE_STEEPNESS = 3;

/** Normalised input above this counts as "pressed" for toggle, trigger and actions. */
export const PRESS_THRESHOLD: NormalRange = 0.5;

/**
 * Shapes a normalised value (clamped to 0..1); every curve maps 0 -> 0 and 1 -> 1 and is monotonic.
 * - `linear`: y = x.
 * - `exp`:    y = (e^(k·x) − 1) / (e^k − 1): fine control at the low end (tempo, gaps).
 * - `log`:    y = ln(1 + x·(e^k − 1)) / k, the inverse of `exp`: fine control at the high end.
 * - `scurve`: y = x²·(3 − 2x) (smoothstep): gentle at both ends, quick through the middle.
 */
export function applyCurve(curve: Curve, x: NormalRange): NormalRange {
  const t = Math.min(1, Math.max(0, x));
  const k = CURVE_STEEPNESS;
  switch (curve) {
    case 'linear':
      return t;
    case 'exp':
      return Math.expm1(k * t) / Math.expm1(k);
    case 'log':
      return Math.log1p(t * Math.expm1(k)) / k;
    case 'scurve':
      return t * t * (3 - 2 * t);
  }
}

/** The input range of a mapping: its `in`, else [0, 127] for MIDI and [0, 1] for OSC. */
export function inputRange(m: Mapping): [number, number] {
  return m.in ?? (m.midi ? [0, 127] : [0, 1]);
}

/** Where a raw input value lies in the mapping's input range, clamped to 0..1 (a reversed range inverts). */
export function normaliseInput(m: Mapping, value: number): NormalRange {
  const [lo, hi] = inputRange(m);
  if (lo === hi) return value >= lo ? 1 : 0;
  return Math.min(1, Math.max(0, (value - lo) / (hi - lo)));
}

/** The output range of a mapping on a numeric parameter: its `out`, else the parameter's whole range. */
export function outputRange(m: Mapping, spec: NumberParamSpec): [number, number] {
  return m.out ?? [spec.min, spec.max];
}

/** Maps a shaped value (0..1) onto a numeric parameter through the mapping's output range; clamped, integers rounded. */
export function toParamValue(m: Mapping, spec: NumberParamSpec, y: NormalRange): number {
  const [lo, hi] = outputRange(m, spec);
  const v = Math.min(spec.max, Math.max(spec.min, lo + y * (hi - lo)));
  return spec.type === 'integer' ? Math.round(v) : v;
}

/** The full absolute mapping of a raw input to a value of `spec` (numbers shaped, booleans by threshold, enums by slot). */
export function mapValue(m: Mapping, spec: ParamSpec, value: number): ParamValue {
  const x = normaliseInput(m, value);
  switch (spec.type) {
    case 'number':
    case 'integer':
      return toParamValue(m, spec, applyCurve(m.curve, x));
    case 'boolean':
    case 'enum':
      // The same steps as a fader's float sent straight to the parameter (x is within 0..1 here).
      return fromFader(spec, x)!;
  }
}

export interface MapperOptions {
  /** What mappings drive: parameters and actions. */
  target: ControlTarget;
  /** Time source for smoothing (a manual clock in tests). */
  clock: Clock;
  /** Owner recorded for prompts queued by `prompt` actions (per-owner queue limits apply). */
  owner: string;
  /** Interval between smoothing steps, in milliseconds (about one display frame). */
  tickMs: Milliseconds;
  /** Smoothing snaps to its target once within this fraction of the parameter's range. */
  settle: NormalRange;
}

const DEFAULTS = {
  owner: 'performer',
  tickMs: 16,
  settle: 0.001,
} satisfies Partial<MapperOptions>;

/** What one input did, for the transport's log and the console's monitor. */
export type MapperOutcome =
  | { kind: 'param'; param: string; value: ParamValue; smoothing: boolean }
  | { kind: 'action'; action: MappingAction; arg?: string }
  /** Nothing to do: a release, a held button, a value repeated. */
  | { kind: 'none' }
  /** The target refused (unknown preset, nothing to inject into, ...); the transport logs it and carries on. */
  | { kind: 'error'; error: Error };

/**
 * Applies mappings to a `ControlTarget`. One Mapper can serve OSC and MIDI together, so smoothing of a
 * parameter is one ramp whatever drives it. Call `dispose()` to stop ramps and listeners.
 */
export class Mapper {
  readonly #o: MapperOptions;
  /** Per mapping: whether the control was pressed at the last input (for edge detection). */
  readonly #pressed = new Map<string, boolean>();
  /** Smoothing ramps; someone else setting a parameter (console slider, raw OSC) wins over its ramp. */
  readonly #ramps: ParamRamps;
  #disposed = false;

  constructor(options: Pick<MapperOptions, 'target' | 'clock'> & Partial<MapperOptions>) {
    this.#o = { ...DEFAULTS, ...options };
    this.#ramps = new ParamRamps({ store: this.#o.target.params, clock: this.#o.clock, tickMs: this.#o.tickMs });
  }

  /**
   * Checks a mapping against the parameter table; throws `INKVERSE_E_CONFIG` naming the mapping and what
   * is allowed (unknown parameter, output range outside the parameter's, empty input range, missing action argument).
   */
  check(m: Mapping): void {
    const where = `Mapping ${mappingSourceKey(m)}`;
    const bad = (detail: string): never => {
      throw new InkverseError('INKVERSE_E_CONFIG', `${where}: ${detail}`);
    };
    if (m.in && m.in[0] === m.in[1]) bad(`"in" must be two different numbers; got [${m.in.join(', ')}].`);
    if (m.param !== undefined) {
      const spec = this.#o.target.params.spec(m.param);
      if (!spec) bad(unknownNameMessage('parameter', m.param, this.#o.target.params.table.map((s) => s.name)));
      if (m.out && spec && (spec.type === 'number' || spec.type === 'integer')) {
        for (const v of m.out) {
          if (!(v >= spec.min && v <= spec.max)) bad(`"out" [${m.out.join(', ')}] must lie within "${spec.name}" (${spec.min} to ${spec.max}).`);
        }
      }
    }
    if (m.action !== undefined && m.action !== 'skip' && !m.arg) bad(`action "${m.action}" needs an "arg" (${m.action === 'preset' ? 'preset name' : m.action === 'scene' ? 'scene name' : 'text'}).`);
  }

  /**
   * Feeds one input value through a mapping. `value` undefined is an impulse (an OSC message without
   * arguments): a press immediately followed by a release. Never throws for runtime faults; programmer
   * errors (a disposed mapper) throw.
   */
  handle(m: Mapping, value: number | undefined, origin: ParamOrigin = m.midi ? 'midi' : 'osc'): MapperOutcome {
    if (this.#disposed) throw new Error('Mapper.handle() called after dispose().');
    if (value !== undefined && !Number.isFinite(value)) return { kind: 'none' }; // NaN or Infinity: no meaning, no effect
    const key = `${mappingSourceKey(m)}>${m.param ?? m.action}:${m.arg ?? ''}`;
    const impulse = value === undefined;
    const pressed = impulse ? true : normaliseInput(m, value) > PRESS_THRESHOLD;
    const rising = pressed && !this.#pressed.get(key);
    this.#pressed.set(key, impulse ? false : pressed);
    try {
      if (m.action !== undefined) {
        if (!rising) return { kind: 'none' };
        this.#fire(m.action, m.arg, origin);
        return m.arg === undefined ? { kind: 'action', action: m.action } : { kind: 'action', action: m.action, arg: m.arg };
      }
      const spec = this.#o.target.params.spec(m.param!);
      if (!spec) throw new InkverseError('INKVERSE_E_UNKNOWN_PARAM', unknownNameMessage('parameter', m.param!, this.#o.target.params.table.map((s) => s.name)));
      let next: ParamValue;
      if (m.mode === 'absolute') {
        if (impulse) return { kind: 'none' };
        next = mapValue(m, spec, value);
      } else {
        if (!rising) return { kind: 'none' };
        next = m.mode === 'toggle' ? this.#toggled(m, spec) : this.#triggered(m, spec);
      }
      return this.#apply(spec, next, m.smoothing, origin);
    } catch (error) {
      return { kind: 'error', error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  /** Stops the smoothing ramp of one parameter (or of all), leaving the value where it is. */
  cancelSmoothing(param?: string): void {
    this.#ramps.cancel(param);
  }

  /** True while a smoothing ramp is moving `param`. */
  isSmoothing(param: string): boolean {
    return this.#ramps.isRunning(param);
  }

  /** Stops all ramps and the store listener; idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#ramps.dispose();
    this.#pressed.clear();
  }

  #fire(action: MappingAction, arg: string | undefined, origin: ParamOrigin): void {
    const t = this.#o.target;
    switch (action) {
      case 'skip':
        return t.skip(origin);
      case 'preset':
        return t.recallPreset(arg ?? '', undefined, origin);
      case 'scene':
        return t.setScene(arg ?? '', origin);
      case 'prompt':
        t.submitPrompt(arg ?? '', 'performer', this.#o.owner);
        return;
      case 'inject':
        return t.inject(arg ?? '', origin);
    }
  }

  /** Toggle: numbers flip to whichever end of the output range is farther from the current value; booleans flip; enums step to the next option. */
  #toggled(m: Mapping, spec: ParamSpec): ParamValue {
    const current = this.#o.target.params.get(spec.name);
    switch (spec.type) {
      case 'number':
      case 'integer': {
        const lo = toParamValue(m, spec, 0);
        const hi = toParamValue(m, spec, 1);
        const target = this.#ramps.targetOf(spec.name) ?? (current as number);
        return Math.abs(target - hi) < Math.abs(target - lo) ? lo : hi;
      }
      case 'boolean':
        return !current;
      case 'enum':
        return spec.options[(spec.options.indexOf(current as string) + 1) % spec.options.length]!;
    }
  }

  /** Trigger on a parameter: numbers jump to the top of the output range, booleans to true, enums step on. */
  #triggered(m: Mapping, spec: ParamSpec): ParamValue {
    if (spec.type === 'number' || spec.type === 'integer') return toParamValue(m, spec, 1);
    if (spec.type === 'boolean') return true;
    return this.#toggled(m, spec);
  }

  #apply(spec: ParamSpec, value: ParamValue, smoothing: number, origin: ParamOrigin): MapperOutcome {
    if (smoothing > 0 && typeof value === 'number' && (spec.type === 'number' || spec.type === 'integer')) {
      this.#startRamp(spec, value, smoothing, origin);
      return { kind: 'param', param: spec.name, value, smoothing: true };
    }
    this.cancelSmoothing(spec.name);
    this.#o.target.params.set({ [spec.name]: value }, origin);
    return { kind: 'param', param: spec.name, value, smoothing: false };
  }

  /**
   * Exponential approach: after t seconds the distance to the target is e^(−t/τ) of what it was, with
   * τ = `smoothing`. Memoryless, so a new target simply restarts from wherever the value is.
   */
  #startRamp(spec: NumberParamSpec, target: number, tau: number, origin: ParamOrigin): void {
    this.#ramps.start({ [spec.name]: target }, { kind: 'exponential', tau, settle: this.#o.settle }, origin);
  }
}
