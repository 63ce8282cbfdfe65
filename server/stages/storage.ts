/**
 * @module storage (installation stage): what survives a restart, in the data folder: the archive, the prompt
 * queue and its store, and the journal of the verse being written. Opening it recovers a crash: the
 * interrupted verse is archived and its prompt requeued. Every verse is signed as it is archived, with the
 * installation's key (made at first start).
 */
import path from 'node:path';
import type { Config } from '../../config/schema.ts';
import { Archive } from '../../engine/archive.ts';
import type { Clock } from '../../engine/clock.ts';
import { logger } from '../../engine/log.ts';
import { PromptQueue } from '../../engine/promptQueue.ts';
import { QueueStore } from '../../engine/queueStore.ts';
import { VerseJournal } from '../../engine/verseJournal.ts';
import { KeyRing } from '../provenance/keyRing.ts';
import { verseSealer } from '../provenance/verseSeal.ts';

const log = logger('server');

export interface StorageStage {
  readonly archive: Archive;
  /** The installation's signing keys (current and retired public keys). */
  readonly keys: KeyRing;
  readonly queue: PromptQueue;
  readonly store: QueueStore;
  readonly journal: VerseJournal;
  /** Flushes the journal and closes the files. */
  dispose(): Promise<void>;
}

export function openStorage(o: { config: Config; clock: Clock }): StorageStage {
  const { config, clock } = o;
  const dir = path.resolve(config.data);
  const store = new QueueStore({ dir, now: () => clock.now() });
  const queue = new PromptQueue({ max: config.engine.queue.max, perClient: config.engine.queue.perClient, maxChars: config.engine.prompt.maxChars }, undefined, store);
  const keys = KeyRing.open(dir);
  const archive = new Archive(dir, { seal: verseSealer(keys) });
  const journal = new VerseJournal({ store, archive, queue, now: () => clock.now() });
  const interrupted = journal.recover();
  if (interrupted || queue.size) log.info({ interrupted, queued: queue.size }, 'restored the queue; interrupted verses archived and their prompts requeued');
  return {
    archive,
    keys,
    queue,
    store,
    journal,
    async dispose() {
      journal.flush();
      archive.close();
      store.close();
    },
  };
}
