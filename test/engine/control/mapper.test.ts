/** @module mapper tests (engine faked: real control surface over ENGINE_PARAMS, actions recorded): curves, ranges, smoothing, toggle, trigger, actions. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCurve, Mapper, mapValue } from '../../../engine/control/mapper.ts';
import { CURVES, MappingSchema, deprecatedMappingActions, type Mapping } from '../../../protocol/mappingSchema.ts';
import { ENGINE_PARAMS } from '../../../engine/engineParams.ts';
import type { NumberParamSpec } from '../../../protocol/paramSpec.ts';
import { fakeTarget } from '../../helpers/fakeTarget.ts';
import { ManualClock } from '../../helpers/manualClock.ts';
import { thrown } from '../../helpers/thrown.ts';

const mapping = (m: Record<string, unknown>): Mapping => MappingSchema.parse(m);
const spec = (name: string): NumberParamSpec => ENGINE_PARAMS.find((s) => s.name === name)!;

let dispose: Array<() => void> = [];
afterEach(() => {
  for (const d of dispose) d();
  dispose = [];
});

function setup() {
  const target = fakeTarget();
  const clock = new ManualClock();
  const mapper = new Mapper({ target, clock });
  dispose.push(() => mapper.dispose());
  return { target, clock, mapper };
}

describe('curves', () => {
  const expectedMid = { linear: 0.5, exp: Math.expm1(1.5) / Math.expm1(3), log: Math.log1p(0.5 * Math.expm1(3)) / 3, scurve: 0.5 };

  it.each(CURVES)('%s moves temperature across its whole range: ends, midpoint, monotonic', (curve) => {
    const { target, mapper } = setup();
    const m = mapping({ address: '/1/fader1', param: 'temperature', curve });
    const t = spec('temperature');
    const values: number[] = [];
    for (let i = 0; i <= 100; i++) {
      mapper.handle(m, i / 100);
      values.push(target.params.get('temperature') as number);
    }
    expect(values[0]).toBeCloseTo(t.min, 9);
    expect(values[100]).toBeCloseTo(t.max, 9);
    expect(values[50]).toBeCloseTo(t.min + expectedMid[curve] * (t.max - t.min), 9);
    for (let i = 1; i <= 100; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    expect(values[100]!).toBeGreaterThan(values[0]!);
  });

  it('exp is fine at the low end and log at the high end', () => {
    expect(applyCurve('exp', 0.5)).toBeCloseTo(0.182, 3);
    expect(applyCurve('log', 0.5)).toBeCloseTo(0.785, 3);
    expect(applyCurve('log', applyCurve('exp', 0.3))).toBeCloseTo(0.3, 12); // inverses
    for (const c of CURVES) {
      expect(applyCurve(c, -1)).toBe(0);
      expect(applyCurve(c, 2)).toBe(1);
    }
  });

  it('uses in/out ranges, MIDI default input 0..127, reversed ranges, and rounds integers', () => {
    const topK = spec('top_k');
    expect(mapValue(mapping({ midi: { type: 'cc', number: 7 }, param: 'top_k' }), topK, 127)).toBe(500);
    expect(mapValue(mapping({ midi: { type: 'cc', number: 7 }, param: 'top_k' }), topK, 64)).toBe(252);
    expect(mapValue(mapping({ address: '/x', param: 'top_k', out: [10, 20] }), topK, 0.5)).toBe(15);
    expect(mapValue(mapping({ address: '/x', param: 'top_k', in: [1, 0] }), topK, 1)).toBe(0); // reversed fader
    expect(mapValue(mapping({ address: '/x', param: 'temperature', in: [-1, 1] }), spec('temperature'), 5)).toBe(2); // clamped
  });
});

describe('Mapper.check', () => {
  /** The refusal a mapping gets: INKVERSE_E_CONFIG (a mapping is configuration), and its sentence. */
  const refusal = (m: Mapping): string => {
    const err = thrown(() => setup().mapper.check(m));
    expect(err.code).toBe('INKVERSE_E_CONFIG');
    return err.message;
  };
  it('names the unknown parameter and the known ones', () => {
    expect(refusal(mapping({ address: '/x', param: 'temprature' }))).toMatch(/unknown parameter "temprature"; known parameters: temperature, top_k/i);
  });
  it('refuses an out range outside the parameter range, and actions missing their argument', () => {
    expect(refusal(mapping({ address: '/x', param: 'temperature', out: [0, 3] }))).toMatch(/within "temperature" \(0.05 to 2\)/);
    expect(refusal(mapping({ address: '/x', action: 'preset' }))).toMatch(/action "preset" needs an "arg" \(preset name\)/);
    expect(refusal(mapping({ address: '/x', param: 'top_p', in: [3, 3] }))).toMatch(/two different numbers/);
    expect(() => setup().mapper.check(mapping({ address: '/x', action: 'skip' }))).not.toThrow();
  });
});

describe('smoothing', () => {
  it('converges exponentially on the target with the manual clock', async () => {
    const { target, clock, mapper } = setup();
    const m = mapping({ address: '/1/fader1', param: 'temperature', smoothing: 0.5 });
    const start = target.params.get('temperature') as number; // 0.9
    const out = mapper.handle(m, 1);
    expect(out).toEqual({ kind: 'param', param: 'temperature', value: 2, smoothing: true });
    expect(target.params.get('temperature')).toBe(start); // nothing jumps
    await clock.advance(500); // one time constant: 1 - 1/e of the way
    const oneTau = target.params.get('temperature') as number;
    expect((oneTau - start) / (2 - start)).toBeCloseTo(1 - Math.exp(-1), 2);
    await clock.advance(500);
    const twoTau = target.params.get('temperature') as number;
    expect(twoTau).toBeGreaterThan(oneTau);
    expect((twoTau - start) / (2 - start)).toBeCloseTo(1 - Math.exp(-2), 2);
    await clock.advance(5000);
    expect(target.params.get('temperature')).toBe(2); // snapped exactly onto the target
    expect(mapper.isSmoothing('temperature')).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('a new value cancels the ramp and heads for the new target from where it is', async () => {
    const { target, clock, mapper } = setup();
    const m = mapping({ address: '/1/fader1', param: 'temperature', smoothing: 0.2 });
    mapper.handle(m, 1);
    await clock.advance(100);
    const mid = target.params.get('temperature') as number;
    expect(mid).toBeGreaterThan(0.9);
    mapper.handle(m, 0);
    expect(clock.pending).toBe(1); // the old ramp's sleep was cancelled
    await clock.advance(50);
    expect(target.params.get('temperature')).toBeLessThan(mid);
    await clock.advance(3000);
    expect(target.params.get('temperature')).toBe(0.05);
  });

  it('another source setting the parameter takes over from a running ramp', async () => {
    const { target, clock, mapper } = setup();
    mapper.handle(mapping({ address: '/1/fader1', param: 'temperature', smoothing: 1 }), 1);
    await clock.advance(100);
    target.params.set({ temperature: 0.3 }, 'console');
    expect(mapper.isSmoothing('temperature')).toBe(false);
    await clock.advance(5000);
    expect(target.params.get('temperature')).toBe(0.3);
  });

  it('integer parameters move in whole steps', async () => {
    const { target, clock, mapper } = setup();
    mapper.handle(mapping({ address: '/f', param: 'top_k', smoothing: 0.3 }), 1);
    for (let i = 0; i < 20; i++) {
      await clock.advance(50);
      expect(Number.isInteger(target.params.get('top_k'))).toBe(true);
    }
    await clock.advance(5000);
    expect(target.params.get('top_k')).toBe(500);
  });
});

describe('toggle and trigger', () => {
  it('toggle flips between out lo and hi on each press (> 0.5), ignoring releases', () => {
    const { target, mapper } = setup();
    const m = mapping({ address: '/1/toggle1', param: 'tempo', mode: 'toggle', out: [2, 30] });
    mapper.handle(m, 1);
    expect(target.params.get('tempo')).toBe(30); // 8 is nearer lo, so the first press goes to hi
    mapper.handle(m, 0);
    expect(target.params.get('tempo')).toBe(30);
    mapper.handle(m, 1);
    expect(target.params.get('tempo')).toBe(2);
    mapper.handle(m, 0.9); // held, still pressed: no new edge
    expect(target.params.get('tempo')).toBe(2);
    mapper.handle(m, 0.2);
    mapper.handle(m, 0.7);
    expect(target.params.get('tempo')).toBe(30);
  });

  it('toggle on a MIDI note uses 0..127 input', () => {
    const { target, mapper } = setup();
    const m = mapping({ midi: { type: 'note', number: 36 }, param: 'verse_gap', mode: 'toggle' });
    mapper.handle(m, 100);
    expect(target.params.get('verse_gap')).toBe(120);
    mapper.handle(m, 0);
    mapper.handle(m, 100);
    expect(target.params.get('verse_gap')).toBe(0);
  });

  it('trigger fires an action once per rising edge', () => {
    const { target, mapper } = setup();
    const m = mapping({ address: '/1/push1', action: 'skip', mode: 'trigger' });
    for (const v of [1, 1, 1, 0, 0, 1, 0.4, 0.6]) mapper.handle(m, v);
    expect(target.calls).toEqual([{ call: 'skip', origin: 'osc' }, { call: 'skip', origin: 'osc' }, { call: 'skip', origin: 'osc' }]);
  });

  it('an impulse (message without arguments) fires every time', () => {
    const { target, mapper } = setup();
    const m = mapping({ address: '/1/push1', action: 'skip', mode: 'trigger' });
    mapper.handle(m, undefined);
    mapper.handle(m, undefined);
    expect(target.calls).toHaveLength(2);
  });

  it('trigger on a parameter jumps to the top of its output range', () => {
    const { target, mapper } = setup();
    mapper.handle(mapping({ address: '/p', param: 'top_p', mode: 'trigger', out: [0.5, 0.7] }), 1);
    expect(target.params.get('top_p')).toBeCloseTo(0.7, 12);
  });

  it('every action reaches the target with its argument; refusals come back as outcomes, never throws', () => {
    const { target, mapper } = setup();
    mapper.handle(mapping({ address: '/a', action: 'preset', arg: 'wild' }), 1);
    mapper.handle(mapping({ address: '/b', action: 'scene', arg: 'ink' }), 1);
    mapper.handle(mapping({ address: '/c', action: 'prompt', arg: '春' }), 1);
    mapper.handle(mapping({ midi: { type: 'note', number: 1 }, action: 'inject', arg: '月' }), 127);
    expect(target.calls).toEqual([
      { call: 'recallPreset', name: 'wild', fade: undefined, origin: 'osc' },
      { call: 'setScene', name: 'ink', origin: 'osc' },
      { call: 'submitPrompt', text: '春', source: 'performer', owner: 'performer' },
      { call: 'inject', text: '月', origin: 'midi' },
    ]);
    const out = mapper.handle(mapping({ address: '/d', action: 'scene', arg: 'nope' }), 1);
    expect(out.kind).toBe('error');
    if (out.kind === 'error') expect(out.error.message).toMatch(/known scenes: text, ink/);
  });

  it('the action "voice" (its name before presets were renamed) still recalls a preset, and is reported as deprecated', () => {
    const { target, mapper } = setup();
    const old = mapping({ address: '/v', action: 'voice', arg: 'calm' });
    expect(old.action).toBe('preset');
    mapper.handle(old, 1);
    expect(target.calls).toEqual([{ call: 'recallPreset', name: 'calm', fade: undefined, origin: 'osc' }]);
    expect(deprecatedMappingActions([{ address: '/a', action: 'skip' }, { address: '/v', action: 'voice', arg: 'calm' }])).toEqual([{ index: 1, action: 'voice', use: 'preset' }]);
    expect(deprecatedMappingActions([{ address: '/p', action: 'preset', arg: 'calm' }])).toEqual([]);
    expect(MappingSchema.safeParse({ address: '/x', action: 'voices', arg: 'calm' }).success).toBe(false);
  });

  it('dispose is idempotent and stops ramps', async () => {
    const { target, clock, mapper } = setup();
    mapper.handle(mapping({ address: '/f', param: 'temperature', smoothing: 1 }), 1);
    mapper.dispose();
    mapper.dispose();
    await clock.advance(1000);
    expect(target.params.get('temperature')).toBe(0.9);
    expect(() => mapper.handle(mapping({ address: '/f', param: 'temperature' }), 1)).toThrow(/after dispose/);
  });
});

describe('browser safety', () => {
  it('mapper.ts and midi.ts import nothing from Node, transitively', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      for (const [, spec] of src.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^node:|^pino$|^fs$|^path$/);
        if (spec!.startsWith('.')) visit(path.resolve(path.dirname(file), spec!));
      }
    };
    const root = path.resolve(import.meta.dirname, '../../../engine/control');
    visit(path.join(root, 'mapper.ts'));
    visit(path.join(root, 'midi.ts'));
    expect(seen.size).toBeGreaterThan(3);
  });
});

describe('non-finite input', () => {
  it('NaN and Infinity do nothing, even on a trigger', () => {
    const { target, mapper } = setup();
    expect(mapper.handle(mapping({ address: '/p', action: 'skip', mode: 'trigger' }), Number.NaN)).toEqual({ kind: 'none' });
    expect(mapper.handle(mapping({ address: '/f', param: 'temperature' }), Infinity)).toEqual({ kind: 'none' });
    expect(target.calls).toEqual([]);
    expect(target.params.get('temperature')).toBe(0.9);
  });
});
