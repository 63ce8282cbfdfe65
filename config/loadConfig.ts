/**
 * @module loadConfig: reads the installation config (file + environment), validates it whole,
 * and explains any bad key by its path and what it allows.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatIssues } from '../protocol/formatIssues.ts';
import { InkverseError } from '../protocol/errors.ts';
import { ControlSurface } from '../engine/control/controlSurface.ts';
import { CONTROL_TABLES } from '../scenes/controlTables.ts';
import { MappingFileSchema, warnDeprecatedActions } from '../engine/control/mappingFile.ts';
import { mergeMappings } from '../engine/control/mergeMappings.ts';
import { ConfigSchema, type Config } from './schema.ts';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';

export const DEFAULT_CONFIG_PATH = path.join(PROJECT_ROOT, 'config', 'default.json');

/** Environment variables of the public contract and the config key each overrides. */
const ENV_OVERRIDES = [
  { env: 'PORT', path: ['server', 'port'], type: 'int' },
  { env: 'OSC_PORT', path: ['osc', 'port'], type: 'int' },
  { env: 'INKVERSE_TOKEN', path: ['server', 'token'], type: 'string' },
  { env: 'INKVERSE_DATA', path: ['data'], type: 'string' },
  { env: 'INKVERSE_MODEL', path: ['model', 'name'], type: 'string' },
  { env: 'INKVERSE_DEVICE', path: ['model', 'device'], type: 'string' },
  { env: 'LOG_LEVEL', path: ['log', 'level'], type: 'string' },
  { env: 'INKVERSE_REDIS_URL', path: ['redis', 'url'], type: 'string' },
  { env: 'INKVERSE_REDIS_ROLE', path: ['redis', 'role'], type: 'string' },
] as const;

function configError(source: string, detail: string): InkverseError {
  return new InkverseError('INKVERSE_E_CONFIG', `Config ${source}: ${detail}`);
}

function setPath(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = (typeof next === 'object' && next !== null ? next : (node[key] = {})) as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

/** Checks `params` against every namespace (engine, display, scene.<name>, sound) on a throwaway surface. */
function checkParams(params: Config['params'], source: string): void {
  const surface = new ControlSurface(CONTROL_TABLES.map((t) => ({ prefix: t.prefix, table: t.table })));
  try {
    surface.set(params, 'config');
  } catch (err) {
    throw configError(source, `"params": ${(err as Error).message}`);
  } finally {
    surface.dispose();
  }
}

/**
 * Reads the config's `osc.mappingFiles` (relative to `dir`) and returns the mappings in force: each file's, with the
 * config's own `osc.mappings` replacing any on the same control. Throws `INKVERSE_E_CONFIG` naming the file.
 */
function withMappingFiles(config: Config, dir: string, source: string): Config['osc']['mappings'] {
  const fromFiles = config.osc.mappingFiles.flatMap((rel) => {
    const file = path.resolve(dir, rel);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : `it is not valid JSON (${(err as Error).message})`;
      throw configError(source, `"osc.mappingFiles": ${file} cannot be read: ${why}.`);
    }
    const result = MappingFileSchema.safeParse(raw);
    if (!result.success) throw configError(source, `"osc.mappingFiles": ${file}: ${formatIssues(result.error.issues, { max: 10 })}`);
    warnDeprecatedActions(file, (raw as { mappings?: unknown }).mappings);
    return result.data.mappings;
  });
  return mergeMappings(fromFiles, config.osc.mappings);
}

/**
 * Validates a raw config object (already merged with environment overrides). `dir` is the folder that
 * relative `osc.mappingFiles` start from (the config file's; default `config/`).
 */
export function parseConfig(raw: unknown, source = '(inline)', dir = path.dirname(DEFAULT_CONFIG_PATH)): Config {
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) throw configError(source, formatIssues(result.error.issues, { max: 20 }));
  const config = result.data;
  warnDeprecatedActions(`Config ${source} "osc.mappings"`, (raw as { osc?: { mappings?: unknown } }).osc?.mappings);
  if (config.model.backend === 'openai' && !config.openai) {
    throw configError(source, '"model.backend" is "openai" but there is no "openai" section: add { "url": "http://<server>:<port>", "model": "<name the server serves>" }.');
  }
  checkParams(config.params, source);
  if (config.osc.mappingFiles.length) config.osc.mappings = withMappingFiles(config, dir, source);
  return config;
}

/**
 * A key the environment overrides must still be right in the file: otherwise the mistake would show only on the
 * day the environment variable is removed. Throws `INKVERSE_E_CONFIG` naming the key and the variable.
 */
function checkOverridden(raw: unknown, env: NodeJS.ProcessEnv, file: string): void {
  const set = ENV_OVERRIDES.filter((o) => env[o.env] !== undefined && env[o.env] !== '');
  if (!set.length) return;
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return;
  for (const o of set) {
    const issues = result.error.issues.filter((i) => o.path.every((k, n) => i.path[n] === k));
    if (issues.length) throw configError(file, `${formatIssues(issues, { max: 3 })} (the environment's ${o.env} overrides this key, but the file's value must be right too)`);
  }
}

/**
 * Loads `INKVERSE_CONFIG` (or `config/default.json`), applies the environment overrides and validates.
 * Throws `INKVERSE_E_CONFIG` naming the file, the key and the allowed values.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const file = env.INKVERSE_CONFIG ? path.resolve(env.INKVERSE_CONFIG) : DEFAULT_CONFIG_PATH;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : `it is not valid JSON (${(err as Error).message})`;
    throw configError(file, `cannot be read: ${why}.`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw configError(file, 'must be a JSON object.');
  checkOverridden(raw, env, file);
  for (const o of ENV_OVERRIDES) {
    const value = env[o.env];
    if (value === undefined || value === '') continue;
    if (o.type === 'int') {
      const n = Number(value);
      if (!Number.isInteger(n)) throw configError(file, `environment ${o.env}=${JSON.stringify(value)} must be a whole number from 0 to 65535.`);
      setPath(raw as Record<string, unknown>, o.path, n);
    } else {
      setPath(raw as Record<string, unknown>, o.path, value);
    }
  }
  const config = parseConfig(raw, file, path.dirname(file));
  // The key stays out of the file (and out of the schema's env table: it has no section of its own to create).
  if (env.INKVERSE_OPENAI_API_KEY && config.openai) config.openai.apiKey = env.INKVERSE_OPENAI_API_KEY;
  return config;
}
