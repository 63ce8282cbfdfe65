import { describe, expect, it } from 'vitest';
import { ENGINE_PARAMS, ENGINE_PARAM_INDEX } from '../../engine/engineParams.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { ParamStore } from '../../engine/paramStore.ts';

describe('ParamStore', () => {
  it('starts from the declared defaults and mirrors values into shared memory', () => {
    const mirror = new Float64Array(new SharedArrayBuffer(8 * ENGINE_PARAMS.length));
    const store = new ParamStore(ENGINE_PARAMS, { mirror });
    expect(store.get('temperature')).toBe(0.9);
    store.set({ temperature: 1.4 }, 'test');
    expect(mirror[ENGINE_PARAM_INDEX.temperature]).toBe(1.4);
  });

  it('applies a patch all-or-nothing and names the bad parameter and its range', () => {
    const store = new ParamStore(ENGINE_PARAMS);
    let err: InkverseError | undefined;
    try {
      store.set({ temperature: 0.5, top_p: 7 }, 'test');
    } catch (e) {
      err = e as InkverseError;
    }
    expect(err?.code).toBe('INKVERSE_E_PARAM_RANGE');
    expect(err?.message).toContain('"top_p" must be a number from 0.05 to 1');
    expect(store.get('temperature')).toBe(0.9);
  });

  it('refuses unknown names listing the known ones, and rounds integers', () => {
    const store = new ParamStore(ENGINE_PARAMS);
    expect(() => store.set({ temprature: 1 }, 'test')).toThrow(/Unknown parameter "temprature"; known parameters: temperature, top_k/);
    store.set({ top_k: 12.4 }, 'test');
    expect(store.get('top_k')).toBe(12);
  });

  it('tells listeners only what changed and who changed it', () => {
    const store = new ParamStore(ENGINE_PARAMS);
    const heard: unknown[] = [];
    store.onChange((c) => heard.push(c));
    store.set({ temperature: 0.9, tempo: 20 }, 'osc');
    store.set({ tempo: 20 }, 'osc');
    expect(heard).toEqual([{ values: { tempo: 20 }, origin: 'osc' }]);
  });
});
