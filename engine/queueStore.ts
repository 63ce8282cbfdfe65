/**
 * @module queueStore: the waiting prompts and the verse being written, kept in the archive's SQLite file
 * (`inkverse.db`, WAL) so that neither a crash nor a restart loses them. A prompt is fsynced before it is
 * acknowledged; the running verse is journaled when it starts, and its text as the verse journal writes it
 * (at its first token and every line's end, before they are sent; batched within a line), so after
 * `kill -9` the next start knows what the room had seen, up to the tail of the line being written.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { InkverseError } from '../protocol/errors.ts';
import type { Milliseconds, ParamValues } from '../protocol/paramSpec.ts';
import { parseParamChanges, type ParamChangeRecord } from './archivedVerse.ts';
import type { PromptStore, QueuedPrompt } from './promptQueue.ts';
import { isStorageRefusal, type StorageHealth } from './storageHealth.ts';

export interface QueueStoreOptions {
  /** The data folder (the archive's); the tables live in its `inkverse.db`. */
  dir: string;
  /** The clock, ms since the epoch (required: the installation's `Clock`). */
  now: () => Milliseconds;
  /** How long a removed prompt is remembered, so its kiosk can still learn it was removed; default 7 days. */
  keepRemovedMs: Milliseconds;
  /** Where write faults (a full disk) are reported; they are thrown as coded errors (`storageHealth.ts`). */
  storage?: StorageHealth;
}

const DEFAULTS = { keepRemovedMs: 7 * 24 * 3600_000 } satisfies Omit<QueueStoreOptions, 'dir' | 'storage' | 'now'>;

/** What is known of a verse when it starts. */
export interface JournalStart {
  model: string;
  device: string;
  seed: number;
  /** Parameters when the verse started. */
  params: ParamValues;
  startedAt: Milliseconds;
}

/** How far a verse has come. */
export interface JournalProgress {
  text: string;
  /** Its lines so far, the unfinished one last. */
  lines: string[];
  tokens: number;
  firstTokenMs: number | null;
  paramChanges: ParamChangeRecord[];
}

/** A verse that was being written when the store was last open. */
export interface JournaledVerse {
  item: QueuedPrompt;
  start: JournalStart;
  progress: JournalProgress;
  /** When it last progressed. */
  updatedAt: Milliseconds;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS queued_prompts (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  -- The whole QueuedPrompt as JSON, so every field it has (mode, attempts, ...) comes back.
  item TEXT NOT NULL,
  removed_at INTEGER
);
CREATE TABLE IF NOT EXISTS verse_journal (
  id TEXT PRIMARY KEY,
  prompt TEXT NOT NULL,
  start TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  lines TEXT NOT NULL DEFAULT '[]',
  tokens INTEGER NOT NULL DEFAULT 0,
  first_token_ms INTEGER,
  param_changes TEXT NOT NULL DEFAULT '[]',
  updated_at INTEGER NOT NULL
);
`;

interface JournalRow {
  prompt: string;
  start: string;
  text: string;
  lines: string;
  tokens: number;
  first_token_ms: number | null;
  param_changes: string;
  updated_at: number;
}

function open(file: string, synchronous: 'FULL' | 'NORMAL'): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  // The archive writes to the same file from its own connection; wait for it rather than fail.
  db.pragma('busy_timeout = 5000');
  return db;
}

export class QueueStore implements PromptStore {
  readonly file: string;
  readonly #o: QueueStoreOptions;
  /** Prompts and verse starts: fsynced at every commit, so an ack survives even a power cut. */
  #durable: Database.Database | null;
  /** Progress of the running verse: WAL without fsync survives a crash of the process, which is what it is for. */
  #fast: Database.Database | null;
  readonly #q: Record<'load' | 'insert' | 'put' | 'remove' | 'removed' | 'take' | 'begin' | 'progress' | 'running' | 'finish', Database.Statement>;

  constructor(options: Partial<QueueStoreOptions> & Pick<QueueStoreOptions, 'dir' | 'now'>) {
    this.#o = { ...DEFAULTS, ...options };
    mkdirSync(this.#o.dir, { recursive: true });
    this.file = path.join(this.#o.dir, 'inkverse.db');
    const db = open(this.file, 'FULL');
    db.exec(SCHEMA);
    db.prepare('DELETE FROM queued_prompts WHERE removed_at IS NOT NULL AND removed_at < ?').run(this.#o.now() - this.#o.keepRemovedMs);
    this.#durable = db;
    this.#fast = open(this.file, 'NORMAL');
    const cols = '(id, seq, item) VALUES (?, ?, ?)';
    this.#q = {
      load: db.prepare('SELECT item FROM queued_prompts WHERE removed_at IS NULL ORDER BY seq'),
      insert: db.prepare(`INSERT INTO queued_prompts ${cols}`),
      put: db.prepare(`INSERT OR REPLACE INTO queued_prompts ${cols}`),
      remove: db.prepare('UPDATE queued_prompts SET removed_at = ? WHERE id = ? AND removed_at IS NULL'),
      removed: db.prepare('SELECT 1 FROM queued_prompts WHERE id = ? AND removed_at IS NOT NULL'),
      take: db.prepare('DELETE FROM queued_prompts WHERE id = ?'),
      begin: db.prepare('INSERT OR REPLACE INTO verse_journal (id, prompt, start, updated_at) VALUES (?, ?, ?, ?)'),
      progress: this.#fast.prepare(
        'UPDATE verse_journal SET text = @text, lines = @lines, tokens = @tokens, first_token_ms = @firstTokenMs, param_changes = @paramChanges, updated_at = @at WHERE id = @id',
      ),
      running: db.prepare('SELECT prompt, start, text, lines, tokens, first_token_ms, param_changes, updated_at FROM verse_journal ORDER BY updated_at'),
      finish: db.prepare('DELETE FROM verse_journal WHERE id = ?'),
    };
  }

  load(): QueuedPrompt[] {
    return (this.#q.load.all() as Array<{ item: string }>).map((r) => JSON.parse(r.item) as QueuedPrompt);
  }

  /** Writes a new prompt down; a failed write is the visitor's refusal (INKVERSE_E_STORAGE), not a crash. */
  add(item: QueuedPrompt): void {
    try {
      this.#write('keep a prompt', () => this.#q.insert.run(item.id, item.seq, JSON.stringify(item)));
    } catch (err) {
      if (isStorageRefusal(err)) throw err; // a full disk, said as such
      throw new InkverseError('INKVERSE_E_STORAGE', 'The installation could not write your prompt down, so it was not queued; please try again in a minute.', { cause: err });
    }
  }

  put(item: QueuedPrompt): void {
    this.#write('requeue a prompt', () => this.#q.put.run(item.id, item.seq, JSON.stringify(item)));
  }

  remove(id: string): void {
    this.#write('remove a prompt', () => this.#q.remove.run(this.#o.now(), id));
  }

  /** Whether a performer removed this prompt (within `keepRemovedMs`). */
  wasRemoved(id: string): boolean {
    return this.#q.removed.get(id) !== undefined;
  }

  /** A verse starts: its prompt leaves the queue and the verse enters the journal, in one transaction. */
  begin(item: QueuedPrompt, start: JournalStart): void {
    this.#write('journal a verse', () =>
      this.#durable!.transaction(() => {
        this.#q.take.run(item.id);
        this.#q.begin.run(item.id, JSON.stringify(item), JSON.stringify(start), this.#o.now());
      })(),
    );
  }

  progress(id: string, p: JournalProgress): void {
    this.#write('journal progress', () => this.#q.progress.run({
      id,
      text: p.text,
      lines: JSON.stringify(p.lines),
      tokens: p.tokens,
      firstTokenMs: p.firstTokenMs,
      paramChanges: JSON.stringify(p.paramChanges),
      at: this.#o.now(),
    }));
  }

  /** Verses journaled and not finished: those a crash or a shutdown interrupted. */
  running(): JournaledVerse[] {
    return (this.#q.running.all() as JournalRow[]).map((r) => ({
      item: JSON.parse(r.prompt) as QueuedPrompt,
      start: JSON.parse(r.start) as JournalStart,
      progress: {
        text: r.text,
        lines: JSON.parse(r.lines) as string[],
        tokens: r.tokens,
        firstTokenMs: r.first_token_ms,
        paramChanges: parseParamChanges(r.param_changes),
      },
      updatedAt: r.updated_at,
    }));
  }

  /** The verse is archived (or requeued): it leaves the journal. */
  finish(id: string): void {
    this.#write('clear the journal', () => this.#q.finish.run(id));
  }

  /**
   * The verse is archived: it leaves the journal, and its prompt the queue table too (its start may not have been
   * journaled, on a full disk, and then the prompt would come back at the next start).
   */
  settle(id: string): void {
    this.#write('clear the journal', () => this.#durable!.transaction(() => (this.#q.finish.run(id), this.#q.take.run(id)))());
  }

  #write<T>(what: string, fn: () => T): T {
    return this.#o.storage ? this.#o.storage.write(what, fn) : fn();
  }

  close(): void {
    this.#fast?.close();
    this.#durable?.close();
    this.#fast = null;
    this.#durable = null;
  }
}
