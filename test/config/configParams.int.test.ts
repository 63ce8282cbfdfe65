/**
 * @module configParams tests: the config's `params` take every namespace, as the README says (its own example is
 * loaded from README.md), and a display receives those starting values over socket.io; the config names its
 * JSON Schema with `$schema`, and the committed schema is what `npm run config:schema` writes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_FILE, configJsonSchemaText } from '../../config/configJsonSchema.ts';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../config/loadConfig.ts';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import type { Installation } from '../../server/installation.ts';
import { client, next, startTestInstallation, type Client } from '../helpers/installation.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-config-params-'));
function file(content: string): string {
  const f = path.join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, content);
  return f;
}

/** The config example in the README's "Configure" section: the json block that sets `params`. */
function readmeExample(): string {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const configure = readme.slice(readme.indexOf('## Configure'), readme.indexOf('\n## ', readme.indexOf('## Configure') + 3));
  const block = [...configure.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('"params"'));
  if (!block) throw new Error('README.md has no json block with "params" under ## Configure');
  return block;
}

describe('config params in every namespace', () => {
  let inst: Installation | undefined;
  const sockets: Client[] = [];
  afterAll(async () => {
    for (const s of sockets) s.close();
    await inst?.close();
  });

  it("loads the README's own example, with scene and sound parameters", () => {
    const config = loadConfig({ INKVERSE_CONFIG: file(readmeExample()) });
    expect(config.params).toMatchObject({ 'scene.ink.bleed': 0.5, 'sound.reverb': 0.6 });
  });

  it('a display receives the scene and sound values from the config', async () => {
    const config = loadConfig({ INKVERSE_CONFIG: file(readmeExample()) });
    inst = await startTestInstallation({ params: config.params });
    const display = client(inst, '/display');
    sockets.push(display);
    const state = await next(display, 'state');
    expect(state.params['scene.ink.bleed']).toBe(0.5);
    expect(state.params['sound.reverb']).toBe(0.6);
    expect(state.params.temperature).toBe(config.params.temperature);
  });

  it('refuses an unknown name or a value out of range in any namespace, naming it', () => {
    const errorOf = (json: string): string => {
      try {
        loadConfig({ INKVERSE_CONFIG: file(json) });
      } catch (err) {
        return `${(err as { code: string }).code}: ${(err as Error).message}`;
      }
      return 'no error';
    };
    expect(errorOf('{"params":{"scene.ink.blead":0.5}}')).toMatch(/^INKVERSE_E_CONFIG: .*"params": .*scene\.ink\.blead/);
    expect(errorOf('{"params":{"sound.reverb":7}}')).toMatch(/^INKVERSE_E_CONFIG: .*"params": .*sound\.reverb.* must be/);
    // All or nothing: a bad second value refuses the file, not just the value.
    expect(errorOf('{"params":{"temperature":0.9,"scene.nowhere.x":1}}')).toContain('scene.nowhere.x');
  });
});

describe('config JSON Schema', () => {
  it('the default config names the schema with $schema and still loads', () => {
    const raw = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as { $schema?: string };
    expect(raw.$schema).toBe(`./${CONFIG_SCHEMA_FILE}`);
    expect(loadConfig({}).server.port).toBe(8080);
  });

  it('the committed schema is what npm run config:schema writes, and describes every top-level key', () => {
    const committed = readFileSync(path.join(PROJECT_ROOT, 'config', CONFIG_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(configJsonSchemaText());
    const schema = JSON.parse(committed) as { properties: Record<string, { properties?: Record<string, unknown> }>; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['$schema', 'server', 'model', 'params', 'osc', 'kiosk', 'hours', 'data']));
    expect(schema.properties.server!.properties).toHaveProperty('port');
    expect(schema.additionalProperties).toBe(false);
  });
});
