/**
 * @module tokenBackoff: wrong console tokens back off per network address. The first `free` wrong tokens from
 * an address cost nothing; after that the address must wait, twice as long after each further wrong token (up to
 * `maxMs`), before a token from it is checked at all. A right token clears its count. Guessing a token of 8+
 * characters this way takes longer than any exhibition runs.
 */
import type { Milliseconds } from '../protocol/paramSpec.ts';

export interface TokenBackoffOptions {
  /** Wrong tokens an address may send before it must wait; default 5. */
  free: number;
  /** The first wait, in milliseconds; doubles per further wrong token; default 1000. */
  baseMs: Milliseconds;
  /** The longest wait, in milliseconds; default 5 minutes. */
  maxMs: Milliseconds;
  /** Most addresses remembered (the least recently failed is forgotten); default 4096. */
  maxAddresses: number;
  /** Time source (milliseconds since the epoch). */
  now: () => Milliseconds;
}

const DEFAULTS = { free: 5, baseMs: 1000, maxMs: 5 * 60_000, maxAddresses: 4096 } satisfies Omit<TokenBackoffOptions, 'now'>;

export class TokenBackoff {
  readonly #o: TokenBackoffOptions;
  readonly #failures = new Map<string, { count: number; until: Milliseconds }>();

  constructor(options: Partial<TokenBackoffOptions> & Pick<TokenBackoffOptions, 'now'>) {
    this.#o = { ...DEFAULTS, ...options };
  }

  /** Milliseconds this address must still wait before a token from it is checked; 0 when it may try now. */
  waitMs(address: string): Milliseconds {
    const f = this.#failures.get(address);
    return f ? Math.max(0, f.until - this.#o.now()) : 0;
  }

  /** A wrong token came from this address. */
  failed(address: string): void {
    const count = (this.#failures.get(address)?.count ?? 0) + 1;
    const over = count - this.#o.free;
    const until = over > 0 ? this.#o.now() + Math.min(this.#o.maxMs, this.#o.baseMs * 2 ** (over - 1)) : 0;
    this.#failures.delete(address);
    if (this.#failures.size >= this.#o.maxAddresses) this.#failures.delete(this.#failures.keys().next().value!);
    this.#failures.set(address, { count, until });
  }

  /** The right token came from this address: its wrong ones are forgotten. */
  succeeded(address: string): void {
    this.#failures.delete(address);
  }
}
