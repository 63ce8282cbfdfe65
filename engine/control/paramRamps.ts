/**
 * @module paramRamps: the one engine that moves numeric parameters over time — a mapping's smoothing
 * (exponential approach) and a preset's crossfade (linear) alike. A ramp writes its parameters together
 * each tick; a value set by anyone else takes that parameter out of the ramp, so a performer's hand
 * always wins over automation.
 */
import type { Milliseconds, NormalRange, Seconds } from '../../protocol/paramSpec.ts';
import type { Clock } from '../clock.ts';
import type { ControlSurface, ParamOrigin } from './controlSurface.ts';

/** How a ramp moves: `linear` reaches its targets after `duration`; `exponential` closes e^(−t/τ) of the gap per second of t. */
export type RampShape =
  | { kind: 'linear'; duration: Milliseconds }
  | { kind: 'exponential'; tau: Seconds; /** Snap to the target within this fraction of the range. */ settle: NormalRange };

export interface ParamRampsOptions {
  /** The parameters ramps write to. */
  store: ControlSurface;
  /** Time source (a manual clock in tests). */
  clock: Clock;
  /** Interval between ramp steps, in milliseconds (about one display frame); default 16. */
  tickMs: Milliseconds;
}

const DEFAULTS = { tickMs: 16 } satisfies Partial<ParamRampsOptions>;

/** A running ramp: `done` resolves when it reaches its targets or is cancelled. */
export interface RampHandle {
  readonly done: Promise<void>;
  cancel(): void;
}

interface Ramp {
  readonly abort: AbortController;
  /** Parameter -> [start value, target, unrounded current value]; a parameter taken over by someone else leaves. */
  readonly params: Map<string, [number, number, number]>;
}

export class ParamRamps {
  readonly #o: ParamRampsOptions;
  /** Which ramp moves each parameter. */
  readonly #owner = new Map<string, Ramp>();
  readonly #unsubscribe: () => void;
  /** True while a ramp writes, so the store listener can tell our writes from others'. */
  #writing = false;

  constructor(options: Pick<ParamRampsOptions, 'store' | 'clock'> & Partial<ParamRampsOptions>) {
    this.#o = { ...DEFAULTS, ...options };
    this.#unsubscribe = this.#o.store.onChange((change) => {
      if (this.#writing) return;
      for (const name of Object.keys(change.values)) this.cancel(name);
    });
  }

  /**
   * Moves each named numeric parameter from its current value to its target. A parameter already being
   * ramped leaves its old ramp for this one. Values outside a parameter's range are refused by the store.
   */
  start(targets: Record<string, number>, shape: RampShape, origin: ParamOrigin): RampHandle {
    const { store, clock, tickMs } = this.#o;
    const ramp: Ramp = { abort: new AbortController(), params: new Map() };
    for (const [name, target] of Object.entries(targets)) {
      this.cancel(name);
      const from = store.get(name) as number;
      ramp.params.set(name, [from, target, from]);
      this.#owner.set(name, ramp);
    }
    const started = clock.now();
    let last = started;
    const run = async (): Promise<void> => {
      while (ramp.params.size > 0) {
        await clock.sleep(tickMs, ramp.abort.signal);
        const now = clock.now();
        const patch: Record<string, number> = {};
        for (const [name, entry] of ramp.params) {
          const [from, to, current] = entry;
          const spec = store.spec(name);
          if (!spec || (spec.type !== 'number' && spec.type !== 'integer')) {
            ramp.params.delete(name);
            continue;
          }
          let value: number;
          let done: boolean;
          if (shape.kind === 'linear') {
            const t = shape.duration <= 0 ? 1 : Math.min(1, (now - started) / shape.duration);
            value = from + (to - from) * t;
            done = t >= 1;
          } else {
            // From the unrounded value, so an integer parameter never stalls on its own rounding.
            value = to + (current - to) * Math.exp(-(now - last) / 1000 / shape.tau);
            done = Math.abs(to - value) <= shape.settle * (spec.max - spec.min);
          }
          entry[2] = value;
          patch[name] = done ? to : spec.type === 'integer' ? Math.round(value) : value;
          if (done) ramp.params.delete(name);
        }
        last = now;
        this.#write(patch, origin);
      }
    };
    const done = run()
      .catch(() => undefined) // cancelled, disposed, or refused by the store: the ramp just stops
      .finally(() => {
        for (const [name, owner] of this.#owner) if (owner === ramp) this.#owner.delete(name);
      });
    return { done, cancel: () => ramp.abort.abort() };
  }

  /** The target a parameter is moving to, if a ramp moves it. */
  targetOf(name: string): number | undefined {
    return this.#owner.get(name)?.params.get(name)?.[1];
  }

  isRunning(name: string): boolean {
    return this.#owner.has(name);
  }

  /** Stops moving one parameter (or all), leaving values where they are; a ramp left empty ends. */
  cancel(name?: string): void {
    for (const [param, ramp] of [...this.#owner]) {
      if (name !== undefined && param !== name) continue;
      ramp.params.delete(param);
      this.#owner.delete(param);
      if (ramp.params.size === 0) ramp.abort.abort();
    }
  }

  /** Stops every ramp and the store listener; idempotent. */
  dispose(): void {
    this.cancel();
    this.#unsubscribe();
  }

  #write(patch: Record<string, number>, origin: ParamOrigin): void {
    if (Object.keys(patch).length === 0) return;
    this.#writing = true;
    try {
      this.#o.store.set(patch, origin);
    } finally {
      this.#writing = false;
    }
  }
}
