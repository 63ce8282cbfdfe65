/**
 * @module slot: one candidate of the supervisor's chain and its life: idle, loading (under a load
 * watchdog), ready, or waiting out a backoff after a fault before it is tried again.
 */
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import type { Clock } from '../clock.ts';
import type { Generator } from '../generator.ts';
import { logger } from '../log.ts';
import type { VerseProfile } from '../verseProfile.ts';
import { within } from './watchdog.ts';

const log = logger('engine:supervisor');

/** One way of writing, made afresh for every (re)start. */
export interface Candidate {
  /** Shown in `/health` and the log, e.g. `tang-poet-zh on cpu`, `replays of archived verses`. */
  label: string;
  /** The profile its verses follow; null when the generator's own setup names it (replays). */
  profile: VerseProfile | null;
  /** The device it asks for (the generator reports the one it got). */
  device?: string;
  create(): Generator;
}

export type SlotState = 'idle' | 'loading' | 'ready' | 'waiting';

export interface SlotOptions {
  clock: Clock;
  loadTimeoutMs: Milliseconds;
  retryMinMs: Milliseconds;
  retryMaxMs: Milliseconds;
  /** Called whenever the state changes, so the supervisor can walk its chain again. */
  changed(): void;
}

/** The useful first line of an error, not its stack. */
export function shortError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // Without its closing stop, so it reads well inside the status sentence.
  return text.split('\n')[0]!.slice(0, 300).replace(/\.$/, '');
}

export class Slot {
  readonly candidate: Candidate;
  readonly index: number;
  state: SlotState = 'idle';
  generator: Generator | null = null;
  /** Failures in a row (loads and faults); reset once a verse is written. */
  failures = 0;
  /** Verses in a row that ended in an error while the generator stayed up. */
  errors = 0;
  /** Why it last failed. */
  reason: string | null = null;
  readonly #o: SlotOptions;
  #retry: AbortController | null = null;
  #disposed = false;

  constructor(candidate: Candidate, index: number, options: SlotOptions) {
    this.candidate = candidate;
    this.index = index;
    this.#o = options;
  }

  /** Delay before the next try after `failures` failures in a row: doubling from the minimum, capped. */
  backoffMs(): Milliseconds {
    return Math.min(this.#o.retryMaxMs, this.#o.retryMinMs * 2 ** Math.max(0, this.failures - 1));
  }

  /** Loading (or loaded) and never failed: the chain waits for it before trying anything below it. */
  onFirstTry(): boolean {
    return (this.state === 'loading' || this.state === 'ready') && this.failures === 0;
  }

  /** Makes a fresh generator and loads it; a load that fails, exits or outlasts the load watchdog is a fault. */
  attempt(): void {
    if (this.state !== 'idle' || this.#disposed) return;
    this.state = 'loading';
    let gen: Generator;
    try {
      gen = this.candidate.create();
    } catch (err) {
      return this.fault(`${this.candidate.label} could not be set up: ${shortError(err)}`);
    }
    this.generator = gen;
    log.info({ candidate: this.candidate.label, failures: this.failures }, 'loading');
    within(gen.load(), this.#o.clock, this.#o.loadTimeoutMs).then(
      (step) => {
        // Disposed while loading: close it (again; idempotent) now that it is up, so no worker outlives the supervisor.
        if (this.#disposed) return void gen.close().catch(() => {});
        if (this.generator !== gen) return;
        if (step.kind !== 'value') return this.fault(`${this.candidate.label} did not load within ${this.#o.loadTimeoutMs / 1000} s`, gen);
        this.state = 'ready';
        log.info({ candidate: this.candidate.label, device: gen.info.device }, 'ready');
        this.#o.changed();
      },
      (err: unknown) => this.fault(`${this.candidate.label} could not load: ${shortError(err)}`, gen),
    );
  }

  /**
   * The candidate failed: its generator is closed and it waits out a backoff before the next try.
   * With `gen`, only a fault of that very generator counts (a stale report about a replaced one is ignored).
   */
  fault(reason: string, gen?: Generator): void {
    if (this.#disposed || (gen && gen !== this.generator)) return;
    const old = this.generator;
    this.generator = null;
    if (old) void old.close().catch((err: unknown) => log.warn({ err, candidate: this.candidate.label }, 'closing a failed generator failed'));
    this.failures++;
    this.errors = 0;
    this.reason = reason;
    this.state = 'waiting';
    const delay = this.backoffMs();
    log.warn({ candidate: this.candidate.label, reason, failures: this.failures, retry_ms: delay }, 'generator fault; retrying with backoff');
    const retry = new AbortController();
    this.#retry = retry;
    this.#o.clock.sleep(delay, retry.signal).then(
      () => {
        if (this.#retry !== retry || this.#disposed) return;
        this.#retry = null;
        this.state = 'idle';
        this.#o.changed();
      },
      () => {},
    );
    this.#o.changed();
  }

  /** A verse ended without error; one with tokens proves the candidate healthy again. */
  wrote(tokens: number): void {
    this.errors = 0;
    if (tokens > 0) {
      this.failures = 0;
      this.reason = null;
    }
  }

  /** Frees a ready generator that is not needed now (a better candidate writes); it is loaded again on demand. */
  release(): void {
    if (this.state !== 'ready') return;
    const old = this.generator;
    this.generator = null;
    this.state = 'idle';
    void old?.close().catch((err: unknown) => log.warn({ err, candidate: this.candidate.label }, 'closing a spare generator failed'));
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#retry?.abort();
    this.#retry = null;
    const old = this.generator;
    this.generator = null;
    this.state = 'idle';
    await old?.close().catch((err: unknown) => log.warn({ err, candidate: this.candidate.label }, 'closing a generator failed'));
  }
}
