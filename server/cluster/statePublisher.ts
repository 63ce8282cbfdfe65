/**
 * @module statePublisher: the writer's side of the shared state. Every change (a token, a parameter, the
 * queue) marks the snapshot dirty; one write at a time puts the newest whole snapshot in Redis and announces
 * it to the other servers, so a burst of tokens costs a few writes, not one each. `flushed()` resolves once a
 * snapshot taken after the call is in Redis: a prompt is acknowledged only when a standby would find it.
 */
import { logger } from '../../engine/log.ts';
import type { RedisClient } from './redisLink.ts';
import type { SharedSnapshot } from './sharedSnapshot.ts';

const log = logger('server:cluster');

export interface StatePublisherOptions {
  client: RedisClient;
  key: string;
  /** Takes the snapshot now. */
  read(): SharedSnapshot;
  /** Tells the other servers (the socket.io adapter's server-side emit). */
  announce(json: string): void;
}

export class StatePublisher {
  readonly #o: StatePublisherOptions;
  /** Changes seen, and the change count the last finished write covered. */
  #seen = 0;
  #written = 0;
  #writing = false;
  #waiters: Array<{ upTo: number; resolve: () => void }> = [];
  #closed = false;

  constructor(options: StatePublisherOptions) {
    this.#o = options;
  }

  /** Something changed: the snapshot is written again soon. */
  changed(): void {
    if (this.#closed) return;
    this.#seen++;
    if (!this.#writing) void this.#drain();
  }

  /** Resolves once the state as it is now is in Redis, or at once when Redis is away (the local store still has it). */
  flushed(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.changed();
    const upTo = this.#seen;
    return new Promise((resolve) => this.#waiters.push({ upTo, resolve }));
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    while (this.#written < this.#seen && !this.#closed) {
      const upTo = this.#seen;
      const json = JSON.stringify(this.#o.read());
      try {
        await this.#o.client.set(this.#o.key, json);
        this.#o.announce(json);
      } catch (err) {
        log.debug({ err }, 'shared state not written (Redis away); kept locally');
      }
      this.#written = upTo;
      this.#settle();
    }
    this.#writing = false;
  }

  #settle(): void {
    const done = this.#waiters.filter((w) => w.upTo <= this.#written || this.#closed);
    this.#waiters = this.#waiters.filter((w) => !done.includes(w));
    for (const w of done) w.resolve();
  }

  close(): void {
    this.#closed = true;
    this.#settle();
  }
}
