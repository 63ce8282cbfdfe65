/**
 * @module storageWatch: the installation's side of the storage health (`engine/storageHealth.ts`): checks the
 * data folder's free space every few seconds (and, while degraded, whether it takes a write again), and folds
 * the storage's state into `/health`, so a full disk reads `degraded` with its reason and free space.
 */
import type { StorageHealth, StorageStatus } from '../engine/storageHealth.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import { logger } from '../engine/log.ts';
import type { Health } from './httpRoutes.ts';
import { ThrottledLog } from './throttledLog.ts';


export interface StorageWatchOptions {
  storage: StorageHealth;
  /** A small real write to the archive (`Archive.probe`). */
  probe: () => void;
  /** How often the free space is checked, in milliseconds. */
  intervalMs: Milliseconds;
  /** Keeps the archive within its budget (`Archive.prune`); returns the verses deleted. Absent: no budget. */
  prune?: () => number;
  /** The installation's clock, milliseconds since the epoch (paces the log). */
  now: () => Milliseconds;
}

/** Checks now and then every `intervalMs`; returns a function that stops checking. */
export function watchStorage(o: StorageWatchOptions): () => void {
  const throttled = new ThrottledLog({ log: logger('server:storage'), now: o.now });
  const check = (): void => {
    try {
      o.storage.check(o.probe);
      const pruned = o.storage.status.ok ? (o.prune?.() ?? 0) : 0;
      if (pruned) throttled.write('info', 'storage-prune', { pruned }, 'archive over its budget: the oldest verses deleted, attract verses first');
    } catch (err) {
      // Never out of a timer: an unexpected fault of the check is logged and the next check tries again.
      throttled.write('error', 'storage-check', { err }, 'the storage check failed');
    }
  };
  check();
  const timer = setInterval(check, o.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** `/health` with the storage's state: degraded, with the storage's reason first, while the disk refuses. */
export function withStorage(health: Health, storage: StorageStatus): Health {
  if (storage.ok) return { ...health, storage };
  const reason = [storage.reason, typeof health.reason === 'string' ? health.reason : null].filter(Boolean).join('; ');
  return { ...health, status: 'degraded', reason, storage };
}
