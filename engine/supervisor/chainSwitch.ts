/**
 * @module chainSwitch: a live model switch's chain, loaded beside the one that writes until its first candidate is
 * ready (it takes over) or fails to load (it is freed, and the old chain writes on).
 */
import { InkverseError } from '../../protocol/errors.ts';
import type { Slot } from './slot.ts';

export interface ChainSwitchOptions {
  /** Makes the new chain's slots, each reporting its changes to `changed`. */
  build: (changed: () => void) => Slot[];
  /** The chain loading to take over, or null once it has failed (the supervisor's `incoming`). */
  track: (slots: Slot[] | null) => void;
  /** The new chain takes over (its first candidate is ready). */
  adopt: (slots: Slot[]) => void;
  /** A change in the chain once adopted (the supervisor walks it again). */
  changed: () => void;
  /** The model that writes on when the new one fails, for the refusal's message. */
  writesOn: () => string;
}

/** Loads the chain; resolves once it has taken over, rejects (`INKVERSE_E_MODEL_LOAD`) when its model fails to load. */
export function switchChain(o: ChainSwitchOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let adopted = false;
    const slots = o.build(() => {
      if (adopted) return o.changed();
      const first = slots[0]!;
      if (first.state === 'ready') {
        adopted = true;
        o.adopt(slots);
        resolve();
      } else if (first.state === 'waiting') {
        o.track(null);
        void Promise.all(slots.map((s) => s.dispose()));
        reject(new InkverseError('INKVERSE_E_MODEL_LOAD', `${first.reason ?? `${first.candidate.label} could not load`}; ${o.writesOn()} writes on.`));
      }
    });
    o.track(slots);
    slots[0]!.attempt();
  });
}
