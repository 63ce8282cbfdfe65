/**
 * @module models/cli/pullModel: downloads a transformers.js-compatible model from a Hugging Face-style hub
 * into `models/<name>/`, whole or not at all: files land in a staging folder that is renamed into place
 * only once every file is complete and the folder reads as an inkverse model.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { ENGINE_PARAMS } from '../../engine/engineParams.ts';
import { readModelFolder, type ModelInfo } from '../../engine/modelRegistry.ts';
import { downloadFile } from './download.ts';
import { WEIGHT_FILES, type WeightDtype } from '../../engine/modelRegistry.ts';

/** Dtypes a pull can fetch: exactly those an installation config accepts. */
export type PullDtype = WeightDtype;

export type PullProgress =
  | { type: 'file'; file: string; received: number; total: number | null }
  | { type: 'done'; file: string; bytes: number }
  | { type: 'absent'; file: string };

export interface PullOptions {
  /** Hub id: `org/name`, or a bare `name` as the hub allows for some old models. */
  id: string;
  revision: string;
  /** Weights to fetch; null = the model's own choice (`transformers.js_config.dtype` in its config.json), else fp32. */
  dtype: PullDtype | null;
  /** Hub base URL, laid out like transformers.js `env.remoteHost` + `{model}/resolve/{revision}/`. */
  host: string;
  /** Folder that holds model folders. */
  modelsDir: string;
  /** Folder name; null = the last part of the id. */
  as: string | null;
  /** Language written into a generated inkverse.json; null = "en" (most hub models are English). */
  language: string | null;
  /** Replace an existing model folder of the same name. */
  force: boolean;
  /** No byte for this long aborts the pull. */
  stallTimeoutMs: number;
  onProgress: (event: PullProgress) => void;
  signal?: AbortSignal;
}

export const PULL_DEFAULTS = {
  revision: 'main',
  dtype: null,
  host: 'https://huggingface.co/',
  modelsDir: path.join(PROJECT_ROOT, 'models'),
  as: null,
  language: null,
  force: false,
  stallTimeoutMs: 60_000,
  onProgress: () => undefined,
} as const satisfies Omit<PullOptions, 'id' | 'signal'>;

/** The hub a pull uses when none is given: env INKVERSE_HUB (a local mirror), else the public hub. */
export function defaultHost(): string {
  return process.env.INKVERSE_HUB || PULL_DEFAULTS.host;
}

export interface PullResult {
  name: string;
  dir: string;
  /** The weights fetched. */
  dtype: PullDtype;
  /** Files written, relative to the model folder, with their sizes. */
  files: { file: string; bytes: number }[];
  /** True when the hub had no inkverse.json and defaults were written. */
  wroteMeta: boolean;
  info: ModelInfo;
}

/** Where a pull is staged: inside the models folder (same file system, so the final rename is atomic) but one level down, so the registry never lists a half model. */
export const STAGING_DIR = '.inkverse-pull';

const SEGMENT = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const ID = /^(?:([^/]+)\/)?([^/]+)$/;

function pullError(message: string): InkverseError {
  return new InkverseError('INKVERSE_E_PULL', message);
}

/** Checks a hub id and returns the model's own name (its last part). */
export function parseHubId(id: string): string {
  const m = ID.exec(id);
  const ok = m && (m[1] === undefined || SEGMENT.test(m[1])) && SEGMENT.test(m[2]!) && !id.includes('..') && !id.includes('--');
  if (!ok) {
    throw pullError(`"${id}" is not a hub model id; expected org/name made of letters, digits, '.', '_' and '-', e.g. onnx-community/Qwen2.5-0.5B-Instruct.`);
  }
  return m![2]!;
}

function hubBase(host: string): URL {
  let url: URL;
  try {
    url = new URL(host.endsWith('/') ? host : `${host}/`);
  } catch {
    throw pullError(`"${host}" is not a URL; give the hub as e.g. https://huggingface.co/.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw pullError(`The hub URL ${host} must start with http:// or https://.`);
  return url;
}

/** The URL of one file of a model, as the hub and transformers.js lay them out. */
export function fileUrl(host: string, id: string, revision: string, file: string): string {
  return new URL(`${id}/resolve/${encodeURIComponent(revision)}/${file}`, hubBase(host)).href;
}

/** External-data chunk count declared in config.json, read the way transformers.js reads it. */
function externalChunks(config: Record<string, unknown>, file: string): number {
  const custom = config['transformers.js_config'];
  const declared = typeof custom === 'object' && custom !== null ? (custom as Record<string, unknown>).use_external_data_format : undefined;
  if (!declared) return 0;
  if (typeof declared === 'object') {
    const byFile = declared as Record<string, unknown>;
    const n = Number(byFile[file] ?? byFile[file.replace(/\.onnx$/, '')] ?? 0);
    return Number.isFinite(n) ? n : 0;
  }
  const n = Number(declared);
  return Number.isFinite(n) ? n : 0;
}

/** The dtype a model's config.json asks transformers.js to load (a string, or per session as `{ model: ... }`), if a pull can fetch it. */
export function configDtype(config: Record<string, unknown>): PullDtype | null {
  const custom = config['transformers.js_config'];
  const declared = typeof custom === 'object' && custom !== null ? (custom as Record<string, unknown>).dtype : undefined;
  const dtype = typeof declared === 'object' && declared !== null ? (declared as Record<string, unknown>).model : declared;
  return typeof dtype === 'string' && dtype in WEIGHT_FILES ? (dtype as PullDtype) : null;
}

/** Default inkverse.json for a model that brings none: plain continuation, newline-separated lines, no form. */
function defaultMeta(id: string, revision: string, host: string, language: string, generation: Record<string, unknown> | null): Record<string, unknown> {
  // Carry over the model's own sampling advice where the engine has a matching live parameter.
  const sampling: Record<string, number> = {};
  for (const spec of ENGINE_PARAMS) {
    const v = generation?.[spec.name];
    if (typeof v === 'number' && v >= spec.min && v <= spec.max) sampling[spec.name] = v;
  }
  return {
    language,
    description: `${id} (revision ${revision}), pulled from ${hubBase(host).href} with npm run models:pull.`,
    promptTemplate: '{prompt}',
    sampling,
    form: null,
    lineBreaks: ['\n'],
  };
}

function readJsonFile(file: string, url: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw pullError(`${url} is not a JSON object; the host did not serve a model config.`);
}

/** Downloads a model into `<modelsDir>/<name>/`; nothing is left behind when it fails. */
export async function pullModel(options: Pick<PullOptions, 'id'> & Partial<PullOptions>): Promise<PullResult> {
  // An option passed as undefined means "the default", not "unset".
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as typeof options;
  const o: PullOptions = { ...PULL_DEFAULTS, host: defaultHost(), ...given };
  const own = parseHubId(o.id);
  const name = o.as ?? own;
  if (!SEGMENT.test(name)) throw pullError(`"${name}" cannot be a model folder name; use letters, digits, '.', '_' and '-'.`);
  if (o.dtype !== null && !(o.dtype in WEIGHT_FILES)) throw pullError(`Unknown dtype "${o.dtype}"; use one of ${Object.keys(WEIGHT_FILES).join(', ')}.`);
  hubBase(o.host);

  const modelsDir = path.resolve(o.modelsDir);
  const dest = path.join(modelsDir, name);
  const exists = (): boolean => existsSync(dest);
  if (exists() && !o.force) {
    throw pullError(`The model folder ${dest} already exists; pass --force to replace it, or --as NAME to pull under another name.`);
  }

  const stagingRoot = path.join(modelsDir, STAGING_DIR);
  const staging = path.join(stagingRoot, `${name}-${randomBytes(4).toString('hex')}`);
  mkdirSync(path.join(staging, 'onnx'), { recursive: true });
  const files: { file: string; bytes: number }[] = [];

  /** Downloads one file. A missing one resolves to false when optional (`required` null), else throws the sentence `required` makes. */
  const fetchFile = async (file: string, required: ((missing: string) => string) | null): Promise<boolean> => {
    const url = fileUrl(o.host, o.id, o.revision, file);
    const got = await downloadFile({
      url,
      dest: path.join(staging, file),
      stallTimeoutMs: o.stallTimeoutMs,
      signal: o.signal,
      onBytes: (received, total) => o.onProgress({ type: 'file', file, received, total }),
    });
    if ('missing' in got) {
      const gated = got.missing === 404 ? '' : ' (the hub answers so for missing models as well as for private or gated ones)';
      if (required) throw pullError(required(`GET ${url} returned ${got.missing}${gated}.`));
      o.onProgress({ type: 'absent', file });
      return false;
    }
    files.push({ file, bytes: got.bytes });
    o.onProgress({ type: 'done', file, bytes: got.bytes });
    return true;
  };
  const lacks = (file: string) => (missing: string) => `Model ${o.id} has no ${file}, so it is not a transformers.js model: ${missing}`;

  try {
    // config.json first: a wrong id fails here, before anything large moves.
    await fetchFile('config.json', (missing) => `Model ${o.id} (revision ${o.revision}) was not found on ${hubBase(o.host).href}: ${missing}`);
    const config = readJsonFile(path.join(staging, 'config.json'), fileUrl(o.host, o.id, o.revision, 'config.json'));
    const dtype = o.dtype ?? configDtype(config) ?? 'fp32';
    const onnxFile = WEIGHT_FILES[dtype];
    await fetchFile('tokenizer.json', lacks('tokenizer.json'));
    await fetchFile('tokenizer_config.json', lacks('tokenizer_config.json'));
    const hasGeneration = await fetchFile('generation_config.json', null);
    const hasMeta = await fetchFile('inkverse.json', null);
    // Inkverse's own models also ship a corpus-line index (originality flags) and a model card.
    await fetchFile('corpus-lines.u32', null);
    await fetchFile('README.md', null);
    await fetchFile(`onnx/${onnxFile}`, (missing) => `Model ${o.id} has no ${dtype} weights: ${missing} Try another --dtype (${Object.keys(WEIGHT_FILES).join(', ')}).`);
    // Weights over 2 GB live in external-data files next to the graph: required when config.json
    // declares them (transformers.js will load them), otherwise fetched only if the hub has one.
    const chunks = externalChunks(config, onnxFile);
    for (let i = 0; i < Math.max(1, chunks); i++) {
      const chunk = `onnx/${onnxFile}_data${i === 0 ? '' : `_${i}`}`;
      await fetchFile(chunk, chunks === 0 ? null : (missing) => `Model ${o.id} declares ${chunk} in its config.json, but the host lacks it: ${missing}`);
    }

    if (!hasMeta) {
      const generation = hasGeneration ? readJsonFile(path.join(staging, 'generation_config.json'), fileUrl(o.host, o.id, o.revision, 'generation_config.json')) : null;
      const meta = defaultMeta(o.id, o.revision, o.host, o.language ?? 'en', generation);
      writeFileSync(path.join(staging, 'inkverse.json'), `${JSON.stringify(meta, null, 2)}\n`);
    }

    try {
      readModelFolder(staging);
    } catch (err) {
      const why = err instanceof Error ? err.message.split(staging).join(dest) : String(err);
      throw pullError(`The files of ${o.id} do not make a usable model: ${why}`);
    }

    if (exists()) {
      if (!o.force) throw pullError(`The model folder ${dest} appeared while pulling; pass --force to replace it.`);
      // Swap: old folder aside, new one in, old one deleted; a crash in between leaves it under staging.
      const old = `${staging}.old`;
      renameSync(dest, old);
      renameSync(staging, dest);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(staging, dest);
    }
    return { name, dir: dest, dtype, files, wroteMeta: !hasMeta, info: readModelFolder(dest) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    try {
      if (readdirSync(stagingRoot).length === 0) rmdirSync(stagingRoot);
    } catch {
      // another pull is using it, or it is gone already
    }
  }
}
