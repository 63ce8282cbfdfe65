/**
 * @module modelRegistry: finds the model folders under `models/`, reads each one's `inkverse.json`
 * (language, prompt template, default sampling, form rules) and checks the files a load needs,
 * so a missing or malformed model fails with one sentence naming the file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InkverseError } from '../protocol/errors.ts';
import type { Dtype } from '../protocol/devices.ts';
import { ENGINE_PARAMS } from './engineParams.ts';
import type { FormRules } from './form.ts';
import { checkParamValue, type ParamValues } from '../protocol/paramSpec.ts';

const FormSchema = z.strictObject({
  lineLengths: z.array(z.number().int().min(1).max(64)).min(1),
  lineEnds: z.array(z.string().length(1)).min(1),
  maxLines: z.number().int().min(1).max(64),
  minLines: z.number().int().min(1).max(64).optional(),
});

export const ModelMetaSchema = z.looseObject({
  name: z.string().min(1).optional(),
  /** BCP 47 language of the model's verses, e.g. `zh`, `en`. */
  language: z.string().min(2).default('en'),
  description: z.string().default(''),
  /** How a visitor prompt becomes model input; `{prompt}` is replaced. */
  promptTemplate: z.string().includes('{prompt}').default('{prompt}'),
  /**
   * `title`: the prompt is a theme the verse is written for (model input = template, verse starts empty);
   * `continue`: the verse opens with the prompt's own words and the model carries on from them.
   */
  promptMode: z.enum(['title', 'continue']).default('title'),
  sampling: z
    .looseObject({
      temperature: z.number().optional(),
      top_k: z.number().optional(),
      top_p: z.number().optional(),
      repetition_penalty: z.number().optional(),
      max_tokens: z.number().optional(),
    })
    .default({}),
  form: FormSchema.nullable().default(null),
  /** Characters that end a line; a token containing one closes the line. */
  lineBreaks: z.array(z.string().min(1)).min(1).default(['\n']),
  /** Models without form rules: fewest line breaks before the verse may end. */
  minLines: z.number().int().min(0).max(64).default(2),
});

export interface ModelInfo {
  name: string;
  /** Absolute path of the model folder. */
  dir: string;
  language: string;
  description: string;
  promptTemplate: string;
  promptMode: 'title' | 'continue';
  sampling: Record<string, number>;
  form: FormRules | null;
  lineBreaks: string[];
  /** Without form rules: fewest line breaks before the verse may end. */
  minLines: number;
  /** Weight variants present in `onnx/` (transformers.js dtype names: fp32, q8, fp16, ...). */
  dtypes: string[];
  /** The variant `auto` loads: the config's `transformers.js_config.dtype` when present, else the first of `dtypes`. */
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

function malformed(file: string, why: string): InkverseError {
  return new InkverseError('INKVERSE_E_MODEL_MALFORMED', `Model file ${file} ${why}`);
}

function readJson(file: string): unknown {
  if (!existsSync(file)) throw malformed(file, 'is missing.');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw malformed(file, `is not valid JSON (${(err as Error).message}).`);
  }
}

/** Reads and checks one model folder. Throws `INKVERSE_E_MODEL_MISSING` or `INKVERSE_E_MODEL_MALFORMED`. */
export function readModelFolder(dir: string): ModelInfo {
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new InkverseError('INKVERSE_E_MODEL_MISSING', `Model folder ${abs} does not exist.`);
  }
  const configFile = path.join(abs, 'config.json');
  const config = readJson(configFile);
  if (typeof config !== 'object' || config === null || typeof (config as { model_type?: unknown }).model_type !== 'string') {
    throw malformed(configFile, 'has no "model_type"; it is not a transformers model config.');
  }
  const preferred = (config as { 'transformers.js_config'?: { dtype?: unknown } })['transformers.js_config']?.dtype;
  const tokenizerFile = path.join(abs, 'tokenizer.json');
  const tokenizer = readJson(tokenizerFile);
  if (typeof tokenizer !== 'object' || tokenizer === null || !('model' in tokenizer)) {
    throw malformed(tokenizerFile, 'has no "model" section; it is not a tokenizer.json.');
  }
  const onnxDir = path.join(abs, 'onnx');
  const dtypes = Object.entries(WEIGHT_FILES)
    .filter(([, file]) => existsSync(path.join(onnxDir, file)))
    .map(([dtype]) => dtype);
  if (dtypes.length === 0) {
    throw malformed(path.join(onnxDir, 'model.onnx'), `is missing (nor any of ${Object.values(WEIGHT_FILES).slice(1).join(', ')}).`);
  }
  const metaFile = path.join(abs, 'inkverse.json');
  const parsed = ModelMetaSchema.safeParse(existsSync(metaFile) ? readJson(metaFile) : {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw malformed(metaFile, `is invalid at "${issue.path.join('.')}": ${issue.message}.`);
  }
  const meta = parsed.data;
  const sampling = Object.fromEntries(Object.entries(meta.sampling).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
  const indexFile = path.join(abs, 'corpus-lines.u32');
  return {
    name: path.basename(abs),
    dir: abs,
    language: meta.language,
    description: meta.description,
    promptTemplate: meta.promptTemplate,
    promptMode: meta.promptMode,
    sampling,
    form: meta.form,
    lineBreaks: meta.lineBreaks,
    minLines: meta.minLines,
    dtypes,
    defaultDtype: typeof preferred === 'string' && dtypes.includes(preferred) ? preferred : dtypes[0]!,
    corpusIndex: existsSync(indexFile) ? indexFile : null,
  };
}

/** The model folders under one root directory. */
export class ModelRegistry {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Names of folders that look like models (have a config.json). */
  names(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(path.join(this.root, e.name, 'config.json')))
      .map((e) => e.name)
      .sort();
  }

  /** Loads a model's info by folder name (or absolute path). */
  get(name: string): ModelInfo {
    const dir = path.isAbsolute(name) ? name : path.join(this.root, name);
    if (!path.isAbsolute(name) && !existsSync(dir)) {
      const known = this.names();
      throw new InkverseError(
        'INKVERSE_E_MODEL_MISSING',
        `Model "${name}" is not in ${this.root}. Available: ${known.length ? known.join(', ') : 'none'}. ` +
          'Pull one with `npm run models:pull -- <hub id>` or train one with `npm run models:train`.',
      );
    }
    return readModelFolder(dir);
  }
}

/**
 * The model's own sampling defaults that are engine parameters within range, as an installation
 * applies them (the config's `params` override them). Others are returned in `ignored`.
 */
export function modelSamplingParams(model: Pick<ModelInfo, 'sampling'>): { params: ParamValues; ignored: string[] } {
  const params: ParamValues = {};
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(model.sampling)) {
    const spec = ENGINE_PARAMS.find((s) => s.name === name);
    const v = spec ? checkParamValue(spec, value) : undefined;
    if (v === undefined) ignored.push(name);
    else params[name] = v;
  }
  return { params, ignored };
}

/** Fills a model's prompt template with a visitor's prompt. */
export function applyTemplate(model: Pick<ModelInfo, 'promptTemplate'>, prompt: string): string {
  return model.promptTemplate.split('{prompt}').join(prompt);
}
