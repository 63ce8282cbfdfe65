/**
 * @module oscServer: OSC input, composed of three parts: `OscIngress` (UDP, sender allowlist and rates,
 * time slicing), `BundleScheduler` (timetags) and `OscRouter` (addresses, patterns, mappings, built-ins).
 * Untrusted packets are decoded under strict bounds in between. Every fault is counted (the counters reach
 * `/metrics`) and logged at a limited rate; nothing a sender does can throw out of the socket handler.
 *
 * Built-in addresses: `/inkverse/param/<name> <value>`, `/inkverse/prompt <text>`, `/inkverse/skip`,
 * `/inkverse/scene <name>`, `/inkverse/preset <name> [fade seconds]`, `/inkverse/inject <text>`.
 */
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../engine/clock.ts';
import type { ControlTarget } from '../../engine/control/controlTarget.ts';
import { Mapper } from '../../engine/control/mapper.ts';
import { Emitter } from '../../engine/emitter.ts';
import { logger } from '../../engine/log.ts';
import type { Mapping } from '../../protocol/mappingSchema.ts';
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import { AddressAllowlist } from '../addressAllowlist.ts';
import { ThrottledLog } from '../throttledLog.ts';
import type { AddressPatternOptions } from './addressPattern.ts';
import { BundleScheduler } from './bundleScheduler.ts';
import { decodeOscPacket, OSC_DECODE_DEFAULTS, type OscDecodeOptions } from './oscDecode.ts';
import { LOCAL_SENDER, OscIngress, type OscWork } from './oscIngress.ts';
import { OscRouter, type ActivityEvents, type RefusalEvents } from './oscRouter.ts';

export { OSC_ADDRESSES, OSC_PREFIX } from './oscBuiltins.ts';
export type { ActivityEvents, OscRefusal, RefusalEvents } from './oscRouter.ts';

const log = logger('osc');

export interface OscServerOptions {
  /** UDP port to listen on (`OSC_PORT`, default 9000); 0 picks a free port (tests). */
  port: number;
  /** Interface to listen on; an address with `:` listens on IPv6. */
  host: string;
  /** Senders allowed (CIDR ranges, addresses, or `*`); others are counted as `denied` and dropped. */
  allow: readonly string[];
  /** Datagrams per second one sender may send, sustained; `Infinity` for no limit. */
  perSenderPerSecond: number;
  /** Datagrams one sender may send at once after a pause. */
  perSenderBurst: number;
  /** User mappings (config `osc.mappings` merged with learned ones); OSC-sourced ones are routed here. */
  mappings: readonly Mapping[];
  /** What OSC drives. */
  target: ControlTarget;
  /** Time source for bundle timetags, smoothing, rates and log rate limits. */
  clock: Clock;
  /** Mapping core to use; pass the MIDI transport's mapper so both share smoothing. Default: one of our own. */
  mapper?: Mapper;
  /** Emitter to report activity on; pass the one MIDI reports on too, so the console has one feed. Default: a new one. */
  activity?: Emitter<ActivityEvents>;
  /** Bounds of the packet decoder. */
  decode: Partial<OscDecodeOptions>;
  /** Bounds of incoming address patterns. */
  pattern: Partial<AddressPatternOptions>;
  /** Most bundles waiting for their timetag at once; more are dropped. */
  maxScheduled: number;
  /** Bundles timed further ahead than this (milliseconds) are dropped. */
  maxAheadMs: Milliseconds;
  /** Most packets waiting to be handled; more arriving meanwhile are dropped (counted as `overflow`). */
  maxQueue: number;
  /** Longest stretch of packet handling, in milliseconds, before yielding to the event loop. */
  sliceMs: Milliseconds;
  /** Most routes (built-ins and mappings) one packet may fire, bundles and patterns included; the rest are refused. */
  maxDispatchPerPacket: number;
  /** Socket receive buffer asked of the kernel, in bytes (Linux caps it at net.core.rmem_max). */
  recvBufferBytes: number;
  /** At most one log line per kind of fault per this many milliseconds (with a count of the rest). */
  logIntervalMs: Milliseconds;
  /** Longest string argument shown in activity events, in characters. */
  activityMaxChars: number;
}

const DEFAULTS = {
  port: 9000,
  host: '0.0.0.0',
  // Loopback only unless told otherwise: an installation passes the config's `osc.allow`.
  allow: ['127.0.0.0/8', '::1/128'],
  perSenderPerSecond: Infinity,
  perSenderBurst: 1000,
  mappings: [],
  decode: {},
  pattern: {},
  maxScheduled: 256,
  maxAheadMs: 60_000,
  maxQueue: 1024,
  sliceMs: 4,
  maxDispatchPerPacket: 64,
  recvBufferBytes: 1 << 20,
  logIntervalMs: 10_000,
  activityMaxChars: 200,
} satisfies Partial<OscServerOptions>;

/** Counters since start, for `/metrics`. */
export interface OscServerStats {
  /** Datagrams received from allowed senders within their rate. */
  packets: number;
  /** Datagrams from senders outside the allowlist, dropped unread. */
  denied: number;
  /** Datagrams over their sender's rate, dropped unread. */
  limited: number;
  /** Datagrams refused by the decoder (size, truncation, bounds, bad tags). */
  malformed: number;
  /** Messages decoded (bundles count their messages). */
  messages: number;
  /** Messages whose address (or pattern) matched nothing. */
  unmatched: number;
  /** Messages refused: bad pattern, bad arguments, or the target said no. */
  refused: number;
  /** Bundles waiting for their timetag now. */
  scheduled: number;
  /** Bundles dropped: too far ahead or too many waiting. */
  dropped: number;
  /** Packets dropped because too many were waiting to be handled (a flood). */
  overflow: number;
  /** Longest stretch spent handling packets without yielding to the event loop, in milliseconds. */
  busyMaxMs: number;
}

export interface OscServer {
  /** Activity of every decoded message (the `activity` option when given). */
  readonly events: Emitter<ActivityEvents>;
  /** Refused messages and why. */
  readonly refusals: Emitter<RefusalEvents>;
  /** Who may send (for the start-up banner). */
  readonly allow: AddressAllowlist;
  /** The bound address and port (the real port when `port` was 0); still answers after `close()`. */
  address(): AddressInfo;
  stats(): OscServerStats;
  /** Replaces the user mappings; throws `INKVERSE_E_CONFIG` (nothing changed) when one is invalid. */
  setMappings(mappings: readonly Mapping[]): void;
  /**
   * Queues a packet as if it had arrived over UDP from `from` (an OSC-over-WebSocket bridge passes the
   * peer's address; tests and in-process callers leave it out and are trusted); handled on a later turn. Never throws.
   */
  receive(data: Uint8Array, from?: string): void;
  /** Stops listening, drops waiting bundles and stops smoothing; idempotent. */
  close(): Promise<void>;
}

/** Starts an OSC server; rejects with `INKVERSE_E_CONFIG` (everything released) when the port cannot be bound. */
export async function createOscServer(options: Pick<OscServerOptions, 'target' | 'clock'> & Partial<OscServerOptions>): Promise<OscServer> {
  const server = new UdpOscServer({ ...DEFAULTS, ...options });
  try {
    await server.listen();
  } catch (err) {
    await server.close(); // releases the mapper's store listener
    throw err;
  }
  return server;
}

class UdpOscServer implements OscServer {
  readonly events: Emitter<ActivityEvents>;
  readonly refusals = new Emitter<RefusalEvents>();
  readonly allow: AddressAllowlist;
  readonly #o: OscServerOptions;
  readonly #mapper: Mapper;
  readonly #ownsMapper: boolean;
  readonly #ingress: OscIngress;
  readonly #scheduler: BundleScheduler;
  readonly #router: OscRouter;
  #malformed = 0;
  #closed: Promise<void> | undefined;

  constructor(o: OscServerOptions) {
    this.#o = o;
    this.allow = new AddressAllowlist(o.allow, 'osc.allow');
    this.events = o.activity ?? new Emitter<ActivityEvents>();
    this.#ownsMapper = o.mapper === undefined;
    this.#mapper = o.mapper ?? new Mapper({ target: o.target, clock: o.clock, owner: 'osc' });
    const throttled = new ThrottledLog({ log, now: () => o.clock.now(), intervalMs: o.logIntervalMs });
    this.#router = new OscRouter(
      { target: o.target, clock: o.clock, mapper: this.#mapper, activity: this.events, refusals: this.refusals, pattern: o.pattern, maxDispatchPerPacket: o.maxDispatchPerPacket, activityMaxChars: o.activityMaxChars },
      throttled,
    );
    try {
      this.#router.setMappings(o.mappings);
    } catch (err) {
      if (this.#ownsMapper) this.#mapper.dispose();
      throw err;
    }
    this.#scheduler = new BundleScheduler(
      o,
      (msg, from) => this.#router.dispatch(msg, from),
      // Through the work queue, so many bundles due at the same moment are still handled in slices.
      (due, from) => void this.#ingress.enqueue({ due, from }),
      throttled,
    );
    const maxPacketBytes = o.decode.maxPacketBytes ?? OSC_DECODE_DEFAULTS.maxPacketBytes;
    this.#ingress = new OscIngress(
      { port: o.port, host: o.host, allow: this.allow, perSenderPerSecond: o.perSenderPerSecond, perSenderBurst: o.perSenderBurst, maxPacketBytes, maxQueue: o.maxQueue, sliceMs: o.sliceMs, recvBufferBytes: o.recvBufferBytes, now: () => o.clock.now() },
      (work) => this.#work(work, throttled),
      throttled,
    );
  }

  async listen(): Promise<void> {
    await this.#ingress.listen();
    const bound = this.#ingress.address();
    log.info({ host: bound.address, port: bound.port, allow: this.allow.describe() }, 'listening for OSC');
  }

  address(): AddressInfo {
    return this.#ingress.address();
  }

  stats(): OscServerStats {
    const i = this.#ingress.stats;
    return {
      packets: i.packets,
      denied: i.denied,
      limited: i.limited,
      malformed: i.oversize + this.#malformed,
      ...this.#router.stats,
      ...this.#scheduler.stats,
      overflow: i.overflow,
      busyMaxMs: i.busyMaxMs,
    };
  }

  setMappings(mappings: readonly Mapping[]): void {
    this.#router.setMappings(mappings);
  }

  receive(data: Uint8Array, from: string = LOCAL_SENDER): void {
    this.#ingress.receive(data, from);
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#scheduler.close();
      if (this.#ownsMapper) this.#mapper.dispose();
      await this.#ingress.close();
    })();
    return this.#closed;
  }

  /** One piece of work: a datagram to decode, or a timed bundle's elements that came due (run in one turn). */
  #work(work: OscWork, throttled: ThrottledLog): void {
    this.#router.beginPacket();
    if (work.due) {
      for (const element of work.due) this.#scheduler.run(element, work.from);
      return;
    }
    const result = decodeOscPacket(work.data!, this.#o.decode);
    if (!result.ok) {
      this.#malformed++;
      throttled.write('debug', 'malformed', { from: work.from, reason: result.reason, bytes: work.data!.byteLength }, 'malformed OSC packet');
      return;
    }
    this.#scheduler.run(result.packet, work.from);
  }
}
