/**
 * @module paramFrame: the live parameters one generation (a streamed verse or a batch of drafts) samples with,
 * fixed per decode step. Live, each step copies the shared mirror once (`refresh`) and every read of that step
 * uses the copy, so a change the main thread makes mid-step applies from the next step, never half-way; the
 * frame notes every step at which the values it used changed, and the verse's record keeps them. Replaying,
 * the frame takes the recorded values at the recorded steps instead of the mirror, so the verse is sampled
 * with exactly the parameters it was first written with (see engine/provenance/generationTrace.ts).
 */
import { ENGINE_PARAMS, ENGINE_PARAM_INDEX, type EngineParams } from '../engineParams.ts';
import type { ParamReader } from '../paramReader.ts';
import type { ParamValues } from '../../protocol/paramSpec.ts';
import type { ParamStep } from './messages.ts';

/** The worker's `ParamReader`: rows read the frame's values by name, like every other reader. */
export class ParamFrame implements ParamReader<EngineParams> {
  /** What the rows read this step (in the order of ENGINE_PARAMS). */
  readonly values: Float64Array;
  readonly #shared: Float64Array;
  readonly #schedule: Map<number, readonly number[]> | null;
  /** Steps at which the values changed (step 0 always), when live. */
  readonly changes: ParamStep[] = [];
  #step = -1;

  /** `schedule`: replay these values (each from its step on) instead of reading `shared`. */
  constructor(shared: Float64Array, schedule?: readonly ParamStep[]) {
    this.#shared = shared;
    this.values = new Float64Array(shared.length);
    this.#schedule = schedule ? new Map(schedule.map((s) => [s.step, s.values])) : null;
    if (!this.#schedule) return;
    const first = schedule!.find((s) => s.step === 0);
    this.values.set(first ? first.values : shared);
  }

  get<K extends keyof EngineParams & string>(name: K): EngineParams[K] {
    return this.values[ENGINE_PARAM_INDEX[name]]!;
  }

  snapshot(): ParamValues {
    return Object.fromEntries(ENGINE_PARAMS.map((s) => [s.name, this.get(s.name)]));
  }

  /** Fixes the values for decode step `step` (called once per step, before any read); returns a change to report, or null. */
  refresh(step: number): ParamStep | null {
    if (step === this.#step) return null;
    this.#step = step;
    if (this.#schedule) {
      const at = this.#schedule.get(step);
      if (at) this.values.set(at);
      return null;
    }
    let changed = step === 0 || this.changes.length === 0;
    for (let i = 0; i < this.values.length; i++) {
      const v = this.#shared[i]!;
      if (v !== this.values[i]) changed = true;
      this.values[i] = v;
    }
    if (!changed) return null;
    const change = { step, values: Array.from(this.values) };
    this.changes.push(change);
    return change;
  }
}
