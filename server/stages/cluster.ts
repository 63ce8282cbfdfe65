/**
 * @module cluster (installation stage): several servers, one room, through Redis (`redis.url`). Without a
 * URL there is no stage and nothing of Redis is loaded. With one: socket.io broadcasts through the Redis
 * streams adapter (with connection state recovery), the writer is elected through a lock, the writer keeps
 * its snapshot in Redis and serves the commands other servers queue there, and every other server serves
 * `state` from that snapshot and sends its pages' prompts to the writer. Roles: `writer`, `standby` (would
 * take over), `edge` (never writes, loads no model).
 */
import { randomUUID } from 'node:crypto';
import type { Server, ServerOptions } from 'socket.io';
import type { Config } from '../../config/schema.ts';
import type { Clock } from '../../engine/clock.ts';
import { logger } from '../../engine/log.ts';
import type { PromptQueue } from '../../engine/promptQueue.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.ts';
import type { CommandSink } from '../commandSink.ts';
import type { SnapshotSource } from '../snapshotSource.ts';
import { openRedis, type RedisStatus } from '../cluster/redisLink.ts';
import { WriterElection, type Role } from '../cluster/writerElection.ts';
import { StateMirror } from '../cluster/stateMirror.ts';
import { RemoteCommands, type CommandReply } from '../cluster/remoteCommands.ts';
import { WriterDuties } from '../cluster/writerDuties.ts';
import { replicateArchived, type ArchivedNote } from '../cluster/archiveReplica.ts';
import type { ControlStage } from './control.ts';
import type { EngineStage } from './engine.ts';
import type { StorageStage } from './storage.ts';

const log = logger('server:cluster');

type IoServer = Server<ClientToServerEvents, ServerToClientEvents>;

export interface ClusterStageOptions {
  config: Config;
  clock: Clock;
  storage: StorageStage;
  engine: Pick<EngineStage, 'loop' | 'params' | 'generator' | 'model'>;
  control: Pick<ControlStage, 'scene'>;
}

/** The waiting prompts as pages' requests read them (positions, a visitor's share). */
type WaitingPrompts = Pick<PromptQueue, 'positionOf' | 'list'>;

/** What the stream hub reads and where it sends, following this server's role. */
export interface SharedSources {
  snapshot: SnapshotSource;
  commands: CommandSink;
  queue: WaitingPrompts;
  /** Calls `listener` when the writer's queue changed (heard while this server does not write); returns the unsubscribe. */
  onQueue(listener: () => void): () => void;
}

export interface ClusterStage {
  readonly serverId: string;
  /** False for an edge: it never writes, so it loads no model. */
  readonly contends: boolean;
  /**
   * Whether this server writes now: elected, and its writer duties taken up (the last writer's queue adopted,
   * its own state going to Redis). The one answer every part of the server asks: the stream hub (console
   * actions, parameter and scene broadcasts), the commands and state it serves, and `/health`.
   */
  writing(): boolean;
  /** `writer` exactly while `writing()`; else `standby`, or `edge` for a server that never writes. */
  role(): Role;
  redis(): RedisStatus;
  /** socket.io options: the Redis streams adapter and connection state recovery. */
  readonly ioOptions: Partial<ServerOptions>;
  /** The state and commands the stream hub uses: this process's while writing, the writer's otherwise. */
  bind(io: IoServer, local: { snapshot: SnapshotSource; commands: CommandSink; queue: WaitingPrompts }): SharedSources;
  /** Something can write now: writes (`startLoop`) whenever this server is elected. */
  start(startLoop: () => void): void;
  dispose(): Promise<void>;
}

export async function joinCluster(o: ClusterStageOptions): Promise<ClusterStage | null> {
  const { url, role, lockSeconds, prefix } = o.config.redis;
  if (!url) return null;
  const { clock } = o;
  const serverId = randomUUID();
  const link = await openRedis({ url, clock });
  const { createAdapter } = await import('@socket.io/redis-streams-adapter');
  const key = (k: string): string => `${prefix}:${k}`;
  const election = new WriterElection({ client: link.client, key: key('writer'), id: serverId, lockMs: lockSeconds * 1000, contend: role === 'auto', clock });
  const remote = new RemoteCommands({ client: link.client, key: key('commands'), serverId, clock });
  let mirror: StateMirror | null = null;
  let duties: WriterDuties | null = null;
  let io: IoServer | null = null;
  let bound: CommandSink | null = null;
  let closing = false;
  const writing = (): boolean => election.role === 'writer' && duties !== null;
  return {
    serverId,
    contends: role === 'auto',
    writing,
    role: () => (writing() ? 'writer' : role === 'auto' ? 'standby' : 'edge'),
    redis: () => link.status(),
    ioOptions: {
      adapter: createAdapter(link.adapterClient, { streamName: key('socket.io'), channelPrefix: key('socket.io'), sessionKeyPrefix: key('sio:session:') }),
      // A page that drops for a moment gets what it missed from the stream, on whichever server it reaches.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
    },
    bind(server, local) {
      io = server;
      mirror = new StateMirror({ client: link.client, keys: { state: key('state'), verse: key('verse') }, clock, fallback: local.snapshot });
      const m = mirror;
      server.on('inkverse:state', (json: unknown) => !writing() && m.accept(json));
      server.on('inkverse:verse', (json: unknown) => !writing() && m.append(json));
      server.on('inkverse:reply', (r: CommandReply) => remote.reply(r));
      server.on('inkverse:archived', (note: ArchivedNote) => !writing() && replicateArchived(o.storage.archive, note));
      const commands = routedCommands(writing, local.commands, remote, () => duties?.flushed());
      bound = commands;
      const queue: WaitingPrompts = {
        positionOf: (id) => (writing() ? local.queue.positionOf(id) : m.positionOf(id)),
        list: () => (writing() ? local.queue.list() : (m.snapshot?.queue ?? [])),
      };
      const onQueue = (listener: () => void): (() => void) => m.events.on('changed', () => !writing() && listener());
      return { snapshot: { state: (from) => (writing() ? local.snapshot.state(from) : m.state(from)) }, commands, queue, onQueue };
    },
    start(startLoop) {
      const becomeWriter = async (): Promise<void> => {
        if (!io || !mirror || !bound || duties) return;
        await mirror.refresh();
        const taken = await WriterDuties.take({ ...o, link, io, serverId, key, snapshot: mirror.snapshot, commands: bound, remote });
        if (election.role !== 'writer' || duties || closing) return void (await taken.close()); // stepped down (or closed) meanwhile
        duties = taken;
        startLoop();
      };
      election.events.on('role', (r) => {
        if (r === 'writer') void becomeWriter().catch((err: unknown) => log.error({ err }, 'could not take over as the writer'));
        else void stepDown();
      });
      const stepDown = async (): Promise<void> => {
        const d = duties;
        duties = null;
        await o.engine.loop.pause(0);
        await d?.close();
      };
      election.start();
    },
    async dispose() {
      closing = true;
      await duties?.flushed();
      await duties?.close();
      duties = null;
      await election.close();
      remote.close();
      mirror?.close();
      await link.close();
    },
  };
}

/** Prompts go to this process's sink while it writes, else to the writer through Redis; a local one is acknowledged once Redis has it. */
function routedCommands(writing: () => boolean, local: CommandSink, remote: RemoteCommands, flushed: () => Promise<void> | undefined): CommandSink {
  return {
    submitPrompt: async (...a) => {
      if (!writing()) return remote.submitPrompt(...a);
      const res = await local.submitPrompt(...a);
      await flushed(); // in Redis (or Redis is away) before the ack: a standby would find it
      return res;
    },
    lookupPrompts: (...a) => (writing() ? local.lookupPrompts(...a) : remote.lookupPrompts(...a)),
  };
}
