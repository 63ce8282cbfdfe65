/**
 * @module transportGuard: keeps the audio running for weeks. Browsers suspend an AudioContext when a
 * tab is throttled or hidden, and an unplugged or sleeping audio device leaves it suspended, closed, or
 * "running" with a clock that no longer moves. The guard checks on a timer (and whenever the page
 * says something changed): it resumes a suspended context and rebuilds one that is closed or stuck.
 * DOM-free: it sees the context through a small interface, so it is tested with a fake one.
 */
import type { Milliseconds, Seconds } from '../../protocol/paramSpec.ts';

/** What the guard needs of an AudioContext. */
export interface GuardedContext {
  readonly state: string;
  readonly currentTime: Seconds;
  resume(): Promise<void>;
}

export interface TransportGuardOptions {
  /** The context to watch (asked each check: it changes after a rebuild). */
  context: () => GuardedContext;
  /** Replaces a dead context with a fresh one (and rebuilds what plays into it). */
  rebuild: () => void;
  /** Wall clock in ms. */
  now: () => Milliseconds;
  /** A running clock that has not moved for this long is stuck (its device is gone). */
  stallAfter: Milliseconds;
  /** Failed resumes in a row before the context is given up and rebuilt. */
  maxResumes: number;
}

const DEFAULTS = { stallAfter: 3000, maxResumes: 3 } satisfies Partial<TransportGuardOptions>;

export type GuardAction = 'ok' | 'resumed' | 'rebuilt';

export class TransportGuard {
  readonly #o: TransportGuardOptions;
  #lastTime: Seconds = -1;
  #lastMoved: Milliseconds;
  #resumes = 0;
  /** Times the context was rebuilt since the page started. */
  rebuilds = 0;

  constructor(options: Pick<TransportGuardOptions, 'context' | 'rebuild' | 'now'> & Partial<TransportGuardOptions>) {
    this.#o = { ...DEFAULTS, ...options };
    this.#lastMoved = this.#o.now();
  }

  /** One check; call it on a timer and on `visibilitychange`, `devicechange` and `statechange`. */
  check(): GuardAction {
    const ctx = this.#o.context();
    const now = this.#o.now();
    if (ctx.state === 'closed' || this.#resumes >= this.#o.maxResumes) return this.#rebuild(now);
    if (ctx.state !== 'running') {
      this.#resumes++;
      ctx.resume().then(
        () => {
          this.#resumes = 0;
        },
        () => undefined,
      );
      return 'resumed';
    }
    this.#resumes = 0;
    if (ctx.currentTime !== this.#lastTime) {
      this.#lastTime = ctx.currentTime;
      this.#lastMoved = now;
      return 'ok';
    }
    return now - this.#lastMoved >= this.#o.stallAfter ? this.#rebuild(now) : 'ok';
  }

  #rebuild(now: Milliseconds): GuardAction {
    this.#o.rebuild();
    this.rebuilds++;
    this.#resumes = 0;
    this.#lastTime = -1;
    this.#lastMoved = now;
    return 'rebuilt';
  }
}
