/**
 * @module bench usage tests: `npm run bench -- --help` prints its usage with every bench and `--quick`, and an
 * unknown bench is refused with exit status 2 naming it, with its code (`INKVERSE_E_BAD_REQUEST`, as the other tools' usage
 * refusals) and the usage (a real process through npm, as a user types it).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { BENCHES } from '../../bench/run.ts';

const bench = (...args: string[]) => spawnSync('npm', ['run', '-s', 'bench', '--', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, VITEST: '' }, timeout: 120_000 });

describe('npm run bench', () => {
  it('--help prints the usage, the options and every bench, and runs nothing', () => {
    const r = bench('--help');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run bench/);
    expect(r.stdout).toContain('--quick');
    for (const name of Object.keys(BENCHES)) expect(r.stdout).toMatch(new RegExp(`^ +${name} `, 'm'));
    expect(r.stderr).not.toMatch(/\[bench /);
  });
  it('refuses an unknown bench by name, with the known ones and the usage refusal\'s code, exit 2', () => {
    const r = bench('decoed');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`bench: unknown benchmark or option "decoed"; known: ${Object.keys(BENCHES).join(', ')} [INKVERSE_E_BAD_REQUEST]`);
    expect(r.stderr).toContain('Usage: npm run bench');
    expect(r.stdout).toBe('');
  });
});
