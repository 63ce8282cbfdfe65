/**
 * @module storageHealth: whether the data folder can be written, as a state the installation runs in rather
 * than a crash. Every write to the archive and the queue store goes through `write`: a full disk
 * (`SQLITE_FULL`, `ENOSPC`), an I/O error or a read-only folder marks the storage degraded and comes back as a
 * coded `InkverseError`, so the verse loop keeps writing to the displays and new prompts are refused kindly.
 * `check` (every few seconds) watches the free space and, while degraded, tries a small write: when space
 * returns the storage is healthy again, with no restart.
 */
import { statfsSync } from 'node:fs';
import { InkverseError, type ErrorCode } from '../protocol/errors.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import { Emitter } from './emitter.ts';
import { logger } from './log.ts';

const log = logger('engine:storage');

export type StorageProblem = 'full' | 'io' | 'readonly' | 'corrupt';

export interface StorageStatus {
  ok: boolean;
  problem?: StorageProblem;
  /** A plain sentence for `/health`, e.g. `disk full: 12 kB free in /var/lib/inkverse`. */
  reason?: string;
  /** Free bytes on the data folder's disk at the last check. */
  freeBytes: number;
}

export interface StorageHealthOptions {
  /** The data folder. */
  dir: string;
  /** Below this many free bytes the storage counts as full before a write fails; default 32 MiB. */
  minFreeBytes: number;
  /** Time source, milliseconds since the epoch (required: the installation's `Clock`). */
  now: () => Milliseconds;
  /** Free bytes on the disk holding `dir`; default `statfs`. */
  freeBytes: (dir: string) => number;
}

const DEFAULTS = {
  minFreeBytes: 32 * 1024 * 1024,
  freeBytes: (dir: string) => {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  },
} satisfies Omit<StorageHealthOptions, 'dir' | 'now'>;

const SQLITE_PROBLEMS: Array<[RegExp, StorageProblem]> = [
  [/^SQLITE_FULL/, 'full'],
  [/^SQLITE_(NOTADB|CORRUPT)/, 'corrupt'],
  [/^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/, 'readonly'],
  [/^SQLITE_IOERR/, 'io'],
];
const ERRNO_PROBLEMS: Record<string, StorageProblem> = { ENOSPC: 'full', EDQUOT: 'full', EROFS: 'readonly', EACCES: 'readonly', EPERM: 'readonly', EIO: 'io' };

/** What kind of storage fault an error is (SQLite's codes, or a file system errno), or null for any other error. */
export function storageProblem(err: unknown): StorageProblem | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  for (const [pattern, problem] of SQLITE_PROBLEMS) if (pattern.test(code)) return problem;
  return ERRNO_PROBLEMS[code] ?? null;
}

/** The code a refusal carries for each kind of fault. */
export function storageErrorCode(problem: StorageProblem): ErrorCode {
  return problem === 'full' ? 'INKVERSE_E_DISK_FULL' : problem === 'corrupt' ? 'INKVERSE_E_DATA_CORRUPT' : 'INKVERSE_E_STORAGE';
}

/** Whether an error is a coded storage refusal (from `write`). */
export function isStorageRefusal(err: unknown): err is InkverseError {
  return err instanceof InkverseError && (err.code === 'INKVERSE_E_DISK_FULL' || err.code === 'INKVERSE_E_STORAGE' || err.code === 'INKVERSE_E_DATA_CORRUPT');
}

/** `12 kB`, `3.4 MB`: free space as a person reads it. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) (v /= 1000), u++;
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

export class StorageHealth {
  readonly events = new Emitter<{ change: (s: StorageStatus) => void }>();
  readonly #o: StorageHealthOptions;
  #problem: StorageProblem | null = null;
  #free = Infinity;

  constructor(options: Partial<StorageHealthOptions> & Pick<StorageHealthOptions, 'dir' | 'now'>) {
    this.#o = { ...DEFAULTS, ...options };
    this.#free = this.#measure();
  }

  get status(): StorageStatus {
    const freeBytes = Number.isFinite(this.#free) ? this.#free : -1;
    if (!this.#problem) return { ok: true, freeBytes };
    const what = { full: 'disk full', io: 'disk I/O error', readonly: 'data folder not writable', corrupt: 'database damaged' }[this.#problem];
    return { ok: false, problem: this.#problem, reason: `${what}: ${formatBytes(Math.max(0, freeBytes))} free in ${this.#o.dir}; new prompts are refused, verses are still shown`, freeBytes };
  }

  /** Refuses (coded) while the storage is degraded: for actions that would be lost (a new prompt). */
  assertWritable(): void {
    if (this.#problem) throw this.#refusal(this.#problem);
  }

  /** Runs a write; a storage fault marks the storage degraded and is thrown as a coded `InkverseError` instead. */
  write<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      const problem = storageProblem(err);
      if (!problem) throw err;
      this.#free = this.#measure();
      this.#set(problem, { err, what });
      throw this.#refusal(problem, err);
    }
  }

  /**
   * Measures the free space; while degraded (or below the minimum), tries `probe` (a small real write): when it
   * succeeds with enough space the storage is healthy again. Called every few seconds by the installation.
   */
  check(probe: () => void): void {
    this.#free = this.#measure();
    if (this.#free < this.#o.minFreeBytes) return this.#set('full', { what: 'free space check' });
    if (!this.#problem) return;
    try {
      probe();
    } catch (err) {
      // A probe through `write` has reported itself already and comes back coded; a raw one is classified here.
      if (isStorageRefusal(err)) return;
      const problem = storageProblem(err);
      if (!problem) throw err;
      return this.#set(problem, { err, what: 'probe' });
    }
    this.#set(null, { what: 'probe' });
  }

  #measure(): number {
    try {
      return this.#o.freeBytes(this.#o.dir);
    } catch {
      return Infinity; // a folder that cannot be measured is judged by its writes alone
    }
  }

  #refusal(problem: StorageProblem, cause?: unknown): InkverseError {
    const message =
      problem === 'full'
        ? 'The installation’s disk is full, so it cannot keep new prompts just now; the verses go on. Please try again later.'
        : 'The installation cannot save anything just now (its data folder cannot be written); the verses go on. Please try again later.';
    return new InkverseError(storageErrorCode(problem), message, { cause });
  }

  #set(problem: StorageProblem | null, detail: { err?: unknown; what: string }): void {
    if (problem === this.#problem) return;
    this.#problem = problem;
    const s = this.status;
    // Once per change of state, never per failed write: a full disk is not a reason to fill the log too.
    if (problem) log.warn({ ...detail, dir: this.#o.dir, freeBytes: s.freeBytes }, `storage degraded: ${s.reason}`);
    else log.info({ dir: this.#o.dir, freeBytes: s.freeBytes }, 'storage writable again; archiving resumes');
    this.events.emit('change', s);
  }
}
