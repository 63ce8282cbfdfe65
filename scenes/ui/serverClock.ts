/**
 * @module serverClock: maps the server's times (`VerseToken.at`, `StatePayload.serverTime`, ms since
 * the epoch on the server's clock) onto this page's clock, so pages present a token when the server
 * emitted it plus a fixed playout delay, not when its message happened to arrive. Browser-safe, DOM-free.
 *
 * Every message gives one sample of (server time − local arrival time) = clock offset − transit time.
 * The largest recent sample is the best estimate of the offset (the message that travelled fastest).
 */

export interface ServerClockOptions {
  /** The local clock in ms since the epoch (default `performance.timeOrigin + performance.now()`). */
  now: () => number;
  /** Samples remembered; older ones are forgotten so the estimate follows drift and server restarts. */
  window: number;
}

const DEFAULTS = {
  now: () => performance.timeOrigin + performance.now(),
  window: 64,
} satisfies ServerClockOptions;

/**
 * Milliseconds after the server emitted a token that display and sound both present it: long enough
 * to absorb the network's usual jitter, short enough to feel live. Both use this one figure, so the
 * note and its character appear within the same display frame.
 */
export const PLAYOUT_DELAY_MS = 120;

export class ServerClock {
  readonly #o: ServerClockOptions;
  readonly #samples: number[] = [];
  #next = 0;
  #offset: number | null = null;

  constructor(options: Partial<ServerClockOptions> = {}) {
    this.#o = { ...DEFAULTS, ...options };
  }

  /** The local clock now (ms since the epoch). */
  now(): number {
    return this.#o.now();
  }

  /** Server clock minus local clock, in ms (0 until a first sample). */
  get offset(): number {
    return this.#offset ?? 0;
  }

  /** Notes a server time just received (call it on arrival). */
  observe(serverMs: number, localMs = this.#o.now()): void {
    if (!Number.isFinite(serverMs)) return;
    const sample = serverMs - localMs;
    if (this.#samples.length < this.#o.window) this.#samples.push(sample);
    else this.#samples[this.#next] = sample;
    this.#next = (this.#next + 1) % this.#o.window;
    this.#offset = Math.max(...this.#samples);
  }

  /** The local time (ms since the epoch) at which the server's clock read `serverMs`. */
  toLocal(serverMs: number): number {
    return serverMs - this.offset;
  }

  /** When a token emitted at `serverMs` should be presented here (local ms since the epoch). */
  presentAt(serverMs: number): number {
    return this.toLocal(serverMs) + PLAYOUT_DELAY_MS;
  }
}
