/**
 * @module oscServer: OSC input over UDP. Decodes untrusted packets under strict bounds, resolves each
 * message's address (a pattern, per OSC 1.0) against the built-in addresses and the user's mappings with
 * the safe matcher, honours bundle timetags through the injected clock, and drives the `ControlTarget`.
 * Every fault is counted and logged (rate-limited); nothing a sender does can throw out of the socket handler.
 *
 * Built-in addresses: `/inkverse/param/<name> <value>`, `/inkverse/prompt <text>`, `/inkverse/skip`,
 * `/inkverse/scene <name>`, `/inkverse/voice <name> [fade seconds]`, `/inkverse/inject <text>`.
 */
import dgram from 'node:dgram';
import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../engine/clock.ts';
import type { ControlTarget } from '../../engine/control/controlTarget.ts';
import { Mapper } from '../../engine/control/mapper.ts';
import type { Mapping } from '../../protocol/mappingSchema.ts';
import { Emitter } from '../../engine/emitter.ts';
import { InkverseError, type ErrorCode } from '../../protocol/errors.ts';
import { OSC_ADDRESSES, badRequest, builtinRoutes, numberArg, setParam, type Builtin, type Refusal } from './oscBuiltins.ts';

export { OSC_ADDRESSES, OSC_PREFIX } from './oscBuiltins.ts';
import { logger } from '../../engine/log.ts';
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import type { ActivityPayload } from '../../protocol/events.ts';
import { isAddressPattern, parseAddressPattern, type AddressPatternOptions } from './addressPattern.ts';
import { decodeOscPacket, OSC_DECODE_DEFAULTS, type OscDecodeOptions } from './oscDecode.ts';
import { isImmediate, timetagToMs, type OscArg, type OscMessage, type OscPacket } from './oscTypes.ts';

const log = logger('osc');

export interface OscServerOptions {
  /** UDP port to listen on (`OSC_PORT`, default 9000); 0 picks a free port (tests). */
  port: number;
  /** Interface to listen on; an address with `:` listens on IPv6. */
  host: string;
  /** User mappings (config `osc.mappings` merged with learned ones); OSC-sourced ones are routed here. */
  mappings: readonly Mapping[];
  /** What OSC drives. */
  target: ControlTarget;
  /** Time source for bundle timetags, smoothing and log rate limits. */
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

/** A message the server understood but refused (bad argument, unknown parameter, target error). */
export interface OscRefusal {
  address: string;
  code: ErrorCode;
  message: string;
  /** Milliseconds since the epoch. */
  at: number;
}

/** Every decoded message, matched or not (the console's monitor and learn); shaped like StreamHub's `activity` option. */
export type ActivityEvents = { activity: (p: ActivityPayload) => void };
/** Messages refused, with the reason (for the console's monitor). */
export type RefusalEvents = { refused: (p: OscRefusal) => void };

/** Counters since start, for `/metrics`. */
export interface OscServerStats {
  /** Datagrams received. */
  packets: number;
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
  /** The bound address and port (the real port when `port` was 0); still answers after `close()`. */
  address(): AddressInfo;
  stats(): OscServerStats;
  /** Replaces the user mappings; throws `INKVERSE_E_CONFIG` (nothing changed) when one is invalid. */
  setMappings(mappings: readonly Mapping[]): void;
  /** Queues a packet as if it had arrived over UDP (an OSC-over-WebSocket bridge, tests); handled on a later turn. Never throws. */
  receive(data: Uint8Array, from?: string): void;
  /** Stops listening, drops waiting bundles and stops smoothing; idempotent. */
  close(): Promise<void>;
}

type Route = { kind: 'builtin'; run: Builtin } | { kind: 'mapping'; mapping: Mapping };

/** Starts an OSC server; rejects with `INKVERSE_E_CONFIG` when the port cannot be bound. */
export async function createOscServer(
  options: Pick<OscServerOptions, 'target' | 'clock'> & Partial<OscServerOptions>,
): Promise<OscServer> {
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
  readonly #o: OscServerOptions;
  readonly #mapper: Mapper;
  readonly #ownsMapper: boolean;
  readonly #socket: dgram.Socket;
  readonly #closing = new AbortController();
  readonly #stats: OscServerStats = { packets: 0, malformed: 0, messages: 0, unmatched: 0, refused: 0, scheduled: 0, dropped: 0, overflow: 0, busyMaxMs: 0 };
  readonly #builtins = new Map<string, Route>();
  #routes = new Map<string, Route[]>();
  /** Every routed address with its parts split at `/`, for matching incoming patterns. */
  #known: Array<[string, string[]]> = [];
  #bound: AddressInfo | undefined;
  #closed: Promise<void> | undefined;
  /**
   * Work waiting: packets received (`data`) and timed bundles that came due (`due`), handled in time
   * slices so neither a flood nor many bundles due at once can stall the loop.
   */
  #queue: Array<{ data?: Uint8Array; due?: readonly OscPacket[]; from: string }> = [];
  #draining = false;
  /** Routes the packet being handled may still fire. */
  #budget = 0;
  /** Per fault kind: when it was last logged and how many were not. */
  readonly #logLimits = new Map<string, { at: number; suppressed: number }>();

  constructor(o: OscServerOptions) {
    this.#o = o;
    this.events = o.activity ?? new Emitter<ActivityEvents>();
    this.#ownsMapper = o.mapper === undefined;
    this.#mapper = o.mapper ?? new Mapper({ target: o.target, clock: o.clock, owner: 'osc' });
    this.#addBuiltins();
    try {
      this.setMappings(o.mappings);
    } catch (err) {
      if (this.#ownsMapper) this.#mapper.dispose();
      throw err;
    }
    // Every waiting bundle listens for close; up to maxScheduled of them is expected, not a leak.
    setMaxListeners(o.maxScheduled + 16, this.#closing.signal);
    this.#socket = dgram.createSocket({ type: o.host.includes(':') ? 'udp6' : 'udp4' });
    this.#socket.on('message', (data, rinfo) => this.receive(data, rinfo.address));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        this.#socket.close();
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
        this.#socket.on('error', (err) => log.error({ err }, 'OSC socket error'));
        try {
          // Bursts from controllers (and floods) should queue in the kernel, not be lost there.
          this.#socket.setRecvBufferSize(this.#o.recvBufferBytes);
        } catch (err) {
          log.debug({ err }, 'could not enlarge the OSC receive buffer');
        }
        this.#bound = this.#socket.address();
        log.info({ host: this.#bound.address, port: this.#bound.port }, 'listening for OSC');
        resolve();
      });
    });
  }

  address(): AddressInfo {
    if (!this.#bound) throw new Error('The OSC server is not listening yet.');
    return { ...this.#bound };
  }

  stats(): OscServerStats {
    return { ...this.#stats };
  }

  setMappings(mappings: readonly Mapping[]): void {
    const routes = new Map<string, Route[]>();
    for (const [address, route] of this.#builtins) routes.set(address, [route]);
    for (const m of mappings) {
      if (m.address === undefined) continue; // a MIDI mapping
      this.#mapper.check(m);
      if (isAddressPattern(m.address)) {
        throw new InkverseError('INKVERSE_E_CONFIG', `Mapping address "${m.address}" must be a plain address without ? * [ ] { }.`);
      }
      if (this.#builtins.has(m.address)) {
        throw new InkverseError('INKVERSE_E_CONFIG', `Mapping address "${m.address}" is a built-in inkverse address; pick another.`);
      }
      const list = routes.get(m.address) ?? [];
      list.push({ kind: 'mapping', mapping: m });
      routes.set(m.address, list);
    }
    this.#routes = routes;
    this.#known = [...routes.keys()].map((a) => [a, a.split('/')]);
  }

  receive(data: Uint8Array, from = 'local'): void {
    if (this.#closed) return;
    this.#stats.packets++;
    const max = this.#o.decode.maxPacketBytes ?? OSC_DECODE_DEFAULTS.maxPacketBytes;
    if (data.byteLength > max) {
      // Refused before queueing, so the queue never holds more than maxQueue x max bytes.
      this.#stats.malformed++;
      this.#limited('debug', 'malformed', { from, reason: `packet of ${data.byteLength} bytes exceeds ${max}` }, 'malformed OSC packet');
      return;
    }
    if (this.#queue.length >= this.#o.maxQueue) {
      this.#stats.overflow++;
      this.#limited('warn', 'overflow', { from, waiting: this.#queue.length }, 'OSC input overflowing; dropping packets');
      return;
    }
    this.#enqueue({ data, from });
  }

  #enqueue(item: { data?: Uint8Array; due?: readonly OscPacket[]; from: string }): void {
    this.#queue.push(item);
    if (!this.#draining) {
      this.#draining = true;
      setImmediate(() => this.#drain());
    }
  }

  /**
   * Handles waiting packets for at most `sliceMs`, then yields. The slice is real elapsed time, measured
   * with performance.now() rather than the injected clock: it bounds real stalls, not logical time.
   */
  #drain(): void {
    const start = performance.now();
    let handled = 0;
    let busy = 0;
    while (handled < this.#queue.length && !this.#closed) {
      const item = this.#queue[handled++]!;
      this.#budget = this.#o.maxDispatchPerPacket;
      if (item.data) this.#process(item.data, item.from);
      else this.#processDue(item.due!, item.from);
      busy = performance.now() - start;
      if (busy >= this.#o.sliceMs) break;
    }
    if (busy > this.#stats.busyMaxMs) this.#stats.busyMaxMs = busy;
    this.#queue.splice(0, handled);
    if (this.#queue.length > 0 && !this.#closed) setImmediate(() => this.#drain());
    else this.#draining = false;
  }

  /** A timed bundle that came due: its elements, in order, in one turn (OSC bundles are atomic). */
  #processDue(elements: readonly OscPacket[], from: string): void {
    try {
      for (const element of elements) this.#handle(element, from);
    } catch (err) {
      this.#limited('error', 'fault', { err, from }, 'OSC bundle handler fault');
    }
  }

  #process(data: Uint8Array, from: string): void {
    try {
      const result = decodeOscPacket(data, this.#o.decode);
      if (!result.ok) {
        this.#stats.malformed++;
        this.#limited('debug', 'malformed', { from, reason: result.reason, bytes: data.byteLength }, 'malformed OSC packet');
        return;
      }
      this.#handle(result.packet, from);
    } catch (err) {
      // Defence in depth: a bug here must cost one packet, never the server.
      this.#limited('error', 'fault', { err, from }, 'OSC packet handler fault');
    }
  }

  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#closing.abort();
      this.#queue = [];
      if (this.#ownsMapper) this.#mapper.dispose();
      try {
        this.#socket.close(() => resolve());
      } catch {
        resolve(); // never bound, or already closed by a failed bind
      }
    });
    return this.#closed;
  }

  #handle(packet: OscPacket, from: string): void {
    if (packet.kind === 'message') return this.#dispatch(packet, from);
    const now = this.#o.clock.now();
    // Whole milliseconds: timers cannot do better, and a timetag that is 1000.0000001 ms away means 1000.
    const delay = isImmediate(packet.timetag) ? 0 : Math.round(timetagToMs(packet.timetag) - now);
    if (delay <= 0) {
      for (const element of packet.elements) this.#handle(element, from);
      return;
    }
    if (delay > this.#o.maxAheadMs || this.#stats.scheduled >= this.#o.maxScheduled) {
      this.#stats.dropped++;
      this.#limited('debug', 'dropped', { from, aheadMs: delay, waiting: this.#stats.scheduled }, 'OSC bundle dropped (too far ahead or too many waiting)');
      return;
    }
    this.#stats.scheduled++;
    this.#o.clock.sleep(delay, this.#closing.signal).then(
      () => {
        this.#stats.scheduled--;
        // Through the queue, so many bundles due at the same moment are still handled in slices.
        if (this.#queue.length >= this.#o.maxQueue) {
          this.#stats.overflow++;
          this.#limited('warn', 'overflow', { from, waiting: this.#queue.length }, 'OSC input overflowing; dropping a timed bundle');
          return;
        }
        this.#enqueue({ due: packet.elements, from });
      },
      () => {
        this.#stats.scheduled--; // closed while waiting
      },
    );
  }

  #dispatch(msg: OscMessage, from: string): void {
    this.#stats.messages++;
    this.events.emit('activity', { source: 'osc', address: msg.address, args: msg.args.map((a) => this.#activityArg(a)), at: this.#o.clock.now() });
    let routes: Array<[string, Route]>;
    if (!isAddressPattern(msg.address)) {
      routes = (this.#routes.get(msg.address) ?? []).map((r) => [msg.address, r]);
    } else {
      // OSC 1.0: the message's address is a pattern matched against our addresses.
      const parsed = parseAddressPattern(msg.address, this.#o.pattern);
      if (!parsed.ok) return this.#refuse(msg.address, badRequest(`Address pattern refused: ${parsed.reason}.`));
      routes = [];
      for (const [address, parts] of this.#known) {
        if (parsed.pattern.matches(parts)) for (const r of this.#routes.get(address)!) routes.push([address, r]);
      }
    }
    if (routes.length === 0) {
      if (msg.address.startsWith(OSC_ADDRESSES.param) && !isAddressPattern(msg.address) && this.#budget-- > 0) {
        // Not a parameter we route: let the store name the known ones.
        return this.#run({ kind: 'builtin', run: (m) => setParam(this.#o.target, m, m.address) }, msg, from, msg.address);
      }
      this.#stats.unmatched++;
      this.#limited('debug', 'unmatched', { from, address: msg.address }, 'OSC address matches nothing');
      return;
    }
    for (const [address, route] of routes) {
      if (this.#budget-- <= 0) {
        return this.#refuse(msg.address, badRequest(`One packet may fire at most ${this.#o.maxDispatchPerPacket} addresses; the rest were ignored.`));
      }
      this.#run(route, msg, from, address);
    }
  }

  #run(route: Route, msg: OscMessage, from: string, address: string): void {
    let refusal: Refusal | void = undefined;
    try {
      if (route.kind === 'builtin') {
        refusal = route.run(msg, from, address);
      } else {
        const first = msg.args[0];
        const value = first === undefined ? undefined : numberArg(first);
        if (first !== undefined && value === undefined) {
          refusal = badRequest(`${route.mapping.address} needs a number; got ${typeof first}.`);
        } else {
          const outcome = this.#mapper.handle(route.mapping, value, 'osc');
          if (outcome.kind === 'error') refusal = toRefusal(outcome.error);
        }
      }
    } catch (err) {
      refusal = toRefusal(err);
    }
    if (refusal) this.#refuse(msg.address, refusal);
  }

  #refuse(address: string, r: Refusal): void {
    this.#stats.refused++;
    this.#limited('warn', `refused:${r.code}`, { address, code: r.code, reason: r.message }, 'OSC message refused');
    this.refusals.emit('refused', { address, code: r.code, message: r.message, at: this.#o.clock.now() });
  }

  #addBuiltins(): void {
    for (const [address, run] of builtinRoutes(this.#o.target)) this.#builtins.set(address, { kind: 'builtin', run });
  }

  #activityArg(a: OscArg): number | string | boolean {
    if (typeof a === 'number') return Number.isFinite(a) ? a : String(a);
    if (typeof a === 'boolean') return a;
    if (typeof a === 'string') return a.length > this.#o.activityMaxChars ? a.slice(0, this.#o.activityMaxChars) + '…' : a;
    if (typeof a === 'bigint') return Number(a);
    if (a === null) return 'nil';
    if (a instanceof Uint8Array) return `blob(${a.length})`;
    if ('midi' in a) return `midi(${a.midi.join(',')})`;
    return timetagToMs(a);
  }

  /** Logs at most once per `logIntervalMs` per kind, reporting how many were suppressed in between. */
  #limited(level: 'debug' | 'warn' | 'error', kind: string, fields: Record<string, unknown>, msg: string): void {
    const now = this.#o.clock.now();
    const entry = this.#logLimits.get(kind);
    if (entry && now - entry.at < this.#o.logIntervalMs) {
      entry.suppressed++;
      return;
    }
    log[level]({ ...fields, suppressed: entry?.suppressed ?? 0 }, msg);
    this.#logLimits.set(kind, { at: now, suppressed: 0 });
  }
}

/** A thrown error as a refusal for the console's monitor. */
function toRefusal(err: unknown): Refusal {
  if (err instanceof InkverseError) return { code: err.code, message: err.message };
  // Not an InkverseError: an engine bug, not the sender's fault; keep details in the log, not the monitor.
  log.error({ err }, 'OSC handler fault');
  return { code: 'INKVERSE_E_BAD_REQUEST', message: 'The server could not handle this message; it has been logged.' };
}
