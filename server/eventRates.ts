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
  /**
   * Refusals one network address may draw before its socket is cut off (an abusive rate: a page keeps sending long
   * after it was refused); default 10/s, bursts of 200. A page that overshoots for a moment is refused, never cut
   * off. While the address has less than a quarter of it left, a socket it opens is cut off at once.
   */
  refusals: Allowance;
  /** Time source (milliseconds since the epoch). */
  now: () => Milliseconds;
}

/** The allowances an `EventRates` has unless told otherwise. */
export const EVENT_RATE_DEFAULTS = {
  perSocket: { perSecond: 20, burst: 60 },
  perAddress: { perSecond: 100, burst: 300 },
  refusals: { perSecond: 10, burst: 200 },
} satisfies Omit<EventRatesOptions, 'now'>;

/** `admit`'s answer: go on, refuse with RATE_LIMITED, or refuse and close the socket (it keeps flooding). */
export type Admission = 'ok' | 'refused' | 'abusive';

/** The ack of a refused event: made once, sent as it is. */
export const RATE_LIMITED: { ok: false; error: ErrorPayload } = {
  ok: false,
  error: new InkverseError('INKVERSE_E_RATE_LIMIT', 'Too many requests from this page just now; they are refused until it slows down.').toJSON(),
};

/** Said to a socket before it is cut off for an abusive rate. */
export const CUT_OFF: ErrorPayload = new InkverseError(
  'INKVERSE_E_RATE_LIMIT',
  'This page kept sending requests long after it was refused, so it was disconnected; reload it to connect again.',
).toJSON();

export class EventRates {
  readonly #sockets: RateLimit;
  readonly #addresses: RateLimit;
  readonly #refusals: RateLimit;

  constructor(options: Partial<EventRatesOptions> & Pick<EventRatesOptions, 'now'>) {
    const o = { ...EVENT_RATE_DEFAULTS, ...options };
    this.#sockets = new RateLimit({ ...o.perSocket, now: o.now });
    this.#addresses = new RateLimit({ ...o.perAddress, now: o.now });
    this.#refusals = new RateLimit({ ...o.refusals, now: o.now });
  }

  /**
   * Spends the event's cost from the socket's and the address's allowances (nothing is spent when either is
   * short: 'refused'). A refusal spends from the address's refusal allowance; once that is gone the socket is
   * 'abusive': every refused packet still costs decoding and an ack, so a flood is stopped at its source.
   */
  admit(socketId: string, address: string, event: string, authorized: boolean): Admission {
    const cost = (Object.hasOwn(EVENT_COSTS, event) ? EVENT_COSTS[event]! : DEFAULT_COST) * (authorized ? 0.1 : 1);
    if (!this.#addresses.has(address, cost) || !this.#sockets.take(socketId, cost)) return this.#refusals.take(address) ? 'refused' : 'abusive';
    this.#addresses.take(address, cost);
    return 'ok';
  }

  /** Whether a socket from `address` is cut off as it connects: the address flooded, and has not yet calmed down. */
  barred(address: string): boolean {
    return !this.#refusals.has(address, this.#refusals.options.burst / 4);
  }

  /** A socket closed: its allowance is forgotten (its address's stay). */
  forget(socketId: string): void {
    this.#sockets.forget(socketId);
  }
}
