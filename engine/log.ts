/** @module log: the root pino logger and namespaced child loggers, one per module. */
import pino, { type Logger } from 'pino';

export type { Logger };

const root = pino({
  name: 'inkverse',
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  base: undefined,
});

/** A child logger for one module, e.g. `logger('engine:loop')`. */
export function logger(module: string): Logger {
  return root.child({ module });
}

/** Changes the level of every logger (config `log.level`). */
export function setLogLevel(level: pino.LevelWithSilent): void {
  root.level = level;
}
