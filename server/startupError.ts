/**
 * @module startupError: a start-up that fails on the data folder (a full disk, a damaged database, a folder the
 * service cannot write) explained in one line: the path, what to do, and the code; and an exit status of its
 * own (`STORAGE_EXIT_STATUS`), which the systemd unit lists in `RestartPreventExitStatus=` so the service
 * does not restart in a loop on a fault only a person can mend.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InkverseError } from '../protocol/errors.ts';
import { formatBytes, storageProblem, type StorageProblem } from '../engine/storageHealth.ts';

/** Exit status of a start-up stopped by the data folder (EX_IOERR in sysexits.h). */
export const STORAGE_EXIT_STATUS = 74;

const BY_CODE: Record<string, StorageProblem> = { INKVERSE_E_DISK_FULL: 'full', INKVERSE_E_DATA_CORRUPT: 'corrupt', INKVERSE_E_STORAGE: 'io' };

export interface StartupPlace {
  /** The data folder (`INKVERSE_DATA`), resolved. */
  dataDir: string;
  /** Where the backups are. */
  backupDir: string;
  /** Free bytes on the data folder's disk, if known. */
  freeBytes?: number;
}

/** The newest backup's path, or null. */
function newestBackup(dir: string): string | null {
  if (!existsSync(dir)) return null;
  const all = readdirSync(dir).filter((n) => /^archive-\d{8}-\d{6}\.sqlite$/.test(n)).sort();
  return all.length ? path.join(dir, all[all.length - 1]!) : null;
}

/** One line for a start-up stopped by the data folder, or null when `err` is something else. */
export function storageStartupLine(err: unknown, place: StartupPlace): string | null {
  const coded = err instanceof InkverseError ? BY_CODE[err.code] : undefined;
  // Another coded error may carry a file system fault underneath (the signing keys on a full disk).
  const root = coded || (err instanceof InkverseError && storageProblem(err.cause)) ? ((err as Error).cause ?? err) : err;
  const found = coded ?? storageProblem(root);
  if (!found) return null;
  // A disk with no room left fails in many ways (a file that cannot be created reads as "cannot open"): say what it is.
  const problem = found !== 'corrupt' && place.freeBytes !== undefined && place.freeBytes < 64 * 1024 ? 'full' : found;
  const detail = String((root as Error).message ?? root).split('\n')[0]!.slice(0, 200);
  const db = path.join(place.dataDir, 'inkverse.db');
  if (problem === 'full') {
    const free = place.freeBytes === undefined ? '' : `, ${formatBytes(place.freeBytes)} free`;
    return `inkverse could not start: the disk holding the data folder ${place.dataDir} is full (${detail}${free}); free space on it (old backups in ${place.backupDir} may go), then start again. [INKVERSE_E_DISK_FULL]`;
  }
  if (problem === 'corrupt') {
    const backup = newestBackup(place.backupDir);
    const restore = backup ? `copy the newest backup ${backup} over it` : `copy a backup over it (none found in ${place.backupDir})`;
    return `inkverse could not start: the archive ${db} is damaged (${detail}); stop the service and ${restore}, or move it aside to start with an empty archive. [INKVERSE_E_DATA_CORRUPT]`;
  }
  return `inkverse could not start: the data folder ${place.dataDir} cannot be written (${detail}); make it writable by the service's user (e.g. chown -R inkverse ${place.dataDir}), or set INKVERSE_DATA to another folder. [INKVERSE_E_STORAGE]`;
}
