/**
 * @module test/engine/generatorSeam
 * The seam every generator backend plugs into: one ParamReader whose shared mirror cannot disagree with the
 * store, the backend factory, a profile-only model refused by the transformers backend with its code, and
 * the replay generator's tokens.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../config/loadConfig.ts';
import { ControlSurface } from '../../engine/control/controlSurface.ts';
import { createGenerator } from '../../engine/createGenerator.ts';
import { ENGINE_PARAMS, ENGINE_PARAM_INDEX } from '../../engine/engineParams.ts';
import type { GeneratorBackend } from '../../engine/generatorBackends.ts';
import { readModelFolder } from '../../engine/modelRegistry.ts';
import { StoreParamReader } from '../../engine/paramReader.ts';
import { ParamStore } from '../../engine/paramStore.ts';
import { ReplayGenerator, replayTokens } from '../../engine/replayGenerator.ts';
import { TransformersGenerator } from '../../engine/transformersGenerator.ts';
import { registry } from '../helpers/realModel.ts';
import { thrown } from '../helpers/thrown.ts';


const mirrorOf = (buffer: SharedArrayBuffer): Record<string, number> =>
  Object.fromEntries(ENGINE_PARAMS.map((s) => [s.name, new Float64Array(buffer)[ENGINE_PARAM_INDEX[s.name]]!]));

describe('ParamReader: one way to the live parameters, with a shared mirror that follows the store', () => {
  it('reads the store, and its mirror holds every value from the start and after every change', () => {
    const store = new ParamStore(ENGINE_PARAMS, { initial: { temperature: 0.7 } });
    const reader = new StoreParamReader(store);
    expect(reader.get('temperature')).toBe(0.7);
    const mirror = reader.shared();
    expect(mirrorOf(mirror)).toEqual(store.snapshot());
    store.set({ temperature: 1.3, top_k: 7 }, 'test');
    expect(mirrorOf(mirror)).toEqual(store.snapshot());
    expect(reader.get('top_k')).toBe(7);
    // The same buffer every time, so every worker reads the one mirror.
    expect(reader.shared()).toBe(mirror);
    reader.dispose();
    reader.dispose();
    store.set({ temperature: 0.2 }, 'test');
    expect(reader.mirrored('temperature')).toBe(1.3);
  });

  it('follows the control surface, whichever name a change uses (bare or engine.)', () => {
    const engine = new ParamStore(ENGINE_PARAMS);
    const surface = new ControlSurface([{ prefix: '', store: engine }]);
    const reader = new StoreParamReader(surface);
    const mirror = reader.shared();
    surface.set({ 'engine.top_p': 0.5 }, 'test');
    surface.set({ tempo: 12 }, 'test');
    expect(reader.mirrored('top_p')).toBe(0.5);
    expect(reader.mirrored('tempo')).toBe(12);
    expect(mirrorOf(mirror)).toEqual(engine.snapshot());
    reader.dispose();
    surface.dispose();
  });

  it('refuses a source that lacks an engine parameter, at once and with its code', () => {
    const partial = new ParamStore(ENGINE_PARAMS.filter((s) => s.name !== 'top_k'));
    expect(thrown(() => new StoreParamReader(partial)).code).toBe('INKVERSE_E_UNKNOWN_PARAM');
  });
});

describe('backends and verse profiles', () => {
  const tang = registry.get('tang-poet-zh');
  const reader = new StoreParamReader(new ParamStore(ENGINE_PARAMS));

  it('the factory makes a transformers generator for a model folder, and names the backends it knows otherwise', () => {
    const g = createGenerator({ backend: 'transformers', model: tang, device: 'cpu', dtype: 'auto' }, reader);
    expect(g).toBeInstanceOf(TransformersGenerator);
    expect(g.info).toMatchObject({ model: 'tang-poet-zh', state: 'idle' });
    const err = thrown(() => createGenerator({ backend: 'openai' as GeneratorBackend, model: tang, device: 'cpu', dtype: 'auto' }, reader));
    expect(err.code).toBe('INKVERSE_E_MODEL_LOAD');
    expect(err.message).toBe('Unknown generator backend "openai"; known generator backends: transformers.');
  });

  it('the transformers backend refuses a profile-only model, whose weights are served elsewhere', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'inkverse-profile-')), 'remote-poet');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'inkverse.json'), readFileSync(path.join(PROJECT_ROOT, 'models', 'tang-poet-zh', 'inkverse.json')));
    const profileOnly = readModelFolder(dir);
    const err = thrown(() => new TransformersGenerator({ model: profileOnly, device: 'cpu', dtype: 'auto', params: reader }));
    expect(err.code).toBe('INKVERSE_E_MODEL_LOAD');
    expect(err.message).toContain('without weights');
  });

  it('replays come as model-like tokens: one Han character, or one word with its space', () => {
    expect(replayTokens('秋风起，白云飞。')).toEqual(['秋', '风', '起', '，', '白', '云', '飞', '。']);
    expect(replayTokens('The sea is calm,\nthe tide is full.')).toEqual(['The ', 'sea ', 'is ', 'calm,\n', 'the ', 'tide ', 'is ', 'full.']);
    expect(replayTokens('the tide is full.').join('')).toBe('the tide is full.');
  });

  it('a replay generator with nothing worth replaying does not load (INKVERSE_E_MODEL_LOAD)', async () => {
    const replay = new ReplayGenerator({ source: { list: () => [] }, profiles: [tang], seed: 1 });
    await expect(replay.load()).rejects.toMatchObject({ code: 'INKVERSE_E_MODEL_LOAD' });
    expect(replay.info.state).toBe('failed');
  });
});
