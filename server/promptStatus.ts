/**
 * @module promptStatus: each kiosk hears about its own prompts only, and a kiosk that reconnects (also
 * after a server restart: ids live in the queue store and the archive) can ask what became of them with
 * `prompt:status`. A prompt a performer removed is announced as `queue:removed`, not as position 0.
 * The kiosks that follow a prompt are also in its room (`promptRoom`), so its verse's take-away code reaches
 * them and no other kiosk: a code opens the visitor's verse page, and a kiosk shows only its visitor's own.
 * A waiting prompt's id is known only to its submitter (the id is the key); a prompt being written has its id
 * on every page (`verse:start`), so asking after it joins its room only for the visitor who submitted it.
 */
import type { Namespace } from 'socket.io';
import type { Archive } from '../engine/archive.ts';
import type { PromptQueue, QueueChange } from '../engine/promptQueue.ts';
import type { QueueStore } from '../engine/queueStore.ts';
import type { VerseJournal } from '../engine/verseJournal.ts';
import type { ClientToServerEvents, PromptStatus, ServerToClientEvents } from '../protocol/events.ts';
import type { PromptLookup } from './commandSink.ts';
import { VisitorLimits } from './visitorLimits.ts';

export interface KioskPromptsOptions {
  /** Where waiting prompts stand: the local queue, or with Redis on a server that does not write, the writer's. */
  queue: Pick<PromptQueue, 'positionOf'>;
  /** Knows the prompt being written from the moment its verse starts, before its first token. */
  journal: VerseJournal;
  archive: Archive;
  store: QueueStore;
  /** The `/kiosk` namespace, to tell each socket about its prompts. */
  kiosk: Namespace<ClientToServerEvents, ServerToClientEvents>;
}

/** The socket.io room of the kiosk sockets that submitted (or asked after) one prompt. */
export const promptRoom = (id: string): string => `prompt:${id}`;

export class KioskPrompts {
  readonly #o: KioskPromptsOptions;
  /** Waiting prompt ids per kiosk socket. */
  readonly #owned = new Map<string, Set<string>>();

  constructor(options: KioskPromptsOptions) {
    this.#o = options;
  }

  /** This socket will hear where the prompt is until its verse starts or it is removed. */
  own(socketId: string, id: string): void {
    const mine = this.#owned.get(socketId) ?? new Set<string>();
    mine.add(id);
    this.#owned.set(socketId, mine);
    this.#o.kiosk.in(socketId).socketsJoin(promptRoom(id));
  }

  /** No kiosk follows the prompt any more (its code was sent, or it will never have one). */
  release(id: string): void {
    this.#o.kiosk.in(promptRoom(id)).socketsLeave(promptRoom(id));
  }

  forget(socketId: string): void {
    this.#owned.delete(socketId);
  }

  /** Looks each id up for queue owner `owner` (waiting, being written, archived, removed, unknown); joins no room. */
  lookup(ids: readonly string[], owner: string | undefined): PromptLookup[] {
    const { queue, journal, archive, store } = this.#o;
    const writing = journal.writing;
    return ids.map((id): PromptLookup => {
      const position = queue.positionOf(id);
      if (position !== undefined) return { id, status: 'queued', position };
      if (id === writing?.id) return { id, status: 'writing', mine: owner !== undefined && writing.owner === owner };
      const verse = archive.get(id);
      if (verse) return { id, status: 'done', verseId: verse.id, reason: verse.reason };
      if (store.wasRemoved(id)) return { id, status: 'removed' };
      return { id, status: 'unknown' };
    });
  }

  /** After a lookup: the asker follows its waiting prompts from now on, and its own verse being written. */
  follow(socketId: string, found: readonly PromptLookup[]): PromptStatus[] {
    return found.map(({ mine, ...status }) => {
      if (status.status === 'queued') this.own(socketId, status.id);
      // The visitor's kiosk back during their verse (same page, new socket) still hears its code when it ends.
      else if (status.status === 'writing' && mine) this.#o.kiosk.in(socketId).socketsJoin(promptRoom(status.id));
      return status as PromptStatus;
    });
  }

  /** The queue owner a kiosk socket submits as (its page's client id, or the socket's own). */
  ownerOf(socketId: string): string | undefined {
    const socket = this.#o.kiosk.sockets.get(socketId);
    return socket && VisitorLimits.identify(socket.handshake.address, socket.handshake.auth, socket.id).owner;
  }

  /** After a queue change: each owner hears its prompt's new position, 0 when its verse starts, or `queue:removed`. */
  changed(change?: QueueChange): void {
    const { queue, kiosk } = this.#o;
    for (const [socketId, ids] of this.#owned) {
      for (const id of ids) {
        const position = queue.positionOf(id);
        if (position !== undefined) {
          kiosk.to(socketId).emit('queue:position', { id, position });
          continue;
        }
        ids.delete(id);
        if (change?.kind === 'removed' && change.id === id) {
          kiosk.to(socketId).emit('queue:removed', { id });
          this.release(id);
        }
        else kiosk.to(socketId).emit('queue:position', { id, position: 0 });
      }
    }
  }
}
