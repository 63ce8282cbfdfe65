/**
 * @module oscIngress: the UDP side of OSC input. Binds the socket, admits datagrams only from allowed
 * senders and within each sender's rate, refuses oversized ones before queueing, and hands the rest to
 * the handler in time slices, so neither a flood nor many bundles due at once can stall the event loop.
 * Everything refused is counted; nothing a sender does can throw out of the socket handler.
 */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { InkverseError } from '../../protocol/errors.ts';
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import { logger } from '../../engine/log.ts';
import type { AddressAllowlist } from '../addressAllowlist.ts';
import { RateLimit } from '../rateLimit.ts';
import type { ThrottledLog } from '../throttledLog.ts';
import type { OscPacket } from './oscTypes.ts';

const log = logger('osc');

/** The `from` of packets handed in by this process itself (tests, an in-process bridge): trusted. */
export const LOCAL_SENDER = 'local';

/** One piece of waiting work: a datagram received, or the elements of a timed bundle that came due. */
export interface OscWork {
  data?: Uint8Array;
  due?: readonly OscPacket[];
  /** The sender's address, or `LOCAL_SENDER`. */
  from: string;
}

export interface OscIngressOptions {
  port: number;
  /** Interface to listen on; an address with `:` listens on IPv6. */
  host: string;
  /** Senders whose datagrams are handled; the rest are counted (`denied`) and dropped. */
  allow: AddressAllowlist;
  /** Datagrams per second one sender may send, sustained (`Infinity`: no limit); the rest are counted (`limited`). */
  perSenderPerSecond: number;
  /** Datagrams one sender may send at once after a pause. */
  perSenderBurst: number;
  /** Largest datagram handled, in bytes. */
  maxPacketBytes: number;
  /** Most pieces of work waiting; more arriving meanwhile are dropped (counted as `overflow`). */
  maxQueue: number;
  /** Longest stretch of handling, in milliseconds, before yielding to the event loop. */
  sliceMs: Milliseconds;
  /** Socket receive buffer asked of the kernel, in bytes (Linux caps it at net.core.rmem_max). */
  recvBufferBytes: number;
  /** Time source of the rate limits. */
  now: () => Milliseconds;
}

export interface OscIngressStats {
  /** Datagrams received from allowed senders. */
  packets: number;
  /** Datagrams from senders outside the allowlist, dropped unread. */
  denied: number;
  /** Datagrams over a sender's rate, dropped unread. */
  limited: number;
  /** Datagrams refused for their size. */
  oversize: number;
  /** Work dropped because too much was waiting (a flood). */
  overflow: number;
  /** Longest stretch spent handling work without yielding, in milliseconds. */
  busyMaxMs: number;
}

export class OscIngress {
  readonly stats: OscIngressStats = { packets: 0, denied: 0, limited: 0, oversize: 0, overflow: 0, busyMaxMs: 0 };
  readonly #o: OscIngressOptions;
  readonly #handle: (work: OscWork) => void;
  readonly #log: ThrottledLog;
  readonly #rate: RateLimit;
  readonly #socket: dgram.Socket;
  #queue: OscWork[] = [];
  #draining = false;
  #bound: AddressInfo | undefined;
  #closed: Promise<void> | undefined;

  /** `handle` runs once per piece of work, in order; it must not throw (a throw is logged and costs that piece only). */
  constructor(o: OscIngressOptions, handle: (work: OscWork) => void, throttled: ThrottledLog) {
    this.#o = o;
    this.#handle = handle;
    this.#log = throttled;
    this.#rate = new RateLimit({ perSecond: o.perSenderPerSecond, burst: o.perSenderBurst, now: o.now });
    this.#socket = dgram.createSocket({ type: o.host.includes(':') ? 'udp6' : 'udp4' });
    this.#socket.on('message', (data, rinfo) => this.receive(data, rinfo.address));
  }

  /** Binds the socket; rejects with `INKVERSE_E_CONFIG` (socket closed) when the port cannot be bound. */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        this.#closeSocket();
        reject(
          new InkverseError(
            'INKVERSE_E_CONFIG',
            `Cannot listen for OSC on ${this.#o.host}:${this.#o.port} (${err.code ?? err.message}); set OSC_PORT or "osc.port" to a free port.`,
            { cause: err },
          ),
        );
      };
      this.#socket.once('error', onError);
      this.#socket.bind(this.#o.port, this.#o.host, () => {
        this.#socket.off('error', onError);
        // After binding, socket errors are runtime faults: log them and keep listening.
        this.#socket.on('error', (err) => this.#log.write('error', 'socket', { err }, 'OSC socket error'));
        try {
          // Bursts from controllers (and floods) should queue in the kernel, not be lost there.
          this.#socket.setRecvBufferSize(this.#o.recvBufferBytes);
        } catch (err) {
          log.debug({ err }, 'could not enlarge the OSC receive buffer');
        }
        this.#bound = this.#socket.address();
        resolve();
      });
    });
  }

  address(): AddressInfo {
    if (!this.#bound) throw new Error('The OSC server is not listening yet.');
    return { ...this.#bound };
  }

  /** Admits one datagram: allowlist, rate, size, then the queue. Never throws. */
  receive(data: Uint8Array, from: string): void {
    if (this.#closed) return;
    if (from !== LOCAL_SENDER) {
      if (!this.#o.allow.allows(from)) {
        this.stats.denied++;
        this.#log.write('warn', 'denied', { from, allowed: this.#o.allow.describe() }, 'OSC from a sender outside osc.allow; dropped');
        return;
      }
      if (!this.#rate.take(from)) {
        this.stats.limited++;
        this.#log.write('warn', 'limited', { from, perSecond: this.#o.perSenderPerSecond }, 'OSC sender over its rate (osc.perSender); dropping');
        return;
      }
    }
    this.stats.packets++;
    if (data.byteLength > this.#o.maxPacketBytes) {
      // Refused before queueing, so the queue never holds more than maxQueue x maxPacketBytes bytes.
      this.stats.oversize++;
      this.#log.write('debug', 'malformed', { from, reason: `packet of ${data.byteLength} bytes exceeds ${this.#o.maxPacketBytes}` }, 'malformed OSC packet');
      return;
    }
    this.enqueue({ data, from });
  }

  /** Queues work to handle on a later turn; false (counted as overflow) when too much is waiting. */
  enqueue(work: OscWork): boolean {
    if (this.#closed) return false;
    if (this.#queue.length >= this.#o.maxQueue) {
      this.stats.overflow++;
      this.#log.write('warn', 'overflow', { from: work.from, waiting: this.#queue.length }, 'OSC input overflowing; dropping');
      return false;
    }
    this.#queue.push(work);
    if (!this.#draining) {
      this.#draining = true;
      setImmediate(() => this.#drain());
    }
    return true;
  }

  /**
   * Handles waiting work for at most `sliceMs`, then yields. The slice is real elapsed time, measured
   * with performance.now() rather than the injected clock: it bounds real stalls, not logical time.
   */
  #drain(): void {
    const start = performance.now();
    let handled = 0;
    let busy = 0;
    while (handled < this.#queue.length && !this.#closed) {
      const work = this.#queue[handled++]!;
      try {
        this.#handle(work);
      } catch (err) {
        // Defence in depth: a bug here must cost one packet, never the server.
        this.#log.write('error', 'fault', { err, from: work.from }, 'OSC handler fault');
      }
      busy = performance.now() - start;
      if (busy >= this.#o.sliceMs) break;
    }
    if (busy > this.stats.busyMaxMs) this.stats.busyMaxMs = busy;
    this.#queue.splice(0, handled);
    if (this.#queue.length > 0 && !this.#closed) setImmediate(() => this.#drain());
    else this.#draining = false;
  }

  /** Stops listening and drops waiting work; idempotent. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#queue = [];
      this.#closeSocket(resolve);
    });
    return this.#closed;
  }

  #closeSocket(done: () => void = () => {}): void {
    try {
      this.#socket.close(() => done());
    } catch {
      done(); // never bound, or already closed by a failed bind
    }
  }
}
