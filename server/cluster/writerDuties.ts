/**
 * @module writerDuties: what the elected writer does beyond writing: it first adopts the last writer's
 * snapshot (takeover.ts), then keeps its own snapshot and verse log in Redis (statePublisher.ts), serves the commands other
 * servers queue, and announces each take-away page so every server has it. All of it stops when the server
 * steps down or closes.
 */
import type { Server } from 'socket.io';
import type { Clock } from '../../engine/clock.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.ts';
import type { CommandSink } from '../commandSink.ts';
import type { SceneState } from '../sceneState.ts';
import type { EngineStage } from '../stages/engine.ts';
import type { StorageStage } from '../stages/storage.ts';
import type { ArchivedNote } from './archiveReplica.ts';
import type { RedisLink } from './redisLink.ts';
import { CommandServer, type CommandReply, type RemoteCommands } from './remoteCommands.ts';
import type { SharedSnapshot } from './sharedSnapshot.ts';
import { StatePublisher } from './statePublisher.ts';
import { adoptSnapshot } from './takeover.ts';

export interface WriterDutiesOptions {
  clock: Clock;
  link: RedisLink;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  serverId: string;
  /** A key under the installation's prefix. */
  key(name: string): string;
  storage: StorageStage;
  engine: Pick<EngineStage, 'loop' | 'params' | 'generator'>;
  control: { scene: SceneState };
  /** The last writer's snapshot (null when nobody wrote before). */
  snapshot: SharedSnapshot | null;
  /** Runs the commands other servers queue. */
  commands: CommandSink;
  /** This server's own asking side (a command it queued just before it was elected is answered here). */
  remote: RemoteCommands;
}

export class WriterDuties {
  readonly #publisher: StatePublisher;
  readonly #server: CommandServer;
  readonly #offs: Array<() => void>;

  /** Adopts the last writer's snapshot and starts the duties. */
  static async take(o: WriterDutiesOptions): Promise<WriterDuties> {
    const { storage, engine, control } = o;
    adoptSnapshot(o.snapshot, { queue: storage.queue, store: storage.store, journal: storage.journal, params: engine.params, scene: control.scene });
    const reply = (r: CommandReply): void => (r.to === o.serverId ? o.remote.reply(r) : void o.io.serverSideEmit('inkverse:reply', r));
    const server = new CommandServer({ client: await o.link.duplicate(), key: o.key('commands'), sink: o.commands, reply, clock: o.clock });
    return new WriterDuties(o, server);
  }

  private constructor(o: WriterDutiesOptions, server: CommandServer) {
    this.#server = server;
    const { storage, engine, control, clock, io } = o;
    const read = (): Omit<SharedSnapshot, 'verseStart'> => ({
      writer: o.serverId,
      params: engine.params.snapshot(),
      scene: control.scene.snapshot(),
      queue: [...storage.queue.list()],
      running: storage.store.running(),
      limits: { promptChars: storage.queue.options.maxChars },
      service: engine.generator.status,
      at: clock.now(),
    });
    const announce = (kind: 'state' | 'verse', json: string): void => void io.serverSideEmit(kind === 'state' ? 'inkverse:state' : 'inkverse:verse', json);
    const publisher = new StatePublisher({ client: o.link.client, keys: { state: o.key('state'), verse: o.key('verse') }, feed: engine.loop, read, announce });
    this.#publisher = publisher;
    const changed = (): void => publisher.changed();
    this.#offs = [
      engine.params.onChange(changed),
      control.scene.events.on('scene', changed),
      storage.queue.onChange(changed),
      o.link.events.on('status', (s) => s === 'connected' && publisher.resend()), // Redis back: it gets the newest state at once
      storage.archive.pages.on('saved', (code, id, page) => {
        const verse = storage.archive.get(id);
        if (verse) io.serverSideEmit('inkverse:archived', { code, id, verse, page } satisfies ArchivedNote);
      }),
    ];
    changed();
  }

  /** Resolves once the state as it is now is in Redis (or Redis is away). */
  flushed(): Promise<void> {
    return this.#publisher.flushed();
  }

  async close(): Promise<void> {
    for (const off of this.#offs.splice(0)) off();
    this.#publisher.close();
    await this.#server.close();
  }
}
