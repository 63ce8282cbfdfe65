/**
 * @module throttledLog: the one rate-limited logger. Faults that a hostile or broken peer can repeat
 * (malformed packets, refused messages, send failures) are logged at most once per interval per kind,
 * with a count of the lines that were left out, so a flood cannot fill the disk or stall the loop.
 */
import type { Logger } from '../engine/log.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';

export type ThrottledLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ThrottledLogOptions {
  /** The pino logger to write to. */
  log: Logger;
  /** Time source (milliseconds since the epoch). */
  now: () => Milliseconds;
  /** At most one line per kind per this many milliseconds. */
  intervalMs: Milliseconds;
  /** Most distinct kinds remembered; beyond it the oldest is forgotten (kinds can carry a sender). */
  maxKinds: number;
}

const DEFAULTS = { intervalMs: 10_000, maxKinds: 256 } satisfies Partial<ThrottledLogOptions>;

export class ThrottledLog {
  readonly #o: ThrottledLogOptions;
  /** Per kind: when it was last written and how many lines were left out since. */
  readonly #kinds = new Map<string, { at: number; suppressed: number }>();

  constructor(options: Pick<ThrottledLogOptions, 'log' | 'now'> & Partial<ThrottledLogOptions>) {
    this.#o = { ...DEFAULTS, ...options };
  }

  /** Writes `msg` unless a line of this kind was written less than `intervalMs` ago; returns whether it wrote. */
  write(level: ThrottledLevel, kind: string, fields: Record<string, unknown>, msg: string): boolean {
    const now = this.#o.now();
    const entry = this.#kinds.get(kind);
    if (entry && now - entry.at < this.#o.intervalMs) {
      entry.suppressed++;
      return false;
    }
    this.#o.log[level]({ ...fields, suppressed: entry?.suppressed ?? 0 }, msg);
    this.#kinds.delete(kind);
    if (this.#kinds.size >= this.#o.maxKinds) this.#kinds.delete(this.#kinds.keys().next().value!);
    this.#kinds.set(kind, { at: now, suppressed: 0 });
    return true;
  }
}
