/**
 * @module tokenCheck: the installation's token, compared in constant time, wherever it is asked for
 * (console sockets, `Authorization: Bearer` on protected endpoints).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** True when `given` is a string equal to `token` (and a token is set); the time taken does not depend on where they differ. */
export function tokenMatches(token: string | undefined, given: unknown): boolean {
  if (!token || typeof given !== 'string') return false;
  const x = Buffer.from(given);
  const y = Buffer.from(token);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The bearer token of an HTTP request, if it sends one. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}
