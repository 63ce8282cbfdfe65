/**
 * @module httpServer: the node:http server with bounds for clients that misbehave: requests that cannot be
 * parsed (bad request line, bad headers, oversized headers, truncated) are answered 400/431 and closed
 * without reaching a route, slow clients are cut off by time limits, and nothing is logged per request
 * beyond a throttled line, so hostile traffic cannot fill the disk.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { logger } from '../engine/log.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import { ThrottledLog } from './throttledLog.ts';

const log = logger('http');

export interface HttpServerOptions {
  /** Longest wait for a request's headers, in milliseconds (slowloris). */
  headersTimeoutMs: Milliseconds;
  /** Longest wait for a whole request, in milliseconds. */
  requestTimeoutMs: Milliseconds;
  /** Idle keep-alive connections are closed after this, in milliseconds. */
  keepAliveTimeoutMs: Milliseconds;
  /** Largest request header block, in bytes. */
  maxHeaderBytes: number;
  /** Most headers one request may send. */
  maxHeadersCount: number;
  /** The installation's clock, milliseconds since the epoch (paces the malformed-request log). */
  now: () => Milliseconds;
}

const DEFAULTS = {
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16 * 1024,
  maxHeadersCount: 64,
} satisfies Omit<HttpServerOptions, 'now'>;

export function createHttpServer(handler: (req: IncomingMessage, res: ServerResponse) => void, options: Partial<HttpServerOptions> & Pick<HttpServerOptions, 'now'>): Server {
  const o = { ...DEFAULTS, ...options };
  const throttled = new ThrottledLog({ log, now: o.now });
  const server = createServer({ maxHeaderSize: o.maxHeaderBytes, requestTimeout: o.requestTimeoutMs, headersTimeout: o.headersTimeoutMs, keepAliveTimeout: o.keepAliveTimeoutMs }, handler);
  server.maxHeadersCount = o.maxHeadersCount;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    throttled.write('debug', 'clientError', { code: err.code }, 'malformed HTTP request refused');
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });
  return server;
}

/** Listens on `port`/`host`; rejects (nothing listening) when the port cannot be bound. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
