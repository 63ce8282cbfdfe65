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
import { StorageHealth } from '../../engine/storageHealth.ts';
import { watchStorage } from '../storageWatch.ts';
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
  /** Whether the data folder takes writes (a full disk degrades the installation, it does not crash it). */
  readonly storage: StorageHealth;
  /** Flushes the journal and closes the files. */
  dispose(): Promise<void>;
}

export function openStorage(o: { config: Config; clock: Clock }): StorageStage {
  const { config, clock } = o;
  const dir = path.resolve(config.data);
  // Every write to the data folder goes through the storage health: a full disk degrades, it does not crash.
  const storage = new StorageHealth({ dir, minFreeBytes: config.storage.minFreeMB * 1_000_000, now: () => clock.now() });
  const store = new QueueStore({ dir, now: () => clock.now(), storage });
  const queue = new PromptQueue({ max: config.engine.queue.max, perClient: config.engine.queue.perClient, maxChars: config.engine.prompt.maxChars }, undefined, store);
  const keys = KeyRing.open(dir, () => new Date(clock.now()));
  const archive = new Archive(dir, { seal: verseSealer(keys), storage });
  archive.probe(clock.now()); // a data folder that takes no write stops start-up here, with one sentence (main.ts)
  const journal = new VerseJournal({ store, archive, queue, now: () => clock.now() });
  const interrupted = journal.recover();
  if (interrupted || queue.size) log.info({ interrupted, queued: queue.size }, 'restored the queue; interrupted verses archived and their prompts requeued');
  const budget = config.storage.archiveBudgetMB * 1_000_000;
  const offStorage = watchStorage({ storage, now: () => clock.now(), probe: () => archive.probe(clock.now()), intervalMs: config.storage.checkSeconds * 1000, ...(budget ? { prune: () => archive.prune(budget) } : {}) });
  return {
    archive,
    keys,
    queue,
    store,
    journal,
    storage,
    async dispose() {
      offStorage();
      journal.flush();
      archive.close();
      store.close();
    },
  };
}
