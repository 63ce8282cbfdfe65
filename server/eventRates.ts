/**
 * @module eventRates: the one table of how much each client event costs, and the allowance every socket and
 * every network address spends it from (token buckets, `rateLimit.ts`). Every event a page sends is checked
 * here first, before its payload is read, so a flood within the other rules (a kiosk asking `prompt:status`
 * thousands of times a second) is refused for the price of a bucket lookup and a ready-made ack.
 *
 * Costs follow the work an event makes: a `state` (a whole verse so far) or a prompt cost more than a fader
 * move. A console holding the token pays a tenth, so a performer's faders and MIDI never hit the limit.
 */
import { InkverseError, type ErrorPayload } from '../protocol/errors.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import { RateLimit } from './rateLimit.ts';

/** What one event costs from an allowance; events not listed cost `DEFAULT_COST`. */
export const EVENT_COSTS: Readonly<Record<string, number>> = {
  'prompt:submit': 4,
  'prompt:status': 1,
  'state:resume': 4,
  'kiosk:hello': 1,
  'pinyin:candidates': 0.5,
  'sparks:get': 2,
  'verse:revise': 4,
  'verse:continue': 4,
  'line:alternatives': 4,
  // Loads a model: the console's only costly action (a second switch while one loads is refused anyway).
  'model:switch': 10,
};
export const DEFAULT_COST = 1;

export interface Allowance {
  /** Units per second, sustained. */
  perSecond: number;
  /** Units that may be spent at once after a pause. */
  burst: number;
}

export interface EventRatesOptions {
  /** One socket's allowance; default 20 units/s, bursts of 60. */
  perSocket: Allowance;
  /** One network address's, over all its sockets (a kiosk machine, a wall of displays); default 100 units/s, bursts of 300. */
  perAddress: Allowance;
  /** Time source (milliseconds since the epoch). */
  now: () => Milliseconds;
}

const DEFAULTS = {
  perSocket: { perSecond: 20, burst: 60 },
  perAddress: { perSecond: 100, burst: 300 },
} satisfies Omit<EventRatesOptions, 'now'>;

/** The ack of a refused event: made once, sent as it is. */
export const RATE_LIMITED: { ok: false; error: ErrorPayload } = {
  ok: false,
  error: new InkverseError('INKVERSE_E_RATE_LIMIT', 'Too many requests from this page just now; they are refused until it slows down.').toJSON(),
};

export class EventRates {
  readonly #sockets: RateLimit;
  readonly #addresses: RateLimit;

  constructor(options: Partial<EventRatesOptions> & Pick<EventRatesOptions, 'now'>) {
    const o = { ...DEFAULTS, ...options };
    this.#sockets = new RateLimit({ ...o.perSocket, now: o.now });
    this.#addresses = new RateLimit({ ...o.perAddress, now: o.now });
  }

  /** Spends the event's cost from the socket's and the address's allowances; false (nothing spent) when either is short. */
  admit(socketId: string, address: string, event: string, authorized: boolean): boolean {
    const cost = (Object.hasOwn(EVENT_COSTS, event) ? EVENT_COSTS[event]! : DEFAULT_COST) * (authorized ? 0.1 : 1);
    if (!this.#addresses.has(address, cost) || !this.#sockets.take(socketId, cost)) return false;
    this.#addresses.take(address, cost);
    return true;
  }

  /** A socket closed: its allowance is forgotten (its address's stays). */
  forget(socketId: string): void {
    this.#sockets.forget(socketId);
  }
}
