/**
 * @module codeLookups: take-away pages (`/v/<code>` and whatever hangs under it) looked up per network address
 * at a person's pace. A phone that scanned a QR code opens a page or two; a script guessing codes gets a 429
 * with `INKVERSE_E_RATE_LIMIT` once its burst is spent, so guessing a code stays out of reach in practice.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import { RateLimit } from './rateLimit.ts';

export interface CodeLookupsOptions {
  /** Lookups per second one address may make, sustained; default 1. */
  perSecond: number;
  /** Lookups one address may make at once after a pause; default 20. */
  burst: number;
  /** Time source (milliseconds since the epoch). */
  now: () => Milliseconds;
}

const DEFAULTS = { perSecond: 1, burst: 20 } satisfies Omit<CodeLookupsOptions, 'now'>;

/** Whether a route is a take-away page (or one of its files). */
export function isCodeRoute(route: string): boolean {
  return route === '/v' || route.startsWith('/v/');
}

export class CodeLookups {
  readonly #rate: RateLimit;
  readonly #o: CodeLookupsOptions;

  constructor(options: Partial<CodeLookupsOptions> & Pick<CodeLookupsOptions, 'now'>) {
    this.#o = { ...DEFAULTS, ...options };
    this.#rate = new RateLimit({ perSecond: this.#o.perSecond, burst: this.#o.burst, now: this.#o.now });
  }

  /** True when the lookup may go ahead; otherwise the request has been answered 429. */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.#rate.take(req.socket.remoteAddress ?? 'unknown')) return true;
    const error = { code: 'INKVERSE_E_RATE_LIMIT', message: `Too many take-away pages were asked for from this address; at most ${this.#o.perSecond} a second. Wait a little and try again.` };
    res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'retry-after': String(Math.ceil(1 / this.#o.perSecond)) });
    res.end(JSON.stringify({ error }));
    return false;
  }
}
