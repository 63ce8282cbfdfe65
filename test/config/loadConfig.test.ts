import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/loadConfig.ts';
import { refusalOf } from '../helpers/refusalOf.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-config-'));
function file(content: string): string {
  const f = path.join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, content);
  return f;
}
const errorOf = (env: NodeJS.ProcessEnv): string => refusalOf(() => loadConfig(env));

describe('loadConfig', () => {
  it('loads the default config with the contract defaults', () => {
    const c = loadConfig({});
    expect(c.server.port).toBe(8080);
    expect(c.osc.port).toBe(9000);
    expect(c.data).toBe('./data');
    expect(c.model).toMatchObject({ name: 'tang-poet-zh', device: 'cpu' });
    expect(c.server.token).toBeUndefined();
  });

  it('applies PORT, OSC_PORT, INKVERSE_DATA, INKVERSE_TOKEN and INKVERSE_MODEL', () => {
    const c = loadConfig({ PORT: '9090', OSC_PORT: '9100', INKVERSE_DATA: '/tmp/x', INKVERSE_TOKEN: 'secret-token', INKVERSE_MODEL: 'verse-en' });
    expect(c.server.port).toBe(9090);
    expect(c.osc.port).toBe(9100);
    expect(c.data).toBe('/tmp/x');
    expect(c.server.token).toBe('secret-token');
    expect(c.model.name).toBe('verse-en');
  });

  it('reads INKVERSE_CONFIG and fills in defaults for what it leaves out', () => {
    const c = loadConfig({ INKVERSE_CONFIG: file('{"params":{"temperature":0.7},"engine":{"seed":5}}') });
    expect(c.params).toEqual({ temperature: 0.7 });
    expect(c.engine.seed).toBe(5);
    expect(c.engine.queue.max).toBe(32);
  });

  it('names the key and the allowed values when a value is wrong', () => {
    expect(errorOf({ INKVERSE_CONFIG: file('{"model":{"device":"tpu"}}') })).toMatch(
      /^INKVERSE_E_CONFIG: Config .*: "model.device" must be one of "auto", "cpu", "webgpu", "cuda"/,
    );
    expect(errorOf({ INKVERSE_CONFIG: file('{"servr":{}}') })).toContain('unknown key "servr"');
    expect(errorOf({ INKVERSE_CONFIG: file('{"params":{"temperature":5}}') })).toContain('"temperature" must be a number from 0.05 to 2');
    expect(errorOf({ INKVERSE_CONFIG: file('{"osc":{"mappings":[{"address":"/a","param":"x","curve":"cubic"}]}}') })).toContain(
      '"osc.mappings.0.curve" must be one of "linear", "exp", "log", "scurve"',
    );
    expect(errorOf({ PORT: 'eighty' })).toContain('PORT="eighty" must be a whole number');
    // A key the environment overrides is still checked in the file.
    const wrongPort = file('{ "server": { "port": "8080" } }');
    expect(errorOf({ INKVERSE_CONFIG: wrongPort, PORT: '9090' })).toMatch(/^INKVERSE_E_CONFIG: .*"server\.port".*PORT overrides this key/);
    expect(errorOf({ INKVERSE_DEVICE: 'gpu' })).toContain('"model.device" must be one of');
  });

  it("checks a curator's attract rules: times, weights and what a rule must hold", () => {
    const rules = (hours: unknown[]): string => errorOf({ INKVERSE_CONFIG: file(JSON.stringify({ engine: { attractDraw: { hours } } })) });
    expect(rules([{ from: '10:00', to: '25:00', pin: ['晨钟'] }])).toMatch(/^INKVERSE_E_CONFIG: .*"engine.attractDraw.hours.0.to": a time like "10:00"/);
    expect(rules([{ from: '10:00', to: '12:00' }])).toMatch(/^INKVERSE_E_CONFIG: .*"engine.attractDraw.hours.0": a rule needs "pin", "weights" or "sources"/);
    expect(rules([{ from: '10:00', to: '12:00', weights: { 明月: -1 } }])).toMatch(/^INKVERSE_E_CONFIG: .*"engine.attractDraw.hours.0.weights.明月"/);
    expect(rules([{ from: '10:00', to: '12:00', sources: { weather: 1 } }])).toMatch(/^INKVERSE_E_CONFIG: .*unknown key "engine.attractDraw.hours.0.sources.weather"/);
    const ok = loadConfig({ INKVERSE_CONFIG: file(JSON.stringify({ engine: { attractDraw: { noRepeat: 4, hours: [{ from: '18:00', to: '21:00', weights: { 明月: 3 }, sources: { visitors: 0 } }] } } })) });
    expect(ok.engine.attractDraw).toEqual({ noRepeat: 4, sources: { time: 1, configured: 1, visitors: 1 }, hours: [{ from: '18:00', to: '21:00', weights: { 明月: 3 }, sources: { visitors: 0 } }] });
  });

  it('says when the file is missing or is not JSON', () => {
    expect(errorOf({ INKVERSE_CONFIG: path.join(dir, 'absent.json') })).toContain('the file does not exist');
    expect(errorOf({ INKVERSE_CONFIG: file('{ nope') })).toContain('is not valid JSON');
  });
});
