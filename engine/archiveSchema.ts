/**
 * @module archiveSchema: the archive's SQLite tables (verses, take-away pages, seals, the storage probe),
 * created on first open and brought up to date in place on an archive from an older version.
 */
import type Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS verses (
  id TEXT PRIMARY KEY,
  prompt TEXT NOT NULL,
  source TEXT NOT NULL,
  model TEXT NOT NULL,
  device TEXT NOT NULL,
  seed INTEGER NOT NULL,
  params TEXT NOT NULL,
  text TEXT NOT NULL,
  lines TEXT NOT NULL,
  reason TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL,
  first_token_ms INTEGER,
  tokens INTEGER NOT NULL,
  param_changes TEXT NOT NULL,
  param_changes_dropped INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS verses_ended ON verses (ended_at);
CREATE TABLE IF NOT EXISTS verse_pages (code TEXT PRIMARY KEY, id TEXT NOT NULL, page TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS verse_seals (id TEXT PRIMARY KEY, record TEXT NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS storage_probe (k TEXT PRIMARY KEY, at INTEGER NOT NULL);
`;

/** Sets WAL mode, creates what is missing, and adds the columns archives from before co-creation (and the per-verse cap) lack. */
export function applyArchiveSchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  const columns = new Set((db.prepare('PRAGMA table_info(verses)').all() as Array<{ name: string }>).map((c) => c.name));
  if (!columns.has('meta')) db.exec('ALTER TABLE verses ADD COLUMN meta TEXT');
  if (!columns.has('revision_of')) db.exec('ALTER TABLE verses ADD COLUMN revision_of TEXT');
  if (!columns.has('param_changes_dropped')) db.exec('ALTER TABLE verses ADD COLUMN param_changes_dropped INTEGER NOT NULL DEFAULT 0');
  db.exec('CREATE INDEX IF NOT EXISTS verses_revision ON verses (revision_of)');
}
