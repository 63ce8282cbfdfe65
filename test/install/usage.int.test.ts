/**
 * @module usage tests: `npm start -- --help` and every `npm run` command print their usage and exit 0,
 * without starting anything (real processes through npm, as a user types them).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';

const scripts = Object.keys((JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
// `test`, `test:unit` and `typecheck` are vitest and tsc, whose own --help answers.
const ours = scripts.filter((s) => s !== 'test' && s !== 'test:unit' && s !== 'typecheck');

describe('--help', () => {
  it.each(ours)('npm run %s -- --help prints its usage', (script) => {
    const r = spawnSync('npm', ['run', '-s', script, '--', '--help'], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, VITEST: '' }, timeout: 120_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/usage/i);
    expect(r.stdout).toContain(script === 'start' ? 'npm start' : `npm run ${script}`);
  });
});
