/**
 * @module statePublisher: the writer's side of the shared state. The verse goes to Redis as it is written:
 * each token and each finished line is appended to the verse log and announced alone, and the whole snapshot
 * is written (and announced) at verse start, at each line's end and at verse end, so a verse costs Redis bytes
 * in proportion to its length. Any other change (a parameter, the scene, the queue) marks the snapshot dirty;
 * one write at a time puts the newest snapshot in Redis, so a burst of changes costs a few writes, not one
 * each. Commands go out in the order of the events on one connection, so Redis always holds a snapshot and a
 * log that belong together. After a failed write (Redis away) the next snapshot rewrites the log whole.
 * `flushed()` resolves once a snapshot taken after the call is in Redis: a prompt is acknowledged only when a
 * standby would find it.
 */
import { logger } from '../../engine/log.ts';
import type { VerseStart } from '../../protocol/events.ts';
import type { VerseFeed } from '../verseFeed.ts';
import type { RedisClient } from './redisLink.ts';
import type { SharedSnapshot, VerseEntry } from './sharedSnapshot.ts';

const log = logger('server:cluster');

export interface StatePublisherOptions {
  client: RedisClient;
  /** The snapshot's key and the verse log's key. */
  keys: { state: string; verse: string };
  /** The verse being written: the publisher follows it from its events. */
  feed: Pick<VerseFeed, 'events'>;
  /** Takes the snapshot now, all but the verse. */
  read(): Omit<SharedSnapshot, 'verseStart'>;
  /** Tells the other servers (the socket.io adapter's server-side emit): a whole snapshot, or one entry of the verse log. */
  announce(kind: 'state' | 'verse', json: string): void;
}

export class StatePublisher {
  readonly #o: StatePublisherOptions;
  readonly #offs: Array<() => void>;
  #start: VerseStart | null = null;
  /** The running verse's entries (JSON), for a rewrite of the log. */
  #entries: string[] = [];
  /** True when Redis may not hold the whole log (a new verse, a failed write): the next snapshot rewrites it. */
  #stale = true;
  /** Changes seen, and the change count the last finished write covered. */
  #seen = 0;
  #written = 0;
  #writing = false;
  #waiters: Array<{ upTo: number; resolve: () => void }> = [];
  #closed = false;

  constructor(options: StatePublisherOptions) {
    this.#o = options;
    const { events } = options.feed;
    this.#offs = [
      events.on('verse:start', (start) => this.#verseChanged(start)),
      events.on('verse:token', (token) => this.#append({ token })),
      events.on('verse:line', (line) => (this.#append({ line }), void this.#publish())),
      events.on('verse:end', () => this.#verseChanged(null)),
    ];
  }

  /** Something besides the verse changed: the snapshot is written again soon. */
  changed(): void {
    if (this.#closed) return;
    this.#seen++;
    if (!this.#writing) void this.#drain();
  }

  /** Redis may have lost what was sent (it was away): the next snapshot rewrites the log, and it is written now. */
  resend(): void {
    this.#stale = true;
    this.changed();
  }

  /** Resolves once the state as it is now is in Redis, or at once when Redis is away (the local store still has it). */
  flushed(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.changed();
    const upTo = this.#seen;
    return new Promise((resolve) => this.#waiters.push({ upTo, resolve }));
  }

  #verseChanged(start: VerseStart | null): void {
    this.#start = start;
    this.#entries = [];
    this.#stale = true; // the last verse's log goes
    void this.#publish();
  }

  #append(entry: VerseEntry): void {
    if (this.#closed) return;
    const json = JSON.stringify(entry);
    this.#entries.push(json);
    // While the log in Redis is incomplete, appending to it is pointless: the next snapshot rewrites it.
    if (!this.#stale) this.#o.client.rPush(this.#o.keys.verse, json).catch((err: unknown) => this.#failed(err));
    this.#announce('verse', json);
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    while (this.#written < this.#seen && !this.#closed) await this.#publish();
    this.#writing = false;
  }

  /** Writes the whole snapshot (with the log, when Redis may lack some of it); the commands leave before it returns. */
  async #publish(): Promise<void> {
    if (this.#closed) return;
    const upTo = this.#seen;
    const json = JSON.stringify({ ...this.#o.read(), verseStart: this.#start } satisfies SharedSnapshot);
    const { client, keys } = this.#o;
    let sent: Promise<unknown>;
    if (this.#stale) {
      const multi = client.multi().del(keys.verse);
      if (this.#entries.length) multi.rPush(keys.verse, this.#entries);
      sent = multi.set(keys.state, json).exec();
      this.#stale = false;
    } else {
      sent = client.set(keys.state, json);
    }
    this.#announce('state', json);
    try {
      await sent;
    } catch (err) {
      this.#failed(err);
    }
    this.#written = Math.max(this.#written, upTo); // commands are answered in order: what was sent before is in too
    this.#settle();
  }

  /** Only while Redis is reached: the adapter would queue every token of an outage; the others read Redis again instead. */
  #announce(kind: 'state' | 'verse', json: string): void {
    if (this.#o.client.isReady) this.#o.announce(kind, json);
  }

  #failed(err: unknown): void {
    this.#stale = true;
    log.debug({ err }, 'shared state not written (Redis away); kept locally');
  }

  #settle(): void {
    const done = this.#waiters.filter((w) => w.upTo <= this.#written || this.#closed);
    this.#waiters = this.#waiters.filter((w) => !done.includes(w));
    for (const w of done) w.resolve();
  }

  close(): void {
    this.#closed = true;
    for (const off of this.#offs.splice(0)) off();
    this.#settle();
  }
}
