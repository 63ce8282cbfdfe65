/**
 * @module archiveReplica: take-away pages on every server. When the writer stores a verse's take-away page,
 * it announces the verse and the page; every other server keeps a copy in its own archive, so `/v/<code>`
 * (and the verse's record and music) open on whichever server a phone reaches. A server that was down when
 * a verse was announced does not have it (the writer that archived it still does).
 */
import type { Archive } from '../../engine/archive.ts';
import type { ArchivedVerse } from '../../engine/archivedVerse.ts';
import { logger } from '../../engine/log.ts';

const log = logger('server:cluster');

/** A verse with its take-away page, as the writer announces it. */
export interface ArchivedNote {
  code: string;
  id: string;
  verse: ArchivedVerse;
  page: unknown;
}

/** Keeps the announced verse and page here (idempotent: an announcement heard twice changes nothing). */
export function replicateArchived(archive: Archive, note: ArchivedNote): void {
  try {
    if (!note || typeof note.code !== 'string' || !note.verse || note.verse.id !== note.id) return;
    if (!archive.get(note.id)) archive.save(note.verse);
    if (archive.idOfCode(note.code) !== note.id) archive.savePage(note.code, note.id, note.page);
  } catch (err) {
    log.warn({ err, verse: note?.id }, 'could not keep a copy of the writer\'s verse');
  }
}
