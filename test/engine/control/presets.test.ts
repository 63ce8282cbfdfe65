/**
 * @module presets tests: built-ins in range, save/recall round trip across restarts, crossfade over the manual clock,
 * errors, and the saved sets of an installation from before the rename (`presets.json`) still loading. Real files.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_PRESETS } from '../../../engine/control/builtinPresets.ts';
import { LEGACY_PRESETS_FILE, PRESETS_FILE, Presets } from '../../../engine/control/presets.ts';
import { ENGINE_PARAMS } from '../../../engine/engineParams.ts';
import { engineSurface } from '../../../engine/control/controlSurface.ts';
import { ManualClock } from '../../helpers/manualClock.ts';

let dir: string;
let opened: Presets[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'inkverse-presets-'));
});
afterEach(async () => {
  for (const v of opened) v.dispose();
  opened = [];
  await rm(dir, { recursive: true, force: true });
});

async function open(store = engineSurface(), clock = new ManualClock()) {
  const presets = await Presets.open({ dir, store, clock, fadeSeconds: 2 });
  opened.push(presets);
  return { presets, store, clock };
}

describe('built-in presets', () => {
  it('ships calm, wild and classic, every value inside the engine ranges', () => {
    expect(BUILTIN_PRESETS.map((p) => p.name)).toEqual(['calm', 'wild', 'classic']);
    const store = engineSurface();
    for (const p of BUILTIN_PRESETS) expect(() => store.set(p.params, 'test')).not.toThrow();
    const calm = BUILTIN_PRESETS[0]!.params;
    const wild = BUILTIN_PRESETS[1]!.params;
    expect(calm.temperature).toBeLessThan(wild.temperature as number);
    expect(calm.tempo).toBeLessThan(wild.tempo as number);
  });
});

describe('Presets', () => {
  it('crossfades numeric parameters linearly over the fade, using the clock', async () => {
    const { presets, store, clock } = await open();
    const done = presets.recall('wild', 2);
    expect(presets.fading).toBe(true);
    expect(store.get('temperature')).toBe(0.9);
    await clock.advance(1000);
    expect(store.get('temperature') as number).toBeCloseTo(0.9 + (1.5 - 0.9) * 0.5, 1);
    expect(store.get('tempo') as number).toBeCloseTo(8 + (24 - 8) * 0.5, 0);
    expect(Number.isInteger(store.get('top_k'))).toBe(true);
    await clock.advance(1100);
    await done;
    expect(presets.fading).toBe(false);
    for (const [k, v] of Object.entries(BUILTIN_PRESETS[1]!.params)) expect(store.snapshot()[k]).toBe(v);
  });

  it('fade 0 switches at once; a new recall cancels a running fade', async () => {
    const { presets, store, clock } = await open();
    void presets.recall('wild');
    await clock.advance(500);
    const calm = presets.recall('calm', 0);
    expect(presets.fading).toBe(false);
    await calm;
    expect(store.get('temperature')).toBe(0.55);
    await clock.advance(5000);
    expect(store.get('temperature')).toBe(0.55); // the wild fade did not resume
  });

  it('a parameter moved by someone else mid-fade drops out of the fade', async () => {
    const { presets, store, clock } = await open();
    const done = presets.recall('wild', 2);
    await clock.advance(500);
    store.set({ temperature: 0.2 }, 'osc');
    await clock.advance(2000);
    await done;
    expect(store.get('temperature')).toBe(0.2);
    expect(store.get('tempo')).toBe(24);
  });

  it('saves the current parameters and recalls them after a restart', async () => {
    const a = await open();
    a.store.set({ temperature: 1.7, top_k: 7 }, 'test');
    await a.presets.save('mine');
    expect(a.presets.names()).toEqual(['calm', 'wild', 'classic', 'mine']);
    const b = await open();
    expect(b.presets.names()).toContain('mine');
    await b.presets.recall('mine', 0);
    expect(b.store.get('temperature')).toBe(1.7);
    expect(b.store.get('top_k')).toBe(7);
    expect(await b.presets.remove('mine')).toBe(true);
    expect(await b.presets.remove('calm')).toBe(false); // built-ins stay
    expect((await open()).presets.names()).toEqual(['calm', 'wild', 'classic']);
  });

  it('recalling an unknown preset throws INKVERSE_E_UNKNOWN_PRESET listing the known presets', async () => {
    const { presets } = await open();
    expect(() => presets.recall('loud')).toThrow(expect.objectContaining({ code: 'INKVERSE_E_UNKNOWN_PRESET', message: 'Unknown preset "loud"; known presets: calm, wild, classic.' }));
    expect(() => presets.recall('calm', -1)).toThrow(expect.objectContaining({ code: 'INKVERSE_E_BAD_REQUEST' }));
  });

  it('refuses bad names and out-of-range values on save', async () => {
    const { presets } = await open();
    expect(() => presets.save('')).toThrow(expect.objectContaining({ code: 'INKVERSE_E_BAD_REQUEST' }));
    expect(() => presets.save('hot', { temperature: 9 })).toThrow(expect.objectContaining({ code: 'INKVERSE_E_PARAM_RANGE' }));
    expect(() => presets.save('odd', { colour: 1 })).toThrow(expect.objectContaining({ code: 'INKVERSE_E_UNKNOWN_PARAM' }));
  });

  it('moves a corrupt file aside and starts with the built-ins; drops bad entries of a valid file', async () => {
    await writeFile(path.join(dir, PRESETS_FILE), 'not json');
    const { presets } = await open();
    expect(presets.names()).toEqual(['calm', 'wild', 'classic']);
    expect((await readdir(dir)).some((f) => f.startsWith(`${PRESETS_FILE}.corrupt-`))).toBe(true);

    await writeFile(path.join(dir, PRESETS_FILE), JSON.stringify({ version: 2, presets: [{ name: 'old', params: { temperature: 1.2, gone: 3, top_p: 7 } }] }));
    const again = await open();
    expect(again.presets.get('old')?.params).toEqual({ temperature: 1.2 });
  });
});

describe('saved sets from before the rename (voices.json)', () => {
  /** Exactly what inkverse wrote before presets were renamed: `voices.json`, version 1, a `voices` list. */
  const OLD_FILE = { version: 1, voices: [{ name: 'mine', params: { temperature: 1.7, top_k: 7 }, doc: 'late night' }, { name: 'dusk', params: { tempo: 5 } }] };

  it('an installation keeps its saved sets: they load, recall, and move to presets.json on the next save', async () => {
    const oldText = JSON.stringify(OLD_FILE, null, 2) + '\n';
    await writeFile(path.join(dir, LEGACY_PRESETS_FILE), oldText);
    const a = await open();
    expect(a.presets.names()).toEqual(['calm', 'wild', 'classic', 'mine', 'dusk']);
    expect(a.presets.get('mine')).toEqual({ name: 'mine', params: { temperature: 1.7, top_k: 7 }, doc: 'late night' });
    await a.presets.recall('mine', 0);
    expect(a.store.get('temperature')).toBe(1.7);
    expect(a.store.get('top_k')).toBe(7);
    expect(await readdir(dir)).toEqual([LEGACY_PRESETS_FILE]); // loading writes nothing

    await a.presets.save('new one', { temperature: 0.3 });
    const written = JSON.parse(await readFile(path.join(dir, PRESETS_FILE), 'utf8')) as unknown;
    expect(written).toEqual({ version: 2, presets: [...OLD_FILE.voices, { name: 'new one', params: { temperature: 0.3 } }] });
    expect(await readFile(path.join(dir, LEGACY_PRESETS_FILE), 'utf8')).toBe(oldText); // left as it was, for a downgrade

    const b = await open();
    expect(b.presets.names()).toEqual(['calm', 'wild', 'classic', 'mine', 'dusk', 'new one']);
    expect(await b.presets.remove('dusk')).toBe(true);
    expect((await open()).presets.names()).toEqual(['calm', 'wild', 'classic', 'mine', 'new one']); // the old file is not read again
  });

  it('presets.json wins over voices.json when both are there; a corrupt voices.json is moved aside like a corrupt presets.json', async () => {
    await writeFile(path.join(dir, LEGACY_PRESETS_FILE), JSON.stringify(OLD_FILE));
    await writeFile(path.join(dir, PRESETS_FILE), JSON.stringify({ version: 2, presets: [{ name: 'only', params: { tempo: 9 } }] }));
    expect((await open()).presets.names()).toEqual(['calm', 'wild', 'classic', 'only']);

    await rm(path.join(dir, PRESETS_FILE));
    await writeFile(path.join(dir, LEGACY_PRESETS_FILE), '{"version": 1, "voices": [');
    expect((await open()).presets.names()).toEqual(['calm', 'wild', 'classic']);
    expect((await readdir(dir)).some((f) => f.startsWith(`${LEGACY_PRESETS_FILE}.corrupt-`))).toBe(true);
  });
});
