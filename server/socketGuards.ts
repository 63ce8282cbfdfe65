/**
 * @module socketGuards: bounds on socket.io clients that the handlers cannot see: which origins may
 * connect at all (a page of this server, or one listed in `server.origins`), and readers that stopped
 * reading. A socket whose unsent data passes `maxBufferedBytes` is disconnected and its connection dropped
 * at once (its page reconnects and gets one fresh `state`), so a client that keeps asking without reading
 * cannot grow the server's memory.
 */
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { logger } from '../engine/log.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import { ThrottledLog } from './throttledLog.ts';

const log = logger('server:sockets');

/** The names this machine answers to: loopback, its host name (and `.local`), and every address of its interfaces. */
function ownHostnames(): string[] {
  const names = new Set(['localhost', '127.0.0.1', '[::1]', os.hostname().toLowerCase(), `${os.hostname().toLowerCase()}.local`]);
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(a.family === 'IPv6' ? `[${a.address.split('%')[0]}]` : a.address);
  return [...names];
}

/**
 * socket.io's `allowRequest`: a request without an `Origin` (not a browser: tests, tools) passes; a browser page
 * passes when its origin is listed (`server.origins`), or when it is this server's own page: the same host as
 * the request asked for, and that host one of this machine's own names. The second half stops DNS rebinding (a
 * page on a name the attacker points at this machine has Origin and Host equal, but not one of its names).
 */
export function originCheck(allowed: readonly string[], now: () => Milliseconds, own: readonly string[] = ownHostnames()): (req: IncomingMessage, fn: (err: string | null | undefined, success: boolean) => void) => void {
  const throttled = new ThrottledLog({ log, now });
  const listed = new Set(allowed.map((o) => new URL(o).origin));
  const names = new Set([...own, ...allowed.map((o) => new URL(o).hostname)].map((n) => n.toLowerCase()));
  return (req, fn) => {
    const origin = req.headers.origin;
    if (origin === undefined) return fn(null, true);
    let ok = listed.has(origin);
    if (!ok) {
      try {
        const url = new URL(origin);
        ok = url.host === req.headers.host && names.has(url.hostname.toLowerCase());
      } catch {
        ok = false;
      }
    }
    if (!ok) throttled.write('warn', 'origin', { origin: String(origin).slice(0, 200) }, 'socket.io connection from an origin not in server.origins refused');
    fn(ok ? null : 'origin not allowed', ok);
  };
}

/**
 * socket.io server options for an installation: small messages, no client bundle, origins from the config; an
 * address `barred` says is cut off (it flooded, eventRates.ts) is refused before its handshake, the cheapest refusal
 * there is, and socket.io's client then waits its back-off before trying again.
 */
export function socketServerOptions(server: { origins: readonly string[] }, now: () => Milliseconds, barred: (address: string) => boolean = () => false): Partial<ServerOptions> {
  const origins = originCheck(server.origins, now);
  return {
    // Prompts are short; anything bigger is refused by socket.io before it reaches a handler.
    maxHttpBufferSize: 64 * 1024,
    serveClient: false,
    // Cross-origin polling only for the listed origins; WebSockets are checked by allowRequest.
    cors: { origin: server.origins.length ? [...server.origins] : false },
    allowRequest: (req, fn) => (barred(req.socket.remoteAddress ?? '') ? fn('too many requests from this address', false) : origins(req, fn)),
  };
}

/** Bytes waiting to be sent to one socket: engine.io's write buffer plus the WebSocket's own. */
export function bufferedBytes(socket: Socket): number {
  const conn = socket.conn as unknown as { writeBuffer?: Array<{ data?: unknown }>; transport?: { socket?: { bufferedAmount?: number } } };
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const p of conn.writeBuffer ?? []) {
    const d = p.data;
    bytes += typeof d === 'string' ? d.length : d instanceof Uint8Array || d instanceof ArrayBuffer ? d.byteLength : 0;
  }
  return bytes;
}

/**
 * Disconnects a socket that stopped reading and drops its connection now, freeing what waits to be sent.
 * A plain disconnect would close politely after the unsent data drains, which for a reader that reads
 * nothing means holding it all until the ping timeout.
 */
export function dropSlowReader(socket: Socket, ns: string, limit: number, throttled: ThrottledLog): void {
  const bytes = bufferedBytes(socket);
  throttled.write('warn', 'slow', { ns, bytes, limit }, 'disconnecting a socket that stopped reading');
  const conn = socket.conn as unknown as { close(discard?: boolean): void; transport?: { socket?: { terminate?: () => void } } };
  socket.disconnect(true);
  conn.close(true); // discards engine.io's write buffer instead of waiting for it to drain
  conn.transport?.socket?.terminate?.(); // a WebSocket: no closing handshake with a peer that reads nothing
}

export interface SlowReaderOptions {
  /** Unsent bytes above which a socket is disconnected. */
  maxBufferedBytes: number;
  /** How often every socket is checked, in milliseconds. */
  intervalMs: Milliseconds;
  /** Called for each socket disconnected (metrics). */
  onDisconnect?: (ns: string) => void;
  /** The installation's clock, milliseconds since the epoch (paces the log). */
  now: () => Milliseconds;
}

/** Checks every socket of every namespace each interval; returns a function that stops checking. */
export function watchSlowReaders(io: Server, namespaces: readonly string[], o: SlowReaderOptions): () => void {
  const throttled = new ThrottledLog({ log, now: o.now });
  const check = (): void => {
    for (const ns of namespaces) {
      for (const socket of io.of(ns).sockets.values()) {
        const bytes = bufferedBytes(socket);
        if (bytes <= o.maxBufferedBytes) continue;
        o.onDisconnect?.(ns);
        dropSlowReader(socket, ns, o.maxBufferedBytes, throttled);
      }
    }
  };
  const timer = setInterval(check, o.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
