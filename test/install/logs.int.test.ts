/**
 * @module log format tests: readable lines while someone watches a terminal, JSON lines for a service or a pipe.
 * Real child processes; a terminal is chosen with INKVERSE_LOG_FORMAT (the test's stdout is a pipe, not a TTY).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { prettyLogs } from '../../engine/log.ts';

function logLine(env: Record<string, string>): string {
  const code = "const { logger } = await import('./engine/log.ts'); logger('check').info({ n: 3 }, 'hello from the log');";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, VITEST: '', LOG_LEVEL: 'info', ...env } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

describe('log format', () => {
  it('is JSON lines when stdout is a pipe (a service, journald)', () => {
    const line = logLine({ INKVERSE_LOG_FORMAT: '' });
    expect(JSON.parse(line)).toMatchObject({ level: 30, module: 'check', n: 3, msg: 'hello from the log' });
  });

  it('is readable pino-pretty lines when asked (what a terminal gets)', () => {
    const line = logLine({ INKVERSE_LOG_FORMAT: 'pretty' });
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/INFO.*hello from the log/);
    expect(line).toContain('module: "check"');
  });

  it('follows the terminal unless overridden', () => {
    expect(prettyLogs({}, true)).toBe(true);
    expect(prettyLogs({}, false)).toBe(false);
    expect(prettyLogs({ INKVERSE_LOG_FORMAT: 'json' }, true)).toBe(false);
    expect(prettyLogs({ INKVERSE_LOG_FORMAT: 'pretty' }, false)).toBe(true);
  });
});
