/**
 * @module archive: every verse written, with its prompt, source, model, parameters, timings and the
 * parameter changes that touched it, kept in one SQLite file (WAL) under the data folder.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Emitter } from './emitter.ts';
import type { StorageHealth } from './storageHealth.ts';
import type { ArchivedVerse, VerseSeal } from './archivedVerse.ts';
import { INSERT_ARCHIVE_ROW, fromArchiveRow, toArchiveRow, type ArchiveRow } from './archiveRow.ts';
import { applyArchiveSchema } from './archiveSchema.ts';

export interface ArchiveOptions {
  /** Signs each verse as it is saved (server/provenance); without it verses are archived unsigned. */
  seal?: (verse: ArchivedVerse) => VerseSeal;
  /** Where write faults (a full disk) are reported; they are thrown as coded errors (`storageHealth.ts`). */
  storage?: StorageHealth;
}

export class Archive {
  readonly file: string;
  /** `saved` once a take-away page is stored (the writer tells the other servers, with Redis). */
  readonly pages = new Emitter<{ saved: (code: string, id: string, page: unknown) => void }>();
  readonly #storage: StorageHealth | null;
  #db: Database.Database | null;
  readonly #insert: Database.Statement;
  readonly #list: Database.Statement;
  readonly #byId: Database.Statement;
  readonly #seal: ArchiveOptions['seal'];

  /** Opens (creating if needed) `inkverse.db` in the data folder. */
  constructor(dataDir: string, options: ArchiveOptions = {}) {
    this.#seal = options.seal;
    this.#storage = options.storage ?? null;
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'inkverse.db');
    const db = new Database(this.file);
    applyArchiveSchema(db);
    this.#db = db;
    this.#insert = db.prepare(INSERT_ARCHIVE_ROW);
    this.#list = db.prepare('SELECT * FROM verses ORDER BY ended_at DESC, rowid DESC LIMIT ?');
    // Prepared once: a kiosk's `prompt:status` looks up to 32 ids a call (preparing was most of its cost).
    this.#byId = db.prepare('SELECT * FROM verses WHERE id = ?');
  }

  save(v: ArchivedVerse): void {
    // Signed before anything is written, so a verse is never archived without its seal when signing is on.
    const seal = this.#seal?.(v);
    this.#write('archive a verse', () => this.#db!.transaction(() => {
      this.#insert.run(toArchiveRow(v));
      if (seal) this.#db!.prepare('INSERT OR REPLACE INTO verse_seals (id, record, key_id, signature) VALUES (?, ?, ?, ?)').run(v.id, seal.record, seal.keyId, seal.signature);
    })());
  }

  /** The versions of a verse, oldest first: the verses it revised, back to the first, then itself. */
  history(id: string): ArchivedVerse[] {
    const out: ArchivedVerse[] = [];
    for (let v = this.get(id); v && out.length < 100 && !out.some((o) => o.id === v!.id); v = v.revisionOf ? this.get(v.revisionOf) : null) out.unshift(v);
    return out;
  }

  /** Bytes the database's pages hold (its file less the free pages SQLite reuses). */
  usedBytes(): number {
    const db = this.#db!;
    const pages = (db.pragma('page_count', { simple: true }) as number) - (db.pragma('freelist_count', { simple: true }) as number);
    return pages * (db.pragma('page_size', { simple: true }) as number);
  }

  /**
   * Keeps the archive within `maxBytes`: deletes the oldest verses, attract verses first (nobody's own), then any,
   * with their take-away pages, a batch at a time until it fits. Freed pages are reused by SQLite (the file does
   * not shrink, it stops growing). Returns how many verses were deleted.
   */
  prune(maxBytes: number): number {
    const db = this.#db!;
    const oldest = [
      db.prepare("SELECT id FROM verses WHERE source = 'attract' ORDER BY ended_at, rowid LIMIT 10"),
      db.prepare('SELECT id FROM verses ORDER BY ended_at, rowid LIMIT 10'),
    ];
    const drop = db.transaction((ids: string[]) => {
      for (const id of ids) {
        db.prepare('DELETE FROM verse_pages WHERE id = ?').run(id);
        db.prepare('DELETE FROM verse_seals WHERE id = ?').run(id);
        db.prepare('DELETE FROM verses WHERE id = ?').run(id);
      }
    });
    let deleted = 0;
    for (const query of oldest) {
      while (this.usedBytes() > maxBytes) {
        const ids = (query.all() as Array<{ id: string }>).map((r) => r.id);
        if (!ids.length) break;
        this.#write('prune the archive', () => drop(ids));
        deleted += ids.length;
      }
    }
    return deleted;
  }

  /** A small real write (the storage check's probe: does the disk take writes again?). */
  probe(at: number): void {
    this.#write('probe', () => this.#db!.prepare("INSERT OR REPLACE INTO storage_probe (k, at) VALUES ('probe', ?)").run(at));
  }

  #write<T>(what: string, fn: () => T): T {
    return this.#storage ? this.#storage.write(what, fn) : fn();
  }

  /** The newest verses first. */
  list(limit: number): ArchivedVerse[] {
    return (this.#list.all(limit) as ArchiveRow[]).map(fromArchiveRow);
  }

  /** The highest seed any archived verse was written with, or null for an empty archive. */
  maxSeed(): number | null {
    return (this.#db!.prepare('SELECT MAX(seed) AS s FROM verses').get() as { s: number | null }).s;
  }

  /**
   * The newest verses first, up to `limit` of them and about `maxBytes` of JSON (always at least one), older
   * than the verse `before` when given. `next` is the id to pass as `before` for the following page, or null.
   */
  listPage(o: { limit: number; maxBytes: number; before?: string }): { verses: ArchivedVerse[]; next: string | null } {
    const db = this.#db!;
    const rows = o.before === undefined
      ? db.prepare('SELECT * FROM verses ORDER BY ended_at DESC, rowid DESC LIMIT ?').iterate(o.limit + 1)
      : db.prepare(`SELECT * FROM verses WHERE (ended_at, rowid) < (SELECT ended_at, rowid FROM verses WHERE id = ?)
          ORDER BY ended_at DESC, rowid DESC LIMIT ?`).iterate(o.before, o.limit + 1);
    const verses: ArchivedVerse[] = [];
    let bytes = 0;
    let more = false;
    for (const row of rows as Iterable<ArchiveRow>) {
      const v = fromArchiveRow(row);
      const size = JSON.stringify(v).length;
      if (verses.length >= o.limit || (verses.length > 0 && bytes + size > o.maxBytes)) {
        more = true;
        break;
      }
      verses.push(v);
      bytes += size;
    }
    // An iterator left unfinished holds the connection: return() closes it.
    (rows as IterableIterator<unknown>).return?.();
    return { verses, next: more ? verses[verses.length - 1]!.id : null };
  }

  count(): number {
    return (this.#db!.prepare('SELECT COUNT(*) AS n FROM verses').get() as { n: number }).n;
  }

  /** One verse by id (a verse's id is its prompt's), or null. */
  get(id: string): ArchivedVerse | null {
    const row = this.#byId.get(id) as ArchiveRow | undefined;
    return row ? fromArchiveRow(row) : null;
  }

  /** A verse's signed record, or null (unknown id, or archived unsigned). */
  seal(id: string): VerseSeal | null {
    const row = this.#db!.prepare('SELECT record, key_id, signature FROM verse_seals WHERE id = ?').get(id) as { record: string; key_id: string; signature: string } | undefined;
    return row ? { record: row.record, keyId: row.key_id, signature: row.signature } : null;
  }

  /** The id of the verse stored under a take-away code, or null. */
  idOfCode(code: string): string | null {
    const row = this.#db!.prepare('SELECT id FROM verse_pages WHERE code = ?').get(code) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** Stores what a verse's take-away page shows (`/v/<code>`), under its short code. */
  savePage(code: string, id: string, page: unknown): void {
    this.#write('store a take-away page', () => this.#db!.prepare('INSERT OR REPLACE INTO verse_pages (code, id, page) VALUES (?, ?, ?)').run(code, id, JSON.stringify(page)));
    this.pages.emit('saved', code, id, page);
  }

  /** The page stored under a code, with its verse, or null. */
  page(code: string): { verse: ArchivedVerse; page: unknown } | null {
    const row = this.#db!.prepare('SELECT id, page FROM verse_pages WHERE code = ?').get(code) as { id: string; page: string } | undefined;
    const verse = row ? this.get(row.id) : null;
    return row && verse ? { verse, page: JSON.parse(row.page) as unknown } : null;
  }

  close(): void {
    this.#db?.close();
    this.#db = null;
  }
}
