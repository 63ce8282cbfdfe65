/**
 * @module log: the root pino logger and namespaced child loggers, one per module. Output is readable lines
 * (pino-pretty) while someone watches a terminal, and JSON lines otherwise (journald, files, pipes), so a
 * service's log stays machine-readable. `INKVERSE_LOG_FORMAT=pretty|json` overrides the choice.
 */
import { createRequire } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Set by the main thread when its stdout is a terminal, so worker threads (whose stdout is a pipe) match it. */
const TTY_ENV = 'INKVERSE_LOG_TTY';

/** Whether logs are pretty: the override, else whether the process's stdout is a terminal. */
export function prettyLogs(env: NodeJS.ProcessEnv = process.env, tty = isMainThread ? process.stdout.isTTY === true : env[TTY_ENV] === '1'): boolean {
  if (env.INKVERSE_LOG_FORMAT === 'pretty') return true;
  if (env.INKVERSE_LOG_FORMAT === 'json') return false;
  return tty;
}

/** pino-pretty as a synchronous stream, or null when it is not installed (JSON then: logs are never lost). */
function prettyStream(fd: 1 | 2): DestinationStream | null {
  try {
    // Loaded only when wanted: the browser bundles that share engine modules never see it.
    const pretty = createRequire(import.meta.url)('pino-pretty') as (o: Record<string, unknown>) => DestinationStream;
    return pretty({ destination: fd, colorize: process.stdout.isTTY === true, sync: true, translateTime: 'HH:MM:ss', ignore: 'name' });
  } catch {
    return null;
  }
}

function createRoot(): Logger {
  const options = { name: 'inkverse', level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'), base: undefined };
  if (isMainThread && process.stdout.isTTY) process.env[TTY_ENV] = '1';
  // `INKVERSE_LOG_TO=stderr`: a tool whose stdout is its result (`npm run bench` prints JSON) sends logs aside.
  const fd = process.env.INKVERSE_LOG_TO === 'stderr' ? 2 : 1;
  const stream = prettyLogs() ? prettyStream(fd) : null;
  if (stream) return pino(options, stream);
  return fd === 2 ? pino(options, pino.destination(2)) : pino(options);
}

const root = createRoot();

/** A child logger for one module, e.g. `logger('engine:loop')`. */
export function logger(module: string): Logger {
  return root.child({ module });
}

/** Changes the level of every logger (config `log.level`). */
export function setLogLevel(level: pino.LevelWithSilent): void {
  root.level = level;
}
