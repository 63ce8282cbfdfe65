/**
 * @module test/engine/generatorSeam
 * The seam every generator backend plugs into: the live parameters, whose shared mirror (read by the worker by
 * name) cannot disagree with the control surface, the backend factory, a profile-only model refused by the transformers backend with its code, and
 * the replay generator's tokens.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { ControlSurface, engineSurface, type InstallationParams } from '../../engine/control/controlSurface.ts';
import { createGenerator } from '../../engine/createGenerator.ts';
import { ENGINE_PARAMS, ENGINE_PARAM_INDEX, type EngineParams } from '../../engine/engineParams.ts';
import type { GeneratorBackend } from '../../engine/generatorBackends.ts';
import { readModelFolder } from '../../engine/modelRegistry.ts';
import { ReplayGenerator, replayTokens } from '../../engine/replayGenerator.ts';
import { OpenAIGenerator } from '../../engine/openai/openaiGenerator.ts';
import { TransformersGenerator } from '../../engine/transformersGenerator.ts';
import { ParamFrame } from '../../engine/worker/paramFrame.ts';
import { registry } from '../helpers/realModel.ts';
import { thrown } from '../helpers/thrown.ts';


const mirrorOf = (buffer: SharedArrayBuffer): Record<string, number> =>
  Object.fromEntries(ENGINE_PARAMS.map((s) => [s.name, new Float64Array(buffer)[ENGINE_PARAM_INDEX[s.name]]!]));

describe('the shared mirror: the worker reads the same names, and they cannot disagree with the surface', () => {
  it('holds every value from the start and after every change; the worker-side reader reads them by name', () => {
    const surface = engineSurface({ temperature: 0.7 });
    const buffer = surface.engineMirror();
    // What the worker does: one frame per generation, fixed at each decode step, read by name.
    const worker = new ParamFrame(new Float64Array(buffer));
    expect(mirrorOf(buffer)).toEqual(surface.snapshot());
    worker.refresh(0);
    expect(worker.get('temperature')).toBe(0.7);
    surface.set({ temperature: 1.3, top_k: 7 }, 'test');
    expect(mirrorOf(buffer)).toEqual(surface.snapshot());
    expect(worker.get('temperature')).toBe(0.7); // fixed for the step under way
    worker.refresh(1);
    expect(worker.snapshot()).toEqual(surface.snapshot());
    expect(worker.get('top_k')).toBe(7);
    // One mirror per surface, whoever asks (every generator loaded on it reads the same memory).
    expect(surface.engineMirror()).toBe(buffer);
    // Disposed once, with the surface (idempotent): it no longer follows.
    surface.dispose();
    surface.dispose();
    surface.set({ temperature: 0.2 }, 'test');
    worker.refresh(2);
    expect(worker.get('temperature')).toBe(1.3);
  });

  it('follows an installation surface, whichever name a change uses (bare or engine.)', () => {
    const surface = new ControlSurface<InstallationParams>([
      { prefix: '', table: ENGINE_PARAMS },
      { prefix: 'sound', table: [{ name: 'reverb', type: 'number', default: 0.3, min: 0, max: 1, doc: 'Reverb.' }] },
    ]);
    const worker = new ParamFrame(new Float64Array(surface.engineMirror()));
    surface.set({ 'engine.top_p': 0.5, 'sound.reverb': 0.9 }, 'test');
    surface.set({ tempo: 12 }, 'test');
    worker.refresh(0);
    expect(worker.get('top_p')).toBe(0.5);
    expect(worker.get('tempo')).toBe(12);
    expect(worker.snapshot()).toEqual(surface.snapshotOf(''));
    surface.dispose();
  });

  it('refuses a surface that lacks an engine parameter, at once and with its code', () => {
    const partial = new ControlSurface<EngineParams>([{ prefix: '', table: ENGINE_PARAMS.filter((s) => s.name !== 'top_k') }]);
    expect(thrown(() => partial.engineMirror()).code).toBe('INKVERSE_E_UNKNOWN_PARAM');
  });
});

describe('backends and verse profiles', () => {
  const tang = registry.get('tang-poet-zh');
  const params = engineSurface();

  it('the factory makes a transformers generator for a model folder, and names the backends it knows otherwise', () => {
    const g = createGenerator({ backend: 'transformers', model: tang, device: 'cpu', dtype: 'auto' }, params);
    expect(g).toBeInstanceOf(TransformersGenerator);
    expect(g.info).toMatchObject({ model: 'tang-poet-zh', state: 'idle' });
    const err = thrown(() => createGenerator({ backend: 'llamafile' as GeneratorBackend, model: tang, device: 'cpu', dtype: 'auto' }, params));
    expect(err.code).toBe('INKVERSE_E_MODEL_LOAD');
    expect(err.message).toBe('Unknown generator backend "llamafile"; known generator backends: transformers, openai.');
    const bare = thrown(() => createGenerator({ backend: 'openai', model: tang, device: 'cpu', dtype: 'auto' }, params));
    expect(bare.code).toBe('INKVERSE_E_CONFIG');
    expect(bare.message).toMatch(/needs an "openai" section with the server's "url" and "model"/);
  });

  it('the openai backend takes a profile-only model: the server holds the weights, the folder the profile', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'inkverse-profile-')), 'remote-poet');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'inkverse.json'), readFileSync(path.join(PROJECT_ROOT, 'models', 'tang-poet-zh', 'inkverse.json')));
    const openai = { url: 'http://127.0.0.1:9', model: 'remote-poet', retries: 1, retryMinMs: 10, logprobs: 5 };
    const g = createGenerator({ backend: 'openai', model: readModelFolder(dir), device: 'cpu', dtype: 'auto', openai }, params);
    expect(g).toBeInstanceOf(OpenAIGenerator);
    expect(g.info).toMatchObject({ model: 'remote-poet', state: 'idle', dtype: 'remote' });
  });

  it('the transformers backend refuses a profile-only model, whose weights are served elsewhere', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'inkverse-profile-')), 'remote-poet');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'inkverse.json'), readFileSync(path.join(PROJECT_ROOT, 'models', 'tang-poet-zh', 'inkverse.json')));
    const profileOnly = readModelFolder(dir);
    const err = thrown(() => new TransformersGenerator({ model: profileOnly, device: 'cpu', dtype: 'auto', params }));
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
