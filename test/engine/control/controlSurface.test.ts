/**
 * The control surface: the one place live parameter values are kept and validated, read through one typed
 * `ParamReader` (issue 25, item 2). Typed getters come from the tables: the `@ts-expect-error` lines are checked by
 * `tsc --noEmit` (this file is in the project) and fail it if a name no table declares ever compiled.
 */
import { describe, expect, it } from 'vitest';
import { ControlSurface, engineSurface, type InstallationParams } from '../../../engine/control/controlSurface.ts';
import { ENGINE_PARAMS } from '../../../engine/engineParams.ts';
import type { ParamSpec } from '../../../protocol/paramSpec.ts';
import { thrown } from '../../helpers/thrown.ts';

const SOUND: readonly ParamSpec[] = [
  { name: 'instrument', type: 'enum', default: 'qin', options: ['qin', 'bells', 'pad', 'pluck'], doc: 'Instrument.' },
  { name: 'drone', type: 'boolean', default: false, doc: 'A drone.' },
  { name: 'reverb', type: 'number', default: 0.3, min: 0, max: 1, doc: 'Reverb.' },
];
const installation = (): ControlSurface<InstallationParams> => new ControlSurface<InstallationParams>([{ prefix: '', table: ENGINE_PARAMS }, { prefix: 'sound', table: SOUND }]);

describe('ControlSurface', () => {
  it('starts from the declared defaults, then the initial values, and reads them typed by name', () => {
    const surface = engineSurface({ temperature: 1.2 });
    const t: number = surface.get('temperature');
    expect(t).toBe(1.2);
    expect(surface.get('top_k')).toBe(40);
  });

  it('applies a patch all-or-nothing across namespaces and names the bad parameter and its range', () => {
    const surface = installation();
    const err = thrown(() => surface.set({ temperature: 0.5, 'sound.reverb': 0.9, top_p: 7 }, 'test'));
    expect(err.code).toBe('INKVERSE_E_PARAM_RANGE');
    expect(err.message).toContain('"top_p" must be a number from 0.05 to 1');
    expect(surface.get('temperature')).toBe(0.9);
    expect(surface.get('sound.reverb')).toBe(0.3);
  });

  it('refuses unknown names listing the known ones (of the namespace, when the name is in one), and rounds integers', () => {
    const surface = installation();
    const err = thrown(() => surface.set({ temprature: 1 }, 'test'));
    expect(err.code).toBe('INKVERSE_E_UNKNOWN_PARAM');
    expect(err.message).toMatch(/Unknown parameter "temprature"; known parameters: temperature, top_k/);
    const inSound = thrown(() => surface.set({ 'sound.colour': 1 }, 'test'));
    expect(inSound.code).toBe('INKVERSE_E_UNKNOWN_PARAM');
    expect(inSound.message).toContain('sound.reverb');
    expect(inSound.message).not.toContain('temperature');
    surface.set({ top_k: 12.4 }, 'test');
    expect(surface.get('top_k')).toBe(12);
  });

  it('tells listeners only what changed, by qualified name, once per patch, and who changed it', () => {
    const surface = installation();
    const heard: unknown[] = [];
    surface.onChange((c) => heard.push(c));
    surface.set({ temperature: 0.9, tempo: 20, 'sound.reverb': 0.5 }, 'osc');
    surface.set({ 'engine.tempo': 20 }, 'osc');
    surface.set({ 'engine.tempo': 21 }, 'console');
    expect(heard).toEqual([
      { values: { tempo: 20, 'sound.reverb': 0.5 }, origin: 'osc' },
      { values: { tempo: 21 }, origin: 'console' },
    ]);
    expect(surface.snapshotOf('sound')).toEqual({ 'sound.instrument': 'qin', 'sound.drone': false, 'sound.reverb': 0.5 });
    expect(Object.keys(surface.snapshotOf(''))).toEqual(ENGINE_PARAMS.map((s) => s.name));
  });

  it('offer() refuses without throwing, with the same codes and sentences, and applies a good value', () => {
    const surface = installation();
    expect(surface.offer('sound.reverb', 3, 'osc')).toEqual({ code: 'INKVERSE_E_PARAM_RANGE', message: 'Parameter "sound.reverb" must be a number from 0 to 1; got 3.' });
    expect(surface.offer('sound.colour', 1, 'osc')?.code).toBe('INKVERSE_E_UNKNOWN_PARAM');
    expect(surface.offer('sound.reverb', 0.75, 'osc')).toBeUndefined();
    expect(surface.get('sound.reverb')).toBe(0.75);
  });

  it('a fader float (0..1) on an enum steps through its options in order, on a boolean turns it on above 0.5', () => {
    const surface = installation();
    const steps = [0, 0.24, 0.25, 0.5, 0.74, 0.75, 1].map((x) => (surface.set({ 'sound.instrument': x }, 'osc'), surface.get('sound.instrument')));
    expect(steps).toEqual(['qin', 'qin', 'bells', 'pad', 'pad', 'pluck', 'pluck']);
    surface.set({ 'sound.drone': 0.51 }, 'osc');
    expect(surface.get('sound.drone')).toBe(true);
    surface.set({ 'sound.drone': 0.5 }, 'osc');
    expect(surface.get('sound.drone')).toBe(false);
    const out = thrown(() => surface.set({ 'sound.instrument': 1.5 }, 'osc'));
    expect(out.code).toBe('INKVERSE_E_PARAM_RANGE');
    expect(out.message).toContain('or a fader value from 0 to 1');
    expect(surface.offer('sound.drone', -0.1, 'osc')?.code).toBe('INKVERSE_E_PARAM_RANGE');
    expect(surface.offer('sound.instrument', 'harp', 'osc')?.code).toBe('INKVERSE_E_PARAM_RANGE');
  });
});

/** Never run: names no table declares, and values of the wrong type, do not compile. */
export function typeChecks(engine: ReturnType<typeof engineSurface>): void {
  // @ts-expect-error: no engine parameter is called temprature
  engine.get('temprature');
  // @ts-expect-error: temperature is a number
  const s: string = engine.get('temperature');
  void s;
}
