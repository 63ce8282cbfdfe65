/**
 * @module remoteCommands: a page's prompt on a server that is not the writer. The command goes into a Redis
 * list (it waits there through a change of writer); the writer takes commands one by one, runs each through
 * its own command sink (every check a local prompt gets) and announces the answer to the asking server.
 * A command not answered in time is refused with `INKVERSE_E_UNAVAILABLE`, and the writer drops it unread
 * once its deadline has passed, so a visitor told "try again" is never written twice.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../engine/clock.ts';
import { logger } from '../../engine/log.ts';
import { InkverseError, toErrorPayload, type ErrorPayload } from '../../protocol/errors.ts';
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import type { CommandSink, PromptLookup } from '../commandSink.ts';
import type { RedisClient } from './redisLink.ts';

const log = logger('server:cluster');

type Method = keyof CommandSink;
interface Command { id: string; from: string; method: Method; args: unknown[]; deadline: Milliseconds }
/** The writer's answer, announced to every server; the asker (`to`) takes it. */
export interface CommandReply { to: string; id: string; ok: boolean; result?: unknown; error?: ErrorPayload }

const UNAVAILABLE = 'The installation is changing writers or cannot reach its writer; try again in a few seconds.';

export interface RemoteCommandsOptions {
  client: RedisClient;
  /** The list commands wait in. */
  key: string;
  /** This server's id (replies are addressed to it). */
  serverId: string;
  clock: Clock;
  /** How long a command waits for the writer's answer, in milliseconds; default 7000 (within the 8 s a kiosk waits for an ack). */
  timeoutMs: Milliseconds;
}

const DEFAULTS = { timeoutMs: 7000 } satisfies Partial<RemoteCommandsOptions>;

/** The asking side: a command sink whose commands the writer runs. */
export class RemoteCommands implements CommandSink {
  readonly #o: RemoteCommandsOptions;
  readonly #pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(options: Omit<RemoteCommandsOptions, keyof typeof DEFAULTS> & Partial<RemoteCommandsOptions>) {
    this.#o = { ...DEFAULTS, ...options };
  }

  submitPrompt(...args: Parameters<CommandSink['submitPrompt']>): Promise<{ id: string; position: number }> {
    return this.#call('submitPrompt', args) as Promise<{ id: string; position: number }>;
  }

  lookupPrompts(...args: Parameters<CommandSink['lookupPrompts']>): Promise<PromptLookup[]> {
    return this.#call('lookupPrompts', args) as Promise<PromptLookup[]>;
  }

  /** An answer announced by the writer (for this server or another). */
  reply(r: CommandReply): void {
    if (r.to !== this.#o.serverId) return;
    const p = this.#pending.get(r.id);
    if (!p) return;
    this.#pending.delete(r.id);
    if (r.ok) p.resolve(r.result);
    else p.reject(new InkverseError(r.error?.code ?? 'INKVERSE_E_UNAVAILABLE', r.error?.message ?? UNAVAILABLE));
  }

  async #call(method: Method, args: unknown[]): Promise<unknown> {
    const { client, key, serverId, clock, timeoutMs } = this.#o;
    const cmd: Command = { id: randomUUID(), from: serverId, method, args, deadline: clock.now() + timeoutMs };
    const answer = new Promise<unknown>((resolve, reject) => this.#pending.set(cmd.id, { resolve, reject }));
    const timer = new AbortController();
    try {
      await client.rPush(key, JSON.stringify(cmd));
      return await Promise.race([answer, clock.sleep(timeoutMs, timer.signal).then(() => Promise.reject(new InkverseError('INKVERSE_E_UNAVAILABLE', UNAVAILABLE)))]);
    } catch (err) {
      if (err instanceof InkverseError) throw err;
      throw new InkverseError('INKVERSE_E_UNAVAILABLE', UNAVAILABLE, { cause: err }); // Redis away
    } finally {
      timer.abort();
      this.#pending.delete(cmd.id);
    }
  }

  close(): void {
    for (const p of this.#pending.values()) p.reject(new InkverseError('INKVERSE_E_UNAVAILABLE', UNAVAILABLE));
    this.#pending.clear();
  }
}

export interface CommandServerOptions {
  /** A connection of its own: it blocks waiting for commands. */
  client: RedisClient;
  key: string;
  /** Runs the commands (the writer's local sink). */
  sink: CommandSink;
  /** Announces an answer to every server. */
  reply(r: CommandReply): void;
  clock: Clock;
}

/** The writer's side: takes commands from the list while it is the writer. */
export class CommandServer {
  readonly #o: CommandServerOptions;
  readonly #stop = new AbortController();
  readonly #loop: Promise<void>;

  constructor(options: CommandServerOptions) {
    this.#o = options;
    this.#loop = this.#run();
  }

  async #run(): Promise<void> {
    const { client, key, clock } = this.#o;
    while (!this.#stop.signal.aborted) {
      let raw: { element: string } | null;
      try {
        raw = (await client.blPop(key, 1)) as { element: string } | null;
      } catch {
        if (this.#stop.signal.aborted) return;
        await clock.sleep(500, this.#stop.signal).catch(() => {}); // Redis away: try again shortly
        continue;
      }
      if (raw) await this.#serve(raw.element);
    }
  }

  async #serve(raw: string): Promise<void> {
    let cmd: Command;
    try {
      cmd = JSON.parse(raw) as Command;
    } catch {
      return log.warn('a malformed command in the command list was dropped');
    }
    if (cmd.deadline < this.#o.clock.now()) return log.info({ method: cmd.method }, 'a command came after its asker gave up; dropped');
    try {
      const fn = this.#o.sink[cmd.method] as (...a: unknown[]) => Promise<unknown>;
      if (typeof fn !== 'function') throw new InkverseError('INKVERSE_E_UNKNOWN_EVENT', `"${String(cmd.method)}" is not a command.`);
      // JSON has no undefined: an optional argument left out came as null.
      const result = await fn.apply(this.#o.sink, cmd.args.map((a) => a ?? undefined));
      this.#o.reply({ to: cmd.from, id: cmd.id, ok: true, result });
    } catch (err) {
      this.#o.reply({ to: cmd.from, id: cmd.id, ok: false, error: toErrorPayload(err) });
    }
  }

  /** Stops taking commands (those waiting stay for the next writer). Idempotent. */
  async close(): Promise<void> {
    if (this.#stop.signal.aborted) return;
    this.#stop.abort();
    if (this.#o.client.isOpen) this.#o.client.destroy(); // ends a blocking wait at once
    await this.#loop;
  }
}
