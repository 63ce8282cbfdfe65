/** @module installation (test helper): a real installation on free ports with a temporary data folder, and socket.io clients. */
import { mkdtempSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { parseConfig } from '../../config/loadConfig.ts';
import type { ConfigInput } from '../../config/schema.ts';
import { startInstallation, type Installation, type InstallationOptions } from '../../server/installation.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.ts';
import { running } from './runningInstallations.ts';

export const TEST_TOKEN = 'test-token-123';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real installation on free ports, a temporary data folder and the test token; tracked until closed (runningInstallations.ts). */
export async function startTestInstallation(config: ConfigInput = {}, extra: Omit<InstallationOptions, 'config'> = {}): Promise<Installation> {
  const parsed = parseConfig({
    ...config,
    server: { port: 0, host: '127.0.0.1', token: TEST_TOKEN, ...config.server },
    osc: { port: 0, host: '127.0.0.1', ...config.osc },
    data: config.data ?? mkdtempSync(path.join(os.tmpdir(), 'inkverse-test-')),
    params: { tempo: 0, verse_gap: 0.2, ...config.params },
  });
  const inst = await startInstallation({ configDir: mkdtempSync(path.join(os.tmpdir(), 'inkverse-cfg-')), ...extra, config: parsed });
  running.add(inst);
  const close = inst.close;
  inst.close = (options) => (running.delete(inst), close(options));
  return inst;
}

/** Every event each test client has received, so a wait never misses one that arrived in the same burst. */
const history = new WeakMap<Client, Array<[string, unknown]>>();

export function client(inst: Installation, ns: string, auth?: Record<string, string>): Client {
  const socket: Client = connect(inst.url + ns, { transports: ['websocket'], forceNew: true, reconnection: false, ...(auth ? { auth } : {}) });
  const seen: Array<[string, unknown]> = [];
  history.set(socket, seen);
  socket.onAny((event: string, payload: unknown) => seen.push([event, payload]));
  return socket;
}

/** Resolves with the first event since the client connected that satisfies `match`. */
export function next<E extends keyof ServerToClientEvents>(
  socket: Client,
  event: E,
  match: (p: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 60_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  type P = Parameters<ServerToClientEvents[E]>[0];
  const past = history.get(socket)?.find(([e, p]) => e === event && match(p as P));
  if (past) return Promise.resolve(past[1] as P);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching "${String(event)}" within ${timeoutMs} ms`)), timeoutMs);
    const handler = ((p: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(p)) return;
      clearTimeout(timer);
      socket.off(event, handler as never);
      resolve(p);
    }) as never;
    socket.on(event, handler);
  });
}

/** Emits with an ack and resolves the ack. */
export function request<T>(socket: Client, event: string, payload?: unknown): Promise<T> {
  return new Promise((resolve) => (socket.emit as (e: string, ...a: unknown[]) => void)(event, payload, (ack: T) => resolve(ack)));
}

/**
 * One real installation per test file, started before its tests, with a tracked set of clients;
 * `open` makes a client that is closed, with the installation, after the file's tests.
 */
export function useInstallation(
  config: ConfigInput = {},
  extra: Omit<InstallationOptions, 'config'> = {},
): { readonly inst: Installation; open(ns: string, auth?: Record<string, string>): Client } {
  let inst: Installation | undefined;
  const sockets: Client[] = [];
  beforeAll(async () => {
    inst = await startTestInstallation(config, extra);
    await inst.ready;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await inst?.close();
  });
  return {
    get inst(): Installation {
      if (!inst) throw new Error('The installation starts in beforeAll; use it inside tests.');
      return inst;
    },
    open(ns, auth) {
      const s = client(this.inst, ns, auth);
      sockets.push(s);
      return s;
    },
  };
}
