/** @module paramRamps tests (manual clock, real control surface): one ramp engine for smoothing and crossfades. */
import { describe, expect, it } from 'vitest';
import { ParamRamps } from '../../../engine/control/paramRamps.ts';
import { engineSurface, type ControlSurface } from '../../../engine/control/controlSurface.ts';
import { ENGINE_PARAMS, type EngineParams } from '../../../engine/engineParams.ts';
import { ManualClock } from '../../helpers/manualClock.ts';

function setup(): { store: ControlSurface<EngineParams>; clock: ManualClock; ramps: ParamRamps } {
  const store = engineSurface({ temperature: 0.5, top_k: 10, tempo: 4 });
  const clock = new ManualClock();
  return { store, clock, ramps: new ParamRamps({ store, clock, tickMs: 10 }) };
}

describe('ParamRamps', () => {
  it('a linear ramp is halfway at half its duration and lands exactly on its targets', async () => {
    const { store, clock, ramps } = setup();
    const h = ramps.start({ temperature: 1.5, tempo: 8 }, { kind: 'linear', duration: 1000 }, 'preset');
    await clock.advance(500);
    expect(store.get('temperature')).toBeCloseTo(1.0, 6);
    expect(store.get('tempo')).toBeCloseTo(6, 6);
    await clock.advance(600);
    await h.done;
    expect(store.get('temperature')).toBe(1.5);
    expect(store.get('tempo')).toBe(8);
    expect(ramps.isRunning('temperature')).toBe(false);
  });

  it('an exponential ramp on an integer parameter never stalls on its own rounding', async () => {
    const { store, clock, ramps } = setup();
    const h = ramps.start({ top_k: 12 }, { kind: 'exponential', tau: 5, settle: 0.001 }, 'osc');
    for (let i = 0; i < 500 && ramps.isRunning('top_k'); i++) await clock.advance(100);
    await h.done;
    expect(store.get('top_k')).toBe(12);
  });

  it('a value set by someone else takes that parameter out; the ramp carries on with the rest', async () => {
    const { store, clock, ramps } = setup();
    const h = ramps.start({ temperature: 1.5, tempo: 8 }, { kind: 'linear', duration: 1000 }, 'preset');
    await clock.advance(200);
    store.set({ temperature: 0.1 }, 'console');
    expect(ramps.isRunning('temperature')).toBe(false);
    await clock.advance(1000);
    await h.done;
    expect(store.get('temperature')).toBe(0.1);
    expect(store.get('tempo')).toBe(8);
  });

  it('a new ramp takes a parameter from the old one; cancel and dispose stop everything and are idempotent', async () => {
    const { store, clock, ramps } = setup();
    ramps.start({ temperature: 1.5 }, { kind: 'linear', duration: 1000 }, 'preset');
    ramps.start({ temperature: 0.2 }, { kind: 'linear', duration: 1000 }, 'osc');
    expect(ramps.targetOf('temperature')).toBe(0.2);
    await clock.advance(1100);
    expect(store.get('temperature')).toBe(0.2);
    ramps.start({ tempo: 20 }, { kind: 'linear', duration: 1000 }, 'preset');
    await clock.advance(100);
    ramps.dispose();
    ramps.dispose();
    const frozen = store.get('tempo');
    await clock.advance(2000);
    expect(store.get('tempo')).toBe(frozen);
  });
});
