/**
 * @module oscOut: optional OSC output mirroring the verse stream to one host:port over UDP, so
 * performers' tools (Max, TouchDesigner, SuperCollider) can follow the writing live.
 *
 * `/inkverse/verse/start <id> <prompt> <source>`, `/inkverse/token <id> <seq:i> <text> <line:i>`,
 * `/inkverse/line <id> <index:i> <text>`, `/inkverse/verse/end <id> <reason>`,
 * `/inkverse/param/<name> <value>` (numbers as `f`, booleans as `T`/`F`, strings as `s`).
 */
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import type { Clock } from '../../engine/clock.ts';
import type { ControlSurface } from '../../engine/control/controlSurface.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { logger } from '../../engine/log.ts';
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import type { VerseEnd, VerseLine, VerseStart, VerseToken } from '../../protocol/events.ts';
import { ThrottledLog } from '../throttledLog.ts';
import { encodeOscMessage, type OscOutArg } from './oscEncode.ts';

const log = logger('osc:out');

/** The verse events mirrored, named and typed like the socket.io events of protocol/events.ts. */
export type OscOutEvents = {
  'verse:start': (p: VerseStart) => void;
  'verse:token': (p: VerseToken) => void;
  'verse:line': (p: VerseLine) => void;
  'verse:end': (p: VerseEnd) => void;
};

/**
 * Anything that can subscribe to the verse events and hand back an unsubscribe function: the verse
 * loop's `events` (an `Emitter<VerseLoopEvents>`) and an `Emitter<OscOutEvents>` both fit.
 */
export interface StreamSource {
  on(event: 'verse:start', listener: (p: VerseStart) => void): () => void;
  on(event: 'verse:token', listener: (p: VerseToken) => void): () => void;
  on(event: 'verse:line', listener: (p: VerseLine) => void): () => void;
  on(event: 'verse:end', listener: (p: VerseEnd) => void): () => void;
}

export interface OscOutOptions {
  /** Receiver host name or address (config `osc.out.host`). */
  host: string;
  /** Receiver UDP port (config `osc.out.port`). */
  port: number;
  /** Where the verse stream comes from (the verse loop's events). */
  source: StreamSource;
  /** Parameter changes to echo as `/inkverse/param/<name>` (the control surface); none when omitted. */
  params?: ControlSurface;
  /** Time source for log rate limits. */
  clock: Clock;
  /** At most one send-error log line per this many milliseconds. */
  logIntervalMs: Milliseconds;
}

const DEFAULTS = {
  logIntervalMs: 10_000,
} satisfies Partial<OscOutOptions>;

/** Largest UDP payload; bigger messages are dropped and logged rather than fragmented into failure. */
const MAX_DATAGRAM = 65_507;

export interface OscOutStats {
  /** Messages handed to the socket. */
  sent: number;
  /** Messages that failed to send or were too large. */
  errors: number;
}

export interface OscOut {
  /** The resolved receiver. */
  readonly target: { address: string; port: number };
  stats(): OscOutStats;
  /** Sends one message now (besides the mirrored stream); never throws for network faults. */
  send(address: string, args: readonly OscOutArg[]): void;
  /** Unsubscribes and closes the socket; idempotent. */
  close(): Promise<void>;
}

/** Resolves the receiver once and starts mirroring. Rejects with `INKVERSE_E_CONFIG` when the host does not resolve. */
export async function createOscOut(
  options: Pick<OscOutOptions, 'host' | 'port' | 'source' | 'clock'> & Partial<OscOutOptions>,
): Promise<OscOut> {
  const o: OscOutOptions = { ...DEFAULTS, ...options };
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw new Error(`OSC out port must be 1 to 65535; got ${o.port}.`);
  let resolved: { address: string; family: number };
  try {
    resolved = await lookup(o.host);
  } catch (err) {
    throw new InkverseError('INKVERSE_E_CONFIG', `OSC out host "${o.host}" does not resolve (${(err as Error).message}); check "osc.out.host".`, { cause: err });
  }
  return new UdpOscOut(o, resolved.address, resolved.family === 6 ? 'udp6' : 'udp4');
}

class UdpOscOut implements OscOut {
  readonly target: { address: string; port: number };
  readonly #o: OscOutOptions;
  readonly #socket: dgram.Socket;
  readonly #stats: OscOutStats = { sent: 0, errors: 0 };
  readonly #unsubscribe: Array<() => void>;
  #closed: Promise<void> | undefined;
  readonly #log: ThrottledLog;

  constructor(o: OscOutOptions, address: string, type: 'udp4' | 'udp6') {
    this.#o = o;
    this.#log = new ThrottledLog({ log, now: () => o.clock.now(), intervalMs: o.logIntervalMs });
    this.target = { address, port: o.port };
    this.#socket = dgram.createSocket(type);
    this.#socket.on('error', (err) => this.#fault(err));
    const s = o.source;
    this.#unsubscribe = [
      s.on('verse:start', (p) => this.send('/inkverse/verse/start', [p.id, p.prompt, p.source])),
      s.on('verse:token', (p) => this.send('/inkverse/token', [p.id, { type: 'i', value: p.seq }, p.text, { type: 'i', value: p.line }])),
      s.on('verse:line', (p) => this.send('/inkverse/line', [p.id, { type: 'i', value: p.index }, p.text])),
      s.on('verse:end', (p) => this.send('/inkverse/verse/end', [p.id, p.reason])),
    ];
    if (o.params) {
      this.#unsubscribe.push(
        o.params.onChange(({ values }) => {
          for (const [name, value] of Object.entries(values)) this.send(`/inkverse/param/${name.replaceAll('.', '/')}`, [value]);
        }),
      );
    }
  }

  stats(): OscOutStats {
    return { ...this.#stats };
  }

  send(address: string, args: readonly OscOutArg[]): void {
    if (this.#closed) return;
    let bytes: Uint8Array;
    try {
      bytes = encodeOscMessage(address, args);
    } catch (err) {
      return this.#fault(err);
    }
    if (bytes.length > MAX_DATAGRAM) return this.#fault(new Error(`${address} is ${bytes.length} bytes, more than one UDP datagram`));
    this.#stats.sent++;
    this.#socket.send(bytes, this.target.port, this.target.address, (err) => {
      if (err) this.#fault(err);
    });
  }

  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      for (const off of this.#unsubscribe) off();
      this.#socket.close(() => resolve());
    });
    return this.#closed;
  }

  /** Send faults (receiver gone, network down) are logged at most once per interval; the stream goes on. */
  #fault(err: unknown): void {
    this.#stats.errors++;
    this.#log.write('warn', 'send', { err, target: this.target }, 'OSC out send failed');
  }
}
