/**
 * @module verseJournal: what the verse loop writes down so that nothing is lost. The running verse is
 * journaled when it starts; its progress is written at its first token, at every line's end, and within a
 * line every few tokens or after a short while (not at every token: one SQLite write per token is wasted
 * work for a record that only matters after a crash). When it ends it is archived. A verse cut short by a
 * shutdown is archived as `interrupted` and its prompt goes back to the head of the queue; one cut short
 * by a crash is found in the journal at the next start and treated the same way (`recover`), having lost
 * at most the tail of its last line, which the verse written again makes good.
 */
import type { Milliseconds } from '../protocol/paramSpec.ts';
import type { Archive } from './archive.ts';
import type { ArchivedVerse, ParamChangeRecord } from './archivedVerse.ts';
import { logger } from './log.ts';
import type { PromptQueue, QueuedPrompt } from './promptQueue.ts';
import type { JournalStart, JournaledVerse, QueueStore } from './queueStore.ts';
import type { FinishedLine } from './segmenter.ts';
import { isStorageRefusal } from './storageHealth.ts';

const log = logger('engine:journal');

export interface VerseJournalOptions {
  store: QueueStore;
  archive: Archive;
  queue: PromptQueue;
  /**
   * Interruptions after which a prompt is archived as `interrupted` under its own id and not requeued,
   * so a prompt that somehow brings the server down cannot do so forever; default 3.
   */
  maxAttempts: number;
  /** Within a line, progress is written at least every this many tokens. */
  flushEveryTokens: number;
  /** Within a line, progress is written once the last write is this old, in milliseconds (checked at each token). */
  flushAfterMs: Milliseconds;
  /** The clock, ms since the epoch (required: the installation's `Clock`). */
  now: () => Milliseconds;
}

const DEFAULTS = { maxAttempts: 3, flushEveryTokens: 16, flushAfterMs: 1000 } satisfies Partial<VerseJournalOptions>;

/** The archive id of an interrupted attempt, so the prompt's own id stays free for the verse that completes it. */
export function interruptedVerseId(promptId: string, attempt: number): string {
  return `${promptId}~i${attempt}`;
}

/** The verse loop's view of a verse in progress, at one token. */
export interface VerseProgress {
  text: string;
  tokens: number;
  /** Finished lines. */
  lines: readonly FinishedLine[];
  /** The unfinished line. */
  pending: string;
  firstTokenMs: number | null;
  paramChanges: ParamChangeRecord[];
}

export class VerseJournal {
  readonly #o: VerseJournalOptions;
  #current: QueuedPrompt | null = null;
  /** Progress not yet written, and what was last written of the running verse. */
  #pending: { id: string; p: VerseProgress } | null = null;
  #written = { tokens: 0, lines: 0, at: 0 };
  #unarchived = 0;

  constructor(options: Omit<VerseJournalOptions, keyof typeof DEFAULTS> & Partial<VerseJournalOptions>) {
    this.#o = { ...DEFAULTS, ...options };
  }

  /** The prompt whose verse is being written (from its start, before its first token), or null. */
  get writing(): QueuedPrompt | null {
    return this.#current;
  }

  /** A verse starts; its prompt moves from the queue into the journal. */
  begin(item: QueuedPrompt, start: JournalStart): void {
    this.#current = item;
    this.#pending = null;
    this.#written = { tokens: 0, lines: 0, at: this.#o.now() };
    this.#keep(() => this.#o.store.begin(item, start));
  }

  /** Verses that could not be archived because the storage refused (a full disk), since start. */
  get unarchived(): number {
    return this.#unarchived;
  }

  /**
   * Runs a write; a storage refusal (a full disk, reported by the storage health once) is swallowed so the
   * verse goes on to the displays unjournaled. Returns whether it was written.
   */
  #keep(write: () => void): boolean {
    try {
      write();
      return true;
    } catch (err) {
      if (!isStorageRefusal(err)) throw err;
      return false;
    }
  }

  /**
   * Called before each token is sent. Written at once for the verse's first token (so a crash archives it as
   * shown) and for a token that ends a line (so every finished line the room saw survives); otherwise batched.
   */
  progress(id: string, p: VerseProgress): void {
    this.#pending = { id, p };
    const w = this.#written;
    if (w.tokens === 0 || p.lines.length !== w.lines || p.tokens - w.tokens >= this.#o.flushEveryTokens || this.#o.now() - w.at >= this.#o.flushAfterMs) this.flush();
  }

  /** Writes the progress not yet written (at close; the loop's verse end archives the whole verse anyway). */
  flush(): void {
    if (!this.#pending) return;
    const { id, p } = this.#pending;
    this.#pending = null;
    const lines = p.lines.map((l) => l.text);
    if (p.pending.trim()) lines.push(p.pending.trim());
    this.#keep(() => this.#o.store.progress(id, { text: p.text, lines, tokens: p.tokens, firstTokenMs: p.firstTokenMs, paramChanges: p.paramChanges }));
    this.#written = { tokens: p.tokens, lines: p.lines.length, at: this.#o.now() };
  }

  /** The verse ended: archives it (same shape as `Archive.save`); an interrupted one's prompt is requeued. */
  save(verse: ArchivedVerse): void {
    const item = this.#current?.id === verse.id ? this.#current : null;
    this.#current = null;
    this.#pending = null; // the whole verse is archived now
    if (verse.reason === 'interrupted' && item) {
      // Nothing shown (the generator failed, or the shutdown came first) counts no attempt, so a visitor's
      // prompt waits out a failing model instead of being dropped.
      this.#interrupted(item, verse, verse.tokens > 0);
      return;
    }
    // Settled only once archived: a verse the disk refused stays journaled, and a restart archives it as interrupted.
    if (this.#keep(() => this.#o.archive.save(verse))) this.#keep(() => this.#o.store.settle(verse.id));
    else this.#unarchived++;
  }

  /**
   * At start: every verse still in the journal was cut short by a crash. It is archived as `interrupted`
   * with the text it had, and its prompt goes back to the head of the queue. Safe to repeat after a crash
   * in the middle: every step is idempotent. Returns how many verses were recovered.
   */
  recover(): number {
    let recovered = 0;
    for (const j of this.#o.store.running()) {
      // Archived already (the crash fell between archiving and clearing the journal).
      if (this.#o.archive.get(j.item.id)) {
        this.#o.store.finish(j.item.id);
        continue;
      }
      this.#interrupted(j.item, this.#fromJournal(j), true);
      recovered++;
    }
    return recovered;
  }

  /**
   * Archives a cut-short verse (unless nothing of it was shown) and requeues its prompt. `counted`: this
   * counts as an attempt; a crash always does, so a prompt that brings the server down cannot do so forever.
   */
  #interrupted(item: QueuedPrompt, verse: ArchivedVerse, counted: boolean): void {
    const attempts = (item.attempts ?? 0) + (counted ? 1 : 0);
    const prompted = item.source !== 'attract';
    const requeue = prompted && attempts < this.#o.maxAttempts;
    // Order matters for a crash in between: archive (idempotent by id), requeue (replaces), then clear.
    let archived = true;
    if (verse.tokens > 0 || (prompted && !requeue)) {
      archived = this.#keep(() => this.#o.archive.save({ ...verse, id: requeue ? interruptedVerseId(item.id, attempts) : item.id, reason: 'interrupted' }));
    }
    if (requeue) this.#o.queue.requeue({ ...item, attempts });
    else if (prompted) log.warn({ prompt: item.id, attempts }, 'a prompt was interrupted too often; archived as interrupted and not requeued');
    if (archived) this.#keep(() => this.#o.store.finish(item.id));
    else this.#unarchived++;
    log.info({ prompt: item.id, source: item.source, attempts, requeued: requeue, tokens: verse.tokens }, 'verse interrupted');
  }

  #fromJournal({ item, start, progress, updatedAt }: JournaledVerse): ArchivedVerse {
    return {
      id: item.id,
      prompt: item.text,
      source: item.source,
      model: start.model,
      device: start.device,
      seed: start.seed,
      params: start.params,
      text: progress.text,
      lines: progress.lines,
      reason: 'interrupted',
      startedAt: new Date(start.startedAt).toISOString(),
      endedAt: new Date(updatedAt).toISOString(),
      firstTokenMs: progress.firstTokenMs,
      tokens: progress.tokens,
      paramChanges: progress.paramChanges,
    };
  }
}
