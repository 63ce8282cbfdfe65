/**
 * @module test/models/registry
 * ModelRegistry over the shipped models and over broken copies of one: every broken folder fails with
 * INKVERSE_E_MODEL_MALFORMED and a sentence naming the exact file, never a stack trace.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { InkverseError, type ErrorCode } from '../../protocol/errors.ts';
import { ModelRegistry, applyTemplate, readModelFolder } from '../../engine/modelRegistry.ts';
import { thrown } from '../helpers/thrown.ts';

const shippedRoot = path.join(PROJECT_ROOT, 'models');
/** Where each file of a good model folder is copied from: the files a model folder needs, copied once from the shipped Tang model (weights excluded: the registry only checks they exist). */
const GOOD: Record<string, string> = {};
let tmp: string;


/** A model folder under a fresh root: the good files, with some replaced (string) or removed (null). */
function folder(changes: Record<string, string | null>): { root: string; dir: string } {
  const root = mkdtempSync(path.join(tmp, 'root-'));
  const dir = path.join(root, 'broken');
  for (const [file, source] of Object.entries(GOOD)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(source, path.join(dir, file));
  }
  for (const [file, text] of Object.entries(changes)) {
    const target = path.join(dir, file);
    if (text === null) unlinkSync(target);
    else writeFileSync(target, text);
  }
  return { root, dir };
}

function expectOneSentence(err: InkverseError, file: string, code: ErrorCode = 'INKVERSE_E_MODEL_MALFORMED'): void {
  expect(err.code).toBe(code);
  expect(err.message).toContain(file);
  expect(err.message).not.toMatch(/\n\s+at |\.ts:\d+/);
  expect(err.message.split('\n')).toHaveLength(1);
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'inkverse-registry-'));
  const src = path.join(tmp, 'src');
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'inkverse.json']) {
    cpSync(path.join(shippedRoot, 'tang-poet-zh', file), path.join(src, file));
    GOOD[file] = path.join(src, file);
  }
  // An empty stand-in: the registry checks the weights are there, transformers.js reads them.
  writeFileSync(path.join(src, 'model.onnx'), '');
  GOOD['onnx/model.onnx'] = path.join(src, 'model.onnx');
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ModelRegistry with the shipped models', () => {
  const registry = new ModelRegistry(shippedRoot);

  it('lists the shipped models, and each one reads', () => {
    const names = registry.names();
    expect(names).toContain('tang-poet-zh');
    for (const name of names) expect(registry.get(name).name).toBe(name);
  });

  it('reads the Tang model: language, form rules, weights, corpus index', () => {
    const tang = registry.get('tang-poet-zh');
    expect(tang).toMatchObject({ name: 'tang-poet-zh', language: 'zh', dir: path.join(shippedRoot, 'tang-poet-zh') });
    expect(tang.form?.lineLengths).toEqual([5, 7]);
    expect(tang.dtypes.length).toBeGreaterThan(0);
    expect(tang.corpusIndex).toBe(path.join(shippedRoot, 'tang-poet-zh', 'corpus-lines.u32'));
    expect(applyTemplate(tang, '明月')).toContain('明月');
  });

  it('names the available models when asked for one it does not have', () => {
    const err = thrown(() => registry.get('nope'));
    expect(err.code).toBe('INKVERSE_E_MODEL_MISSING');
    expect(err.message).toContain('"nope"');
    for (const name of registry.names()) expect(err.message).toContain(name);
    expect(err.message).toContain('models:pull');
  });

  it('takes an absolute path, and says when that folder does not exist', () => {
    expect(registry.get(path.join(shippedRoot, 'tang-poet-zh')).name).toBe('tang-poet-zh');
    const missing = path.join(tmp, 'no-such-model');
    expectOneSentence(thrown(() => registry.get(missing)), missing, 'INKVERSE_E_MODEL_MISSING');
  });

  it('takes a relative path (INKVERSE_MODEL=models/my-voice), resolved against its working folder, not its root', () => {
    const fromProject = new ModelRegistry(shippedRoot, { cwd: PROJECT_ROOT });
    expect(fromProject.get('models/li-shangyin-zh')).toMatchObject({ name: 'li-shangyin-zh', dir: path.join(shippedRoot, 'li-shangyin-zh') });
    expect(fromProject.get('./models/tang-poet-zh').dir).toBe(path.join(shippedRoot, 'tang-poet-zh'));
    // A folder outside the root, named relative to another working folder.
    const { root, dir } = folder({});
    const elsewhere = new ModelRegistry(shippedRoot, { cwd: root });
    expect(elsewhere.get('./broken')).toMatchObject({ name: 'broken', dir });
    expect(elsewhere.get('../' + path.basename(root) + '/broken').dir).toBe(dir);
    const err = thrown(() => elsewhere.get('./no-such-voice'));
    expectOneSentence(err, path.join(root, 'no-such-voice'), 'INKVERSE_E_MODEL_MISSING');
    // A plain name still means a folder under the root, whatever the working folder.
    expect(elsewhere.get('tang-poet-zh').dir).toBe(path.join(shippedRoot, 'tang-poet-zh'));
  });
});

describe('malformed model folders', () => {
  it('a good copy reads, with defaults where inkverse.json is absent', () => {
    const { dir } = folder({ 'inkverse.json': null });
    expect(readModelFolder(dir)).toMatchObject({ name: 'broken', language: 'en', promptTemplate: '{prompt}', form: null, lineBreaks: ['\n'], dtypes: ['fp32'], corpusIndex: null });
  });

  const cases: [string, Record<string, string | null>, string][] = [
    ['missing config.json', { 'config.json': null }, 'config.json'],
    ['invalid JSON in config.json', { 'config.json': '{"model_type": "gpt2",' }, 'config.json'],
    ['config.json without model_type', { 'config.json': '{"vocab_size": 10}' }, 'config.json'],
    ['missing tokenizer.json', { 'tokenizer.json': null }, 'tokenizer.json'],
    ['tokenizer.json without a model', { 'tokenizer.json': '{"version": "1.0"}' }, 'tokenizer.json'],
    ['missing onnx weights', { 'onnx/model.onnx': null }, path.join('onnx', 'model.onnx')],
    ['inkverse.json with a bad form', { 'inkverse.json': '{"form": {"lineLengths": [], "lineEnds": ["。"], "maxLines": 8}}' }, 'inkverse.json'],
    ['inkverse.json with a template lacking {prompt}', { 'inkverse.json': '{"promptTemplate": "write a poem"}' }, 'inkverse.json'],
    ['invalid JSON in inkverse.json', { 'inkverse.json': '{form: null}' }, 'inkverse.json'],
  ];

  it.each(cases)('%s: INKVERSE_E_MODEL_MALFORMED naming the file', (_label, changes, file) => {
    const { root, dir } = folder(changes);
    const err = thrown(() => new ModelRegistry(root).get('broken'));
    expectOneSentence(err, path.join(dir, file));
  });

  it('does not list folders without a config.json', () => {
    const { root } = folder({ 'config.json': null });
    expect(new ModelRegistry(root).names()).toEqual([]);
    expect(new ModelRegistry(path.join(tmp, 'absent')).names()).toEqual([]);
  });
});

describe('profile-only models (weights served elsewhere)', () => {
  /** A folder holding nothing but a verse profile. */
  function profileOnly(profile: string | null): { root: string; dir: string } {
    const root = mkdtempSync(path.join(tmp, 'profile-'));
    const dir = path.join(root, 'remote-poet');
    mkdirSync(dir);
    if (profile !== null) writeFileSync(path.join(dir, 'inkverse.json'), profile);
    return { root, dir };
  }

  it('reads and lists a folder with only inkverse.json, without asking for ONNX files', () => {
    const { root, dir } = profileOnly(readFileSync(path.join(shippedRoot, 'tang-poet-zh', 'inkverse.json'), 'utf8'));
    const registry = new ModelRegistry(root);
    expect(registry.names()).toEqual(['remote-poet']);
    const info = registry.get('remote-poet');
    expect(info).toMatchObject({ name: 'remote-poet', dir, language: 'zh', promptMode: 'title', weights: 'none', dtypes: [], corpusIndex: null });
    expect(info.form?.lineLengths).toEqual([5, 7]);
    // The same profile as the shipped model's, apart from its name and where the weights live.
    const shipped = readModelFolder(path.join(shippedRoot, 'tang-poet-zh'));
    expect({ ...info, name: '', dir: '', weights: '', dtypes: [], defaultDtype: '', corpusIndex: null }).toEqual({ ...shipped, name: '', dir: '', weights: '', dtypes: [], defaultDtype: '', corpusIndex: null });
    expect(shipped.weights).toBe('onnx');
  });

  it('a broken profile-only folder fails naming inkverse.json', () => {
    const { root, dir } = profileOnly('{"promptMode": "sing"}');
    expectOneSentence(thrown(() => new ModelRegistry(root).get('remote-poet')), path.join(dir, 'inkverse.json'));
  });

  it('an empty folder is no model', () => {
    const { root, dir } = profileOnly(null);
    expect(new ModelRegistry(root).names()).toEqual([]);
    expectOneSentence(thrown(() => readModelFolder(dir)), path.join(dir, 'config.json'));
  });
});
