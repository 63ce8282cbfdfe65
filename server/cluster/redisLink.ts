/**
 * @module redisLink: the connections to Redis, made only when `redis.url` is set: the `redis` package is
 * imported here at run time, so an installation without Redis never loads it. Two clients: one for the
 * socket.io adapter, which queues its commands while Redis is away and sends them when it is back (no
 * broadcast lost in a blip); one for the shared state, whose commands fail at once while Redis is away, so
 * the installation carries on with what it last knew instead of waiting. Both reconnect by themselves.
 */
import type { RedisClientType } from 'redis';
import type { Clock } from '../../engine/clock.ts';
import { Emitter } from '../../engine/emitter.ts';
import { logger } from '../../engine/log.ts';

const log = logger('server:redis');

export type RedisClient = RedisClientType;
/** `connected`: commands go through; `down`: lost or not yet reached, reconnecting by itself. */
export type RedisStatus = 'connected' | 'down';

export interface RedisLinkOptions {
  url: string;
  clock: Clock;
  /** Longest wait between reconnection attempts, in milliseconds; default 2000. */
  maxBackoffMs: number;
  /** How long start-up waits for a first connection before going on without one, in milliseconds; default 3000. */
  startWaitMs: number;
}

const DEFAULTS = { maxBackoffMs: 2000, startWaitMs: 3000 } satisfies Omit<RedisLinkOptions, 'url' | 'clock'>;

export interface RedisLink {
  /** For the socket.io adapter (queues while away). */
  readonly adapterClient: RedisClient;
  /** For the shared state (fails fast while away). */
  readonly client: RedisClient;
  readonly events: Emitter<{ status: (s: RedisStatus) => void }>;
  status(): RedisStatus;
  /** A further connection of the state client's kind (a blocking read needs its own). */
  duplicate(): Promise<RedisClient>;
  close(): Promise<void>;
}

/** Connects (waiting up to `startWaitMs`; a Redis that is not up yet is joined when it comes). */
export async function openRedis(options: Pick<RedisLinkOptions, 'url' | 'clock'> & Partial<RedisLinkOptions>): Promise<RedisLink> {
  const o = { ...DEFAULTS, ...options };
  const { createClient } = await import('redis');
  const socket = { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 10), o.maxBackoffMs), connectTimeout: 2000 };
  const adapterClient = createClient({ url: o.url, socket }) as RedisClient;
  handlePublishes(adapterClient);
  const client = createClient({ url: o.url, socket, disableOfflineQueue: true }) as RedisClient;
  const events = new Emitter<{ status: (s: RedisStatus) => void }>();
  let status: RedisStatus = 'down';
  let lastError = '';
  let closed = false;
  const set = (s: RedisStatus): void => {
    if (s === status || closed) return;
    status = s;
    log[s === 'connected' ? 'info' : 'warn']({ url: redact(o.url) }, s === 'connected' ? 'Redis connected' : 'Redis connection lost; reconnecting');
    events.emit('status', s);
  };
  const quiet = (err: Error): void => {
    // Every reconnection attempt fails alike while Redis is away: said once, not every 2 s.
    if (err.message !== lastError) log.warn({ err: err.message }, 'Redis error');
    lastError = err.message;
  };
  adapterClient.on('error', quiet);
  client.on('error', quiet);
  client.on('ready', () => ((lastError = ''), set('connected')));
  client.on('reconnecting', () => set('down'));
  client.on('end', () => set('down'));
  const first = Promise.all([adapterClient.connect(), client.connect()]);
  first.catch((err: unknown) => log.warn({ err }, 'Redis not reached'));
  const cap = new AbortController();
  await Promise.race([first, o.clock.sleep(o.startWaitMs, cap.signal)]).catch(() => {});
  cap.abort();
  return {
    adapterClient,
    client,
    events,
    status: () => status,
    async duplicate() {
      const dup = client.duplicate() as RedisClient;
      dup.on('error', quiet);
      await dup.connect();
      return dup;
    },
    async close() {
      if (closed) return;
      closed = true;
      events.removeAllListeners();
      // Gracefully (what was sent is answered first, so no caller is left with a rejection); cut after a second.
      const cap = new AbortController();
      const graceful = Promise.all([client, adapterClient].map((c) => (c.isOpen ? c.close().catch(() => {}) : undefined)));
      await Promise.race([graceful, o.clock.sleep(1000, cap.signal).catch(() => {})]);
      cap.abort();
      for (const c of [client, adapterClient]) if (c.isOpen) c.destroy();
    },
  };
}

/**
 * The adapter sends its server-to-server messages with PUBLISH and lets the promise go: one cut short by a Redis
 * blip would be an unhandled rejection, which ends the process (server/main.ts). Marked handled here; callers that
 * await it still see the failure.
 */
function handlePublishes(client: RedisClient): void {
  for (const name of ['publish', 'sPublish'] as const) {
    const send = (client[name] as (...a: unknown[]) => Promise<unknown>).bind(client);
    (client as unknown as Record<string, unknown>)[name] = (...a: unknown[]): Promise<unknown> => {
      const sent = send(...a);
      sent.catch(() => {});
      return sent;
    };
  }
}

/** The URL without its password, for the log. */
function redact(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
