/**
 * @module bench/footprintServer: the server as `npm start` runs it (`node scripts/start.mjs`: the compiled server,
 * no transpiler), in a child process on free ports with a temporary data folder, and what the kernel says it holds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';
import { serverUrls } from './serverUrls.ts';

export interface RunningServer {
  child: ChildProcess;
  url: string;
  oscPort: number;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Extra environment for the server process (experiments: MALLOC_ARENA_MAX, NODE_OPTIONS, ...). */
  env: Record<string, string>;
  /** Entry: `start` runs scripts/start.mjs (compiled, as `npm start`); `tsx` runs server/main.ts through tsx. */
  entry: 'start' | 'tsx';
  /** Config `params` (reading pace: the defaults). */
  params: Record<string, number>;
}

const DEFAULTS = { env: {}, entry: 'start', params: {} } satisfies ServerOptions;

/** The environment and node arguments of package.json's `start` script (`VAR=value ... node [flags] scripts/start.mjs`). */
export function startCommand(): [Record<string, string>, string[]] {
  const script = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = script.split(/\s+/);
  const node = words.indexOf('node');
  if (node < 0) throw new Error(`package.json's start script does not run node: ${script}`);
  const env = Object.fromEntries(words.slice(0, node).map((w) => w.split('=') as [string, string]));
  return [env, words.slice(node + 1)];
}

/** Starts the server and resolves once it printed its URLs and /health says ok (the model loaded). */
export async function startServer(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const o = { ...DEFAULTS, ...options };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-footprint-'));
  const config = path.join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ server: { host: '127.0.0.1' }, osc: { host: '127.0.0.1' }, params: o.params, backup: { everyHours: 0 } }));
  // `start`: what `npm start` runs (its script in package.json, without npm in between: one process to measure).
  const [env, args] = o.entry === 'start' ? startCommand() : [{}, ['--import', 'tsx', 'server/main.ts']];
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', OSC_PORT: '0', LOG_LEVEL: 'warn', INKVERSE_DATA: path.join(dir, 'data'), INKVERSE_CONFIG: config, ...env, ...o.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  const found = await serverUrls(child);
  for (let i = 0; ; i++) {
    const h = await fetch(`${found.url}/health`).then((r) => r.json() as Promise<{ status: string }>).catch(() => null);
    if (h?.status === 'ok') break;
    if (i > 600) throw new Error('the model did not load within 5 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    child,
    ...found,
    async close() {
      process.off('exit', kill);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A field of /proc/<pid>/status in MiB (VmRSS, RssAnon, RssFile, VmHWM...). */
export function procStatusMiB(pid: number, field: string): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? NaN : Number(kb) / 1024;
}

/** CPU seconds (user + system) the process has used, from /proc/<pid>/stat. */
export function procCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
