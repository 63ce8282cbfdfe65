/**
 * @module modelRegistry: finds the model folders under `models/`, reads each one's verse profile
 * (`inkverse.json`, see verseProfile) and, for a transformers.js folder, checks the files a load needs,
 * so a missing or malformed model fails with one sentence naming the file. A folder holding only
 * `inkverse.json` is a profile-only model, for a backend that serves the weights elsewhere.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { InkverseError } from '../protocol/errors.ts';
import type { Dtype } from '../protocol/devices.ts';
import { PROFILE_FILE, malformedModelFile, readModelJson, readVerseProfile, type VerseProfile } from './verseProfile.ts';

export { applyTemplate, modelSamplingParams, type VerseProfile } from './verseProfile.ts';

export interface ModelInfo extends VerseProfile {
  /** Absolute path of the model folder. */
  dir: string;
  /** Where the weights are: `onnx` files in the folder, or `none` for a profile-only model. */
  weights: 'onnx' | 'none';
  /** Weight variants present in `onnx/` (transformers.js dtype names: fp32, q8, fp16, ...); empty without weights. */
  dtypes: string[];
  /** The variant `auto` loads: the config's `transformers.js_config.dtype` when present, else the first of `dtypes` ('' without weights). */
  defaultDtype: string;
  /** Path of the compact corpus-line index, when the model ships one. */
  corpusIndex: string | null;
}

export type WeightDtype = Exclude<Dtype, 'auto'>;

/** The ONNX weight file transformers.js loads for each dtype (`onnx/<file>`). */
export const WEIGHT_FILES: Record<WeightDtype, string> = {
  fp32: 'model.onnx',
  fp16: 'model_fp16.onnx',
  q8: 'model_quantized.onnx',
  int8: 'model_int8.onnx',
  q4: 'model_q4.onnx',
};

/** Files that make a folder a transformers.js model folder (which must then be complete). */
const TRANSFORMERS_FILES = ['config.json', 'tokenizer.json', 'onnx'];

/** A folder with a verse profile and none of the transformers.js files: its weights are served elsewhere. */
export function isProfileOnly(dir: string): boolean {
  return existsSync(path.join(dir, PROFILE_FILE)) && !TRANSFORMERS_FILES.some((f) => existsSync(path.join(dir, f)));
}

/** The transformers.js side of a folder: config, tokenizer and at least one ONNX weight file. */
function readWeights(abs: string): Pick<ModelInfo, 'dtypes' | 'defaultDtype'> {
  const configFile = path.join(abs, 'config.json');
  const config = readModelJson(configFile);
  if (typeof config !== 'object' || config === null || typeof (config as { model_type?: unknown }).model_type !== 'string') {
    throw malformedModelFile(configFile, 'has no "model_type"; it is not a transformers model config.');
  }
  const preferred = (config as { 'transformers.js_config'?: { dtype?: unknown } })['transformers.js_config']?.dtype;
  const tokenizerFile = path.join(abs, 'tokenizer.json');
  const tokenizer = readModelJson(tokenizerFile);
  if (typeof tokenizer !== 'object' || tokenizer === null || !('model' in tokenizer)) {
    throw malformedModelFile(tokenizerFile, 'has no "model" section; it is not a tokenizer.json.');
  }
  const onnxDir = path.join(abs, 'onnx');
  const dtypes = Object.entries(WEIGHT_FILES)
    .filter(([, file]) => existsSync(path.join(onnxDir, file)))
    .map(([dtype]) => dtype);
  if (dtypes.length === 0) {
    throw malformedModelFile(path.join(onnxDir, 'model.onnx'), `is missing (nor any of ${Object.values(WEIGHT_FILES).slice(1).join(', ')}).`);
  }
  return { dtypes, defaultDtype: typeof preferred === 'string' && dtypes.includes(preferred) ? preferred : dtypes[0]! };
}

/** Reads and checks one model folder. Throws `INKVERSE_E_MODEL_MISSING` or `INKVERSE_E_MODEL_MALFORMED`. */
export function readModelFolder(dir: string): ModelInfo {
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new InkverseError('INKVERSE_E_MODEL_MISSING', `Model folder ${abs} does not exist.`);
  }
  const profileOnly = isProfileOnly(abs);
  const weights = profileOnly ? { dtypes: [], defaultDtype: '' } : readWeights(abs);
  const profile = readVerseProfile(path.basename(abs), path.join(abs, PROFILE_FILE), profileOnly);
  const indexFile = path.join(abs, 'corpus-lines.u32');
  return {
    ...profile,
    dir: abs,
    weights: profileOnly ? 'none' : 'onnx',
    ...weights,
    corpusIndex: existsSync(indexFile) ? indexFile : null,
  };
}

/** True when `name` is a path (absolute, or relative with a separator or a leading dot) rather than a folder name. */
export function isModelPath(name: string): boolean {
  return path.isAbsolute(name) || name.startsWith('.') || /[\\/]/.test(name);
}

export interface ModelRegistryOptions {
  /** Folder a relative model path (`./my-voice`, `models/my-voice`) is resolved against; default the process's working folder. */
  cwd: string;
}

/** The model folders under one root directory. */
export class ModelRegistry {
  readonly root: string;
  readonly #cwd: string;

  constructor(root: string, options: Partial<ModelRegistryOptions> = {}) {
    this.root = path.resolve(root);
    this.#cwd = options.cwd ?? process.cwd();
  }

  /** Names of folders that look like models (a config.json, or a verse profile alone). */
  names(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && (existsSync(path.join(this.root, e.name, 'config.json')) || isProfileOnly(path.join(this.root, e.name))))
      .map((e) => e.name)
      .sort();
  }

  /** Where a model's folder is (or would be), by folder name under the root or by path (see get); reads nothing. */
  folder(name: string): string {
    return isModelPath(name) ? path.resolve(this.#cwd, name) : path.join(this.root, name);
  }

  /**
   * Loads a model's info by folder name under the root, or by path (absolute, or relative to the working folder:
   * anything with a `/` or a leading `.`), so `INKVERSE_MODEL=models/my-voice` and `=/srv/voices/my-voice` both work.
   */
  get(name: string): ModelInfo {
    if (isModelPath(name)) return readModelFolder(this.folder(name));
    const dir = this.folder(name);
    if (!existsSync(dir)) {
      const known = this.names();
      throw new InkverseError(
        'INKVERSE_E_MODEL_MISSING',
        `Model "${name}" is not in ${this.root}. Available: ${known.length ? known.join(', ') : 'none'}. ` +
          'Give a folder name from that list or a path to a model folder; pull one with `npm run models:pull -- <hub id>`, ' +
          'train one with `npm run models:train` or tune one on your own poems with `npm run models:tune`.',
      );
    }
    return readModelFolder(dir);
  }
}
