/** @module voices tests: built-ins in range, save/recall round trip across restarts, crossfade over the manual clock, errors. */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_VOICES } from '../../../engine/control/builtinVoices.ts';
import { VOICES_FILE, Voices } from '../../../engine/control/voices.ts';
import { ENGINE_PARAMS } from '../../../engine/engineParams.ts';
import { engineSurface } from '../../../engine/control/controlSurface.ts';
import { ManualClock } from '../../helpers/manualClock.ts';

let dir: string;
let opened: Voices[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'inkverse-voices-'));
});
afterEach(async () => {
  for (const v of opened) v.dispose();
  opened = [];
  await rm(dir, { recursive: true, force: true });
});

async function open(store = engineSurface(), clock = new ManualClock()) {
  const voices = await Voices.open({ dir, store, clock, fadeSeconds: 2 });
  opened.push(voices);
  return { voices, store, clock };
}

describe('built-in voices', () => {
  it('ships calm, wild and classic, every value inside the engine ranges', () => {
    expect(BUILTIN_VOICES.map((v) => v.name)).toEqual(['calm', 'wild', 'classic']);
    const store = engineSurface();
    for (const v of BUILTIN_VOICES) expect(() => store.set(v.params, 'test')).not.toThrow();
    const calm = BUILTIN_VOICES[0]!.params;
    const wild = BUILTIN_VOICES[1]!.params;
    expect(calm.temperature).toBeLessThan(wild.temperature as number);
    expect(calm.tempo).toBeLessThan(wild.tempo as number);
  });
});

describe('Voices', () => {
  it('crossfades numeric parameters linearly over the fade, using the clock', async () => {
    const { voices, store, clock } = await open();
    const done = voices.recall('wild', 2);
    expect(voices.fading).toBe(true);
    expect(store.get('temperature')).toBe(0.9);
    await clock.advance(1000);
    expect(store.get('temperature') as number).toBeCloseTo(0.9 + (1.5 - 0.9) * 0.5, 1);
    expect(store.get('tempo') as number).toBeCloseTo(8 + (24 - 8) * 0.5, 0);
    expect(Number.isInteger(store.get('top_k'))).toBe(true);
    await clock.advance(1100);
    await done;
    expect(voices.fading).toBe(false);
    for (const [k, v] of Object.entries(BUILTIN_VOICES[1]!.params)) expect(store.snapshot()[k]).toBe(v);
  });

  it('fade 0 switches at once; a new recall cancels a running fade', async () => {
    const { voices, store, clock } = await open();
    void voices.recall('wild');
    await clock.advance(500);
    const calm = voices.recall('calm', 0);
    expect(voices.fading).toBe(false);
    await calm;
    expect(store.get('temperature')).toBe(0.55);
    await clock.advance(5000);
    expect(store.get('temperature')).toBe(0.55); // the wild fade did not resume
  });

  it('a parameter moved by someone else mid-fade drops out of the fade', async () => {
    const { voices, store, clock } = await open();
    const done = voices.recall('wild', 2);
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
    await a.voices.save('mine');
    expect(a.voices.names()).toEqual(['calm', 'wild', 'classic', 'mine']);
    const b = await open();
    expect(b.voices.names()).toContain('mine');
    await b.voices.recall('mine', 0);
    expect(b.store.get('temperature')).toBe(1.7);
    expect(b.store.get('top_k')).toBe(7);
    expect(await b.voices.remove('mine')).toBe(true);
    expect(await b.voices.remove('calm')).toBe(false); // built-ins stay
    expect((await open()).voices.names()).toEqual(['calm', 'wild', 'classic']);
  });

  it('recalling an unknown voice throws INKVERSE_E_UNKNOWN_VOICE listing the known voices', async () => {
    const { voices } = await open();
    expect(() => voices.recall('loud')).toThrow(expect.objectContaining({ code: 'INKVERSE_E_UNKNOWN_VOICE', message: 'Unknown voice "loud"; known voices: calm, wild, classic.' }));
    expect(() => voices.recall('calm', -1)).toThrow(expect.objectContaining({ code: 'INKVERSE_E_BAD_REQUEST' }));
  });

  it('refuses bad names and out-of-range values on save', async () => {
    const { voices } = await open();
    expect(() => voices.save('')).toThrow(expect.objectContaining({ code: 'INKVERSE_E_BAD_REQUEST' }));
    expect(() => voices.save('hot', { temperature: 9 })).toThrow(expect.objectContaining({ code: 'INKVERSE_E_PARAM_RANGE' }));
    expect(() => voices.save('odd', { colour: 1 })).toThrow(expect.objectContaining({ code: 'INKVERSE_E_UNKNOWN_PARAM' }));
  });

  it('moves a corrupt file aside and starts with the built-ins; drops bad entries of a valid file', async () => {
    await writeFile(path.join(dir, VOICES_FILE), 'not json');
    const { voices } = await open();
    expect(voices.names()).toEqual(['calm', 'wild', 'classic']);
    expect((await readdir(dir)).some((f) => f.startsWith(`${VOICES_FILE}.corrupt-`))).toBe(true);

    await writeFile(path.join(dir, VOICES_FILE), JSON.stringify({ version: 1, voices: [{ name: 'old', params: { temperature: 1.2, gone: 3, top_p: 7 } }] }));
    const again = await open();
    expect(again.voices.get('old')?.params).toEqual({ temperature: 1.2 });
  });
});
