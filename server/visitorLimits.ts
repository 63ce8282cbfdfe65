/**
 * @module visitorLimits: who a visitor is, and how much of the queue they may hold, across reconnects.
 *
 * A visitor is a kiosk page: it sends a random `clientId` in the socket.io `auth` and keeps it for the life
 * of the page (a reload or a new tab is a new visitor), so the per-client cap (`engine.queue.perClient`)
 * holds however often the page reconnects. A client that sends no id, or a new one on every connection,
 * is still held by its network address: at most `perAddress` prompts waiting, and `perAddressPerMinute`
 * submitted, per address. One kiosk machine serving visitors one after another (several pages, one
 * address) stays well inside both with the default config.
 */
import type { PromptQueue } from '../engine/promptQueue.ts';
import { InkverseError } from '../protocol/errors.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import { RateLimit } from './rateLimit.ts';

/** A page's client id: 8 to 64 letters, digits, `-` or `_` (a UUID fits). */
const CLIENT_ID = /^[\w-]{8,64}$/;

export interface VisitorLimitsOptions {
  /** The waiting prompts: the local queue, or with Redis on a server that does not write, the writer's. */
  queue: Pick<PromptQueue, 'list'>;
  /** Most prompts waiting from one network address. */
  perAddress: number;
  /** Prompts one address may submit per minute, sustained (bursts up to `perAddress`). */
  perAddressPerMinute: number;
  /** Time source of the rate. */
  now: () => Milliseconds;
}

/** Who submitted: the queue owner string and the address it counts against. */
export interface VisitorIdentity {
  /** The queue's owner key: `visitor:<address>|<client id>`. */
  owner: string;
  address: string;
}

export class VisitorLimits {
  readonly #o: VisitorLimitsOptions;
  readonly #rate: RateLimit;

  constructor(options: VisitorLimitsOptions) {
    this.#o = options;
    this.#rate = new RateLimit({ perSecond: options.perAddressPerMinute / 60, burst: options.perAddress, now: options.now });
  }

  /** The visitor behind a connection: its page's client id when it sent a valid one, else the connection's id. */
  static identify(address: string, auth: unknown, socketId: string): VisitorIdentity {
    const given = (auth as { clientId?: unknown } | null | undefined)?.clientId;
    const id = typeof given === 'string' && CLIENT_ID.test(given) ? given : `socket-${socketId}`;
    return { owner: `visitor:${address}|${id}`, address };
  }

  /**
   * Throws `INKVERSE_E_CLIENT_LIMIT` when the address holds its share of the queue, `INKVERSE_E_RATE_LIMIT` when it
   * submits too fast. Spends nothing: only a prompt the queue accepts counts (`accepted`), so visitors whose words
   * were refused (empty, not placed, moderated) do not use up the next visitor's turn at the same kiosk.
   */
  admit(v: VisitorIdentity): void {
    const prefix = `visitor:${v.address}|`;
    const waiting = this.#o.queue.list().filter((p) => p.owner.startsWith(prefix)).length;
    if (waiting >= this.#o.perAddress) {
      throw new InkverseError('INKVERSE_E_CLIENT_LIMIT', `This device already has ${waiting} prompts waiting (at most ${this.#o.perAddress}); wait for one to be written.`);
    }
    if (!this.#rate.has(v.address)) {
      throw new InkverseError('INKVERSE_E_RATE_LIMIT', 'Many prompts came from this device just now; wait a minute and try again.');
    }
  }

  /** A prompt from this visitor was accepted: it counts against the address's rate. */
  accepted(v: VisitorIdentity): void {
    this.#rate.take(v.address);
  }
}
