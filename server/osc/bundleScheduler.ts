/**
 * @module bundleScheduler: OSC bundle timetags. Messages and bundles due now are dispatched at once, in
 * order; a bundle timed in the future waits on the injected clock (bounded in number and in how far
 * ahead), then comes back as one piece of work, so its elements still run together (OSC bundles are atomic).
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from '../../engine/clock.ts';
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import type { ThrottledLog } from '../throttledLog.ts';
import { isImmediate, timetagToMs, type OscMessage, type OscPacket } from './oscTypes.ts';

export interface BundleSchedulerOptions {
  /** Time source of timetags. */
  clock: Clock;
  /** Most bundles waiting for their timetag at once; more are dropped. */
  maxScheduled: number;
  /** Bundles timed further ahead than this (milliseconds) are dropped. */
  maxAheadMs: Milliseconds;
}

export interface BundleSchedulerStats {
  /** Bundles waiting for their timetag now. */
  scheduled: number;
  /** Bundles dropped: too far ahead or too many waiting. */
  dropped: number;
}

export class BundleScheduler {
  readonly stats: BundleSchedulerStats = { scheduled: 0, dropped: 0 };
  readonly #o: BundleSchedulerOptions;
  readonly #dispatch: (msg: OscMessage, from: string) => void;
  readonly #due: (elements: readonly OscPacket[], from: string) => void;
  readonly #log: ThrottledLog;
  readonly #closing = new AbortController();

  /**
   * `dispatch` runs each message due now; `due` receives a timed bundle's elements when its time comes
   * (to queue them as work, which calls `run` again).
   */
  constructor(o: BundleSchedulerOptions, dispatch: (msg: OscMessage, from: string) => void, due: (elements: readonly OscPacket[], from: string) => void, throttled: ThrottledLog) {
    this.#o = o;
    this.#dispatch = dispatch;
    this.#due = due;
    this.#log = throttled;
    // Every waiting bundle listens for close; up to maxScheduled of them is expected, not a leak.
    setMaxListeners(o.maxScheduled + 16, this.#closing.signal);
  }

  /** Dispatches a packet now, or schedules it when it is a bundle timed in the future. */
  run(packet: OscPacket, from: string): void {
    if (packet.kind === 'message') return this.#dispatch(packet, from);
    const now = this.#o.clock.now();
    // Whole milliseconds: timers cannot do better, and a timetag that is 1000.0000001 ms away means 1000.
    const delay = isImmediate(packet.timetag) ? 0 : Math.round(timetagToMs(packet.timetag) - now);
    if (delay <= 0) {
      for (const element of packet.elements) this.run(element, from);
      return;
    }
    if (delay > this.#o.maxAheadMs || this.stats.scheduled >= this.#o.maxScheduled) {
      this.stats.dropped++;
      this.#log.write('debug', 'dropped', { from, aheadMs: delay, waiting: this.stats.scheduled }, 'OSC bundle dropped (too far ahead or too many waiting)');
      return;
    }
    this.stats.scheduled++;
    this.#o.clock.sleep(delay, this.#closing.signal).then(
      () => {
        this.stats.scheduled--;
        this.#due(packet.elements, from);
      },
      () => {
        this.stats.scheduled--; // closed while waiting
      },
    );
  }

  /** Drops every waiting bundle; idempotent. */
  close(): void {
    this.#closing.abort();
  }
}
