/**
 * @module rateLimit: token buckets keyed by sender (an OSC address, a client id, an IP address).
 * Each key refills at `perSecond` up to `burst`; the table of keys is bounded, so senders that
 * spoof many addresses cannot grow it without limit (the least recently seen key is forgotten).
 */
import type { Milliseconds } from '../protocol/paramSpec.ts';

export interface RateLimitOptions {
  /** Sustained rate per key, in events per second; `Infinity` disables the limit. */
  perSecond: number;
  /** Events a key may spend at once after being idle. */
  burst: number;
  /** Most keys remembered. */
  maxKeys: number;
  /** Time source (milliseconds since the epoch). */
  now: () => Milliseconds;
}

const DEFAULTS = { maxKeys: 4096 } satisfies Partial<RateLimitOptions>;

export class RateLimit {
  readonly #o: RateLimitOptions;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: Pick<RateLimitOptions, 'perSecond' | 'burst' | 'now'> & Partial<RateLimitOptions>) {
    this.#o = { ...DEFAULTS, ...options };
  }

  get options(): Readonly<RateLimitOptions> {
    return this.#o;
  }

  /** Spends `cost` events of `key`'s allowance; false (nothing spent) when it has too few left. */
  take(key: string, cost = 1): boolean {
    if (this.#o.perSecond === Infinity) return true;
    const now = this.#o.now();
    const b = this.#buckets.get(key);
    const tokens = b ? Math.min(this.#o.burst, b.tokens + ((now - b.at) / 1000) * this.#o.perSecond) : this.#o.burst;
    // Re-inserted so the map's order is least recently seen first.
    this.#buckets.delete(key);
    if (this.#buckets.size >= this.#o.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
    const ok = tokens >= cost;
    this.#buckets.set(key, { tokens: ok ? tokens - cost : tokens, at: now });
    return ok;
  }

  /** Whether `key` could spend `cost` now; spends nothing (check first, `take` once the action succeeded). */
  has(key: string, cost = 1): boolean {
    if (this.#o.perSecond === Infinity) return true;
    const b = this.#buckets.get(key);
    return !b || Math.min(this.#o.burst, b.tokens + ((this.#o.now() - b.at) / 1000) * this.#o.perSecond) >= cost;
  }

  /** Forgets one key (a socket that closed). */
  forget(key: string): void {
    this.#buckets.delete(key);
  }

  /** Forgets every key. */
  clear(): void {
    this.#buckets.clear();
  }
}
