/**
 * @module deprecated names tests: files written before presets were renamed (they were "voices") still load.
 * A mapping with the action "voice", in the config, in a mapping file or among the learned mappings, is read as
 * "preset" and the log says it is deprecated. A real child process (logs are silent inside vitest), real files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { LEARNED_MAPPINGS_FILE } from '../../engine/control/mappingFile.ts';

const RESULT = 'RESULT ';

/** Loads the config (and the learned mappings beside it) in a child process: its log lines and what it loaded. */
function loadInChild(configFile: string): { logs: Array<Record<string, unknown>>; result: { config: unknown[]; learned: unknown[] } } {
  const code = [
    "const { loadConfig } = await import('./config/loadConfig.ts');",
    "const { MappingFile } = await import('./engine/control/mappingFile.ts');",
    'const config = loadConfig({ INKVERSE_CONFIG: process.env.CONFIG_FILE });',
    'const learned = await new MappingFile({ dir: process.env.CONFIG_DIR }).load();',
    `console.log(${JSON.stringify(RESULT)} + JSON.stringify({ config: config.osc.mappings, learned }));`,
  ].join('\n');
  const env = { ...process.env, VITEST: '', LOG_LEVEL: 'info', INKVERSE_LOG_FORMAT: 'json', CONFIG_FILE: configFile, CONFIG_DIR: path.dirname(configFile) };
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: PROJECT_ROOT, encoding: 'utf8', env });
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n');
  const result = lines.find((l) => l.startsWith(RESULT));
  expect(result, r.stdout).toBeDefined();
  return { logs: lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>), result: JSON.parse(result!.slice(RESULT.length)) };
}

describe('mappings written with the old action name "voice"', () => {
  it('load from the config, a mapping file and the learned mappings as "preset", each with a deprecation warning', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-deprecated-'));
    const mappingFile = path.join(dir, 'old-controller.json');
    writeFileSync(mappingFile, JSON.stringify({ version: 1, controller: 'old', mappings: [{ midi: { type: 'cc', number: 48 }, action: 'voice', mode: 'trigger', arg: 'calm' }] }));
    writeFileSync(path.join(dir, LEARNED_MAPPINGS_FILE), JSON.stringify({ version: 1, mappings: [{ address: '/learned', action: 'voice', arg: 'classic' }] }));
    const configFile = path.join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify({ osc: { mappingFiles: ['old-controller.json'], mappings: [{ address: '/2/push1', action: 'skip' }, { address: '/2/push2', action: 'voice', arg: 'wild' }] } }));

    const { logs, result } = loadInChild(configFile);
    expect(result.config).toEqual([
      expect.objectContaining({ midi: { type: 'cc', number: 48 }, action: 'preset', arg: 'calm' }),
      expect.objectContaining({ address: '/2/push1', action: 'skip' }),
      expect.objectContaining({ address: '/2/push2', action: 'preset', arg: 'wild' }),
    ]);
    expect(result.learned).toEqual([expect.objectContaining({ address: '/learned', action: 'preset', arg: 'classic' })]);

    const warnings = logs.filter((l) => l.level === 40 && l.action === 'voice');
    expect(warnings.map((w) => [w.where, w.mapping, w.use])).toEqual([
      [`Config ${configFile} "osc.mappings"`, 1, 'preset'],
      [mappingFile, 0, 'preset'],
      [path.join(dir, LEARNED_MAPPINGS_FILE), 0, 'preset'],
    ]);
    expect(String(warnings[0]!.msg)).toContain('mapping 1 uses the action "voice", deprecated: write "preset"');
  });
});
