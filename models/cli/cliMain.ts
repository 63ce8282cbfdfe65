/**
 * @module models/cli/cliMain: runs a model tool's main function and turns any failure into one plain
 * sentence on stderr and a non-zero exit code. Installers read these; a stack trace helps nobody there.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InkverseError } from '../../protocol/errors.ts';

/** Exit code for a wrong command line (as opposed to a failed pull or evaluation). */
export const EXIT_USAGE = 2;

/** A wrong command line: printed with the usage text. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `parseArgs` with its errors turned into usage errors (they name the option already). */
export function parseCliArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
}

/** A whole-number option, or a usage error naming it. */
export function intOption(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, not "${raw}".`);
  return n;
}

function sentence(err: unknown): { text: string; code: number } {
  if (err instanceof UsageError) return { text: err.message, code: EXIT_USAGE };
  if (err instanceof InkverseError) return { text: `${err.message} [${err.code}]`, code: 1 };
  const message = err instanceof Error ? err.message : String(err);
  // Only the first line: library errors sometimes carry a multi-line dump.
  return { text: `Unexpected failure: ${message.split('\n')[0]}`, code: 1 };
}

/**
 * Runs `main`; its resolved number (default 0) is the exit code. `usage` is printed after a usage error.
 * Exits explicitly so lingering handles (ORT threads, sockets) cannot keep a finished tool alive.
 */
export function runCli(main: () => Promise<number | void>, usage: string): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (err: unknown) => {
      const { text, code } = sentence(err);
      process.stderr.write(`${text}\n`);
      if (code === EXIT_USAGE) process.stderr.write(`\n${usage}\n`);
      process.exit(code);
    },
  );
}
