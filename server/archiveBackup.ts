/**
 * @module archiveBackup: scheduled online backups of the archive. SQLite's backup API (better-sqlite3
 * `db.backup()`) copies a consistent snapshot page by page while the installation keeps writing, through a
 * second, read-only connection, so the archive itself is never locked for long. The newest `keep` backups are
 * kept; older ones are deleted. A failed backup is logged and tried again at the next interval.
 */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../engine/clock.ts';
import { logger } from '../engine/log.ts';

const log = logger('backup');

/** `archive-20260101-120000.sqlite`: sorts by time as text. */
const NAME = /^archive-\d{8}-\d{6}\.sqlite$/;

export interface ArchiveBackupOptions {
  /** The archive's SQLite file. */
  file: string;
  /** Folder of the backups (created when missing). */
  dir: string;
  /** Hours between backups; 0 turns scheduling off (`backupNow` still works). */
  everyHours: number;
  /** Backups kept. */
  keep: number;
  /** Most bytes all backups may take; the oldest go first, the newest is always kept; 0 or absent: no limit. */
  budgetBytes?: number;
  clock: Clock;
}

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** Makes one backup now and prunes old ones; resolves with the new file's path. */
export async function backupNow(o: Pick<ArchiveBackupOptions, 'file' | 'dir' | 'keep' | 'budgetBytes' | 'clock'>): Promise<string> {
  await mkdir(o.dir, { recursive: true });
  const target = path.join(o.dir, `archive-${stamp(o.clock.now())}.sqlite`);
  const partial = `${target}.partial`;
  const db = new Database(o.file, { readonly: true, fileMustExist: true });
  try {
    await db.backup(partial);
  } catch (err) {
    // A backup cut short (a full disk) must not keep the space it took: that is what the archive needs.
    await rm(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
  // Renamed when whole, so a backup that was cut short never looks like a good one.
  await rename(partial, target);
  const all = (await readdir(o.dir)).filter((n) => NAME.test(n)).sort();
  const removed = all.slice(0, Math.max(0, all.length - o.keep));
  for (const old of removed) await rm(path.join(o.dir, old), { force: true });
  if (o.budgetBytes) {
    const kept = await Promise.all(all.slice(removed.length).map(async (n) => ({ n, size: (await stat(path.join(o.dir, n))).size })));
    let total = kept.reduce((sum, k) => sum + k.size, 0);
    for (const k of kept.slice(0, -1)) {
      if (total <= o.budgetBytes) break;
      await rm(path.join(o.dir, k.n), { force: true });
      total -= k.size;
    }
  }
  return target;
}

/** Backs up every `everyHours` (the first one an interval after start); returns a function that stops it. */
export function scheduleBackups(o: ArchiveBackupOptions): () => void {
  const stop = new AbortController();
  if (o.everyHours > 0) {
    void (async () => {
      while (!stop.signal.aborted) {
        try {
          // In steps of at most a day: timers cannot wait longer than about 24.8 days at once.
          for (let left = o.everyHours * 3_600_000; left > 0; left -= 86_400_000) await o.clock.sleep(Math.min(left, 86_400_000), stop.signal);
        } catch {
          return;
        }
        try {
          const file = await backupNow(o);
          log.info({ file, keep: o.keep }, 'archive backed up');
        } catch (err) {
          log.error({ err, dir: o.dir }, 'archive backup failed; trying again at the next interval');
        }
      }
    })();
  }
  return () => stop.abort();
}
