/**
 * @module idleTimer: the kiosk's two quiet-time timers. After `sparkDelayMs` without a touch a hesitating visitor
 * is offered idea sparks; after `idleMs` the page returns to its start (config `kiosk.idleSeconds`, or
 * `/kiosk?idle=SECONDS`). Knows nothing of the page: it calls back.
 */

export interface IdleTimerOptions {
  /** Milliseconds without a touch before `idle` (read at each touch: the installation's setting arrives late). */
  idleMs: () => number;
  /** Milliseconds without a touch before `hesitating`. */
  sparkDelayMs: () => number;
  /** Whether sparks may be offered now (the visitor is not waiting for a verse). */
  mayOffer: () => boolean;
  hesitating: () => void;
  idle: () => void;
}

export class IdleTimer {
  readonly #o: IdleTimerOptions;
  #idle: ReturnType<typeof setTimeout> | undefined;
  #spark: ReturnType<typeof setTimeout> | undefined;

  constructor(options: IdleTimerOptions) {
    this.#o = options;
  }

  /** The visitor did something: both timers start again. */
  touched(): void {
    this.dispose();
    this.#idle = setTimeout(this.#o.idle, this.#o.idleMs());
    if (this.#o.mayOffer()) this.#spark = setTimeout(this.#o.hesitating, this.#o.sparkDelayMs());
  }

  dispose(): void {
    clearTimeout(this.#idle);
    clearTimeout(this.#spark);
  }
}
