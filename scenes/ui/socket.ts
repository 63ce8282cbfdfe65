/**
 * @module socket: typed socket.io connections for the pages. Event names and payloads come only from
 * protocol/events.ts, so a renamed event breaks the page build instead of silently going quiet.
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ErrorPayload, Namespace, ServerToClientEvents } from '../../protocol/events.ts';

export type PageSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** A socket whose requests fail after a timeout instead of waiting forever for an ack. */
export type TimedSocket = ReturnType<PageSocket['timeout']>;

export interface ConnectOptions {
  /** socket.io `auth` (the console sends its token here). */
  auth?: Record<string, string>;
  /** Transports in order of preference; default WebSocket, then long polling. */
  transports?: Array<'websocket' | 'polling'>;
}

/** Connects to a namespace on the page's own origin; socket.io reconnects by itself after drops. */
export function connect(ns: Namespace, options: ConnectOptions = {}): PageSocket {
  const socket: PageSocket = io(ns, {
    auth: options.auth ?? {},
    // WebSocket first: behind a load balancer over several servers (README "Several servers") no sticky
    // sessions are needed; long polling remains for networks that block WebSockets.
    transports: options.transports ?? ['websocket', 'polling'],
    // Projectors and kiosks run for weeks: keep retrying, but gently.
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  socket.on('disconnect', (reason) => {
    // When the server closes a socket itself (a graceful restart does), socket.io gives up for good;
    // a projector nobody is watching must come back on its own.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), SERVER_CLOSE_RETRY_MS);
  });
  return socket;
}

/** Wait before reconnecting after the server closed the socket itself (it is probably restarting). */
const SERVER_CLOSE_RETRY_MS = 1000;

/** The server acks at once; a request still unanswered after this has been lost with the connection. */
export const ACK_TIMEOUT_MS = 8000;
/** A model switch is acked once the model has loaded, which may take a while on a busy machine. */
export const LOAD_ACK_TIMEOUT_MS = 300_000;

export const NO_REPLY: ErrorPayload = {
  code: 'INKVERSE_E_BAD_REQUEST',
  message: 'The installation did not answer; check the connection and try again.',
};

export const NOT_CONNECTED: ErrorPayload = {
  code: 'INKVERSE_E_BAD_REQUEST',
  message: 'Not connected to the installation right now; it reconnects by itself, try again in a moment.',
};

/**
 * Sends one request and resolves with its ack; never rejects. A dropped connection or a lost ack
 * becomes a plain refusal, so every caller handles one shape and shows one kind of message.
 */
export async function ask<T extends object>(socket: PageSocket, send: (s: TimedSocket) => Promise<Ack<T>>, timeoutMs = ACK_TIMEOUT_MS): Promise<Ack<T>> {
  if (!socket.connected) return { ok: false, error: NOT_CONNECTED };
  try {
    return await send(socket.timeout(timeoutMs));
  } catch {
    return { ok: false, error: NO_REPLY };
  }
}
