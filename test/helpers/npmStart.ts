/**
 * @module npmStart (test helper): the README's `npm start` as a real child process in its own process group, its
 * output collected, the URL it serves read from it, and every one started killed whole at the end of the file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';

export interface StartedServer {
  child: ChildProcess;
  /** Everything it has written to stdout and stderr so far. */
  output: () => string;
  /** Its exit code once it has exited. */
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];
afterAll(() => started.forEach(killGroup));

/** Kills a started server and whatever it started (npm, node, the worker), SIGKILL: as a power cut would. */
export function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** `npm start --silent` with `env` over the test's environment (quiet logs, not seen as a test run). */
export function npmStart(env: NodeJS.ProcessEnv): StartedServer {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, VITEST: '', LOG_LEVEL: 'warn', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** The base URL the server prints for /display; rejects with its output when it exits before printing one. */
export function servingUrl(server: StartedServer): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const look = (): void => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/display/.exec(server.output());
      if (m) resolve(m[1]!);
    };
    server.child.stdout!.on('data', look);
    server.child.stderr!.on('data', look);
    look();
    void server.exited.then((code) => reject(new Error(`npm start exited (${code}) before serving: ${server.output().slice(-2000)}`)));
  });
}
