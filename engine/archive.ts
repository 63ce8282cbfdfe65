/**
 * @module archive: every verse written, with its prompt, source, model, parameters, timings and the
 * parameter changes that touched it, kept in one SQLite file (WAL) under the data folder.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ParamValues } from '../protocol/paramSpec.ts';
import type { ParamOrigin } from './control/controlSurface.ts';
import type { LineAuthor } from '../protocol/coCreation.ts';
import type { PromptMode, VerseEndReason, VerseSource } from '../protocol/events.ts';
import type { VerseProvenance } from './provenance/verseProvenance.ts';

export interface ParamChangeRecord {
  /** Tokens already written when the change arrived. */
  atToken: number;
  values: ParamValues;
  origin: ParamOrigin;
}

export interface ArchivedVerse {
  id: string;
  prompt: string;
  source: VerseSource;
  model: string;
  device: string;
  seed: number;
  /** Parameters when the verse started. */
  params: ParamValues;
  text: string;
  lines: string[];
  reason: VerseEndReason;
  /** ISO 8601 times. */
  startedAt: string;
  endedAt: string;
  /** Milliseconds from start to the first token, null when none came. */
  firstTokenMs: number | null;
  tokens: number;
  paramChanges: ParamChangeRecord[];
  /** Who asked for it (a kiosk page's queue owner, `console`, `osc:...`): only they may revise it. */
  owner?: string;
  /** The verse this one revises or continues. */
  revisionOf?: string;
  /** Who wrote each line (absent: the machine, all of them). */
  authors?: LineAuthor[];
  /** The machine's other drafts of each line. */
  alternatives?: string[][];
  mode?: PromptMode;
  /** The theme the prompt became. */
  theme?: string;
  /** What only the signed record keeps (mode, line authors and originality, weights, generator calls); not a column. */
  provenance?: VerseProvenance;
}

/** A verse's signed record as stored: the canonical JSON that was signed, the key and the signature (base64). */
export interface VerseSeal {
  record: string;
  keyId: string;
  signature: string;
}

export interface ArchiveOptions {
  /** Signs each verse as it is saved (server/provenance); without it verses are archived unsigned. */
  seal?: (verse: ArchivedVerse) => VerseSeal;
}

/** The co-creation fields, kept together in the `meta` column. */
const META_KEYS = ['owner', 'revisionOf', 'authors', 'alternatives', 'mode', 'theme'] as const;

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
  param_changes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS verses_ended ON verses (ended_at);
CREATE TABLE IF NOT EXISTS verse_pages (code TEXT PRIMARY KEY, id TEXT NOT NULL, page TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS verse_seals (id TEXT PRIMARY KEY, record TEXT NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL);
`;

interface Row {
  id: string;
  prompt: string;
  source: string;
  model: string;
  device: string;
  seed: number;
  params: string;
  text: string;
  lines: string;
  reason: string;
  started_at: string;
  ended_at: string;
  first_token_ms: number | null;
  tokens: number;
  param_changes: string;
  meta: string | null;
}

function fromRow(r: Row): ArchivedVerse {
  return {
    ...(r.meta ? (JSON.parse(r.meta) as Partial<ArchivedVerse>) : {}),
    id: r.id,
    prompt: r.prompt,
    source: r.source as VerseSource,
    model: r.model,
    device: r.device,
    seed: r.seed,
    params: JSON.parse(r.params) as ParamValues,
    text: r.text,
    lines: JSON.parse(r.lines) as string[],
    reason: r.reason as VerseEndReason,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    firstTokenMs: r.first_token_ms,
    tokens: r.tokens,
    paramChanges: JSON.parse(r.param_changes) as ParamChangeRecord[],
  };
}

export class Archive {
  readonly file: string;
  #db: Database.Database | null;
  readonly #insert: Database.Statement;
  readonly #list: Database.Statement;
  readonly #seal: ArchiveOptions['seal'];

  /** Opens (creating if needed) `inkverse.db` in the data folder. */
  constructor(dataDir: string, options: ArchiveOptions = {}) {
    this.#seal = options.seal;
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'inkverse.db');
    const db = new Database(this.file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    // Archives from before co-creation lack these columns: added in place, old rows keep NULL.
    const columns = new Set((db.prepare('PRAGMA table_info(verses)').all() as Array<{ name: string }>).map((c) => c.name));
    if (!columns.has('meta')) db.exec('ALTER TABLE verses ADD COLUMN meta TEXT');
    if (!columns.has('revision_of')) db.exec('ALTER TABLE verses ADD COLUMN revision_of TEXT');
    db.exec('CREATE INDEX IF NOT EXISTS verses_revision ON verses (revision_of)');
    this.#db = db;
    this.#insert = db.prepare(`INSERT OR REPLACE INTO verses (id, prompt, source, model, device, seed, params, text, lines, reason, started_at,
      ended_at, first_token_ms, tokens, param_changes, meta, revision_of) VALUES (@id, @prompt, @source, @model, @device, @seed, @params,
      @text, @lines, @reason, @started_at, @ended_at, @first_token_ms, @tokens, @param_changes, @meta, @revision_of)`);
    this.#list = db.prepare('SELECT * FROM verses ORDER BY ended_at DESC, rowid DESC LIMIT ?');
  }

  save(v: ArchivedVerse): void {
    // Signed before anything is written, so a verse is never archived without its seal when signing is on.
    const seal = this.#seal?.(v);
    this.#db!.transaction(() => {
      this.#insertVerse(v);
      if (seal) this.#db!.prepare('INSERT OR REPLACE INTO verse_seals (id, record, key_id, signature) VALUES (?, ?, ?, ?)').run(v.id, seal.record, seal.keyId, seal.signature);
    })();
  }

  #insertVerse(v: ArchivedVerse): void {
    this.#insert.run({
      id: v.id,
      prompt: v.prompt,
      source: v.source,
      model: v.model,
      device: v.device,
      seed: v.seed,
      params: JSON.stringify(v.params),
      text: v.text,
      lines: JSON.stringify(v.lines),
      reason: v.reason,
      started_at: v.startedAt,
      ended_at: v.endedAt,
      first_token_ms: v.firstTokenMs,
      tokens: v.tokens,
      param_changes: JSON.stringify(v.paramChanges),
      meta: JSON.stringify(Object.fromEntries(META_KEYS.filter((k) => v[k] !== undefined).map((k) => [k, v[k]]))),
      revision_of: v.revisionOf ?? null,
    });
  }

  /** The versions of a verse, oldest first: the verses it revised, back to the first, then itself. */
  history(id: string): ArchivedVerse[] {
    const out: ArchivedVerse[] = [];
    for (let v = this.get(id); v && out.length < 100 && !out.some((o) => o.id === v!.id); v = v.revisionOf ? this.get(v.revisionOf) : null) out.unshift(v);
    return out;
  }

  /** The newest verses first. */
  list(limit: number): ArchivedVerse[] {
    return (this.#list.all(limit) as Row[]).map(fromRow);
  }

  /** The highest seed any archived verse was written with, or null for an empty archive. */
  maxSeed(): number | null {
    return (this.#db!.prepare('SELECT MAX(seed) AS s FROM verses').get() as { s: number | null }).s;
  }

  count(): number {
    return (this.#db!.prepare('SELECT COUNT(*) AS n FROM verses').get() as { n: number }).n;
  }

  /** One verse by id (a verse's id is its prompt's), or null. */
  get(id: string): ArchivedVerse | null {
    const row = this.#db!.prepare('SELECT * FROM verses WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
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
    this.#db!.prepare('INSERT OR REPLACE INTO verse_pages (code, id, page) VALUES (?, ?, ?)').run(code, id, JSON.stringify(page));
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
