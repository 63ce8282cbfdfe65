/**
 * @module promptQueue: the bounded, fair queue of prompts waiting to be written.
 * Performers go first; visitors take turns, one prompt per visitor per round, so nobody can crowd the room out.
 * With a store, every prompt is written down before `submit` returns (so before the visitor's ack), and the
 * queue is restored from it on start; a prompt leaves the store when the verse journal begins its verse.
 */
import { InkverseError } from '../protocol/errors.ts';
import { isStorageRefusal } from './storageHealth.ts';
import type { VerseSource } from '../protocol/events.ts';

export interface QueuedPrompt {
  id: string;
  text: string;
  source: VerseSource;
  /** Who submitted it: a kiosk connection, `osc`, `console`. */
  owner: string;
  /** Arrival order. */
  seq: number;
  /** How the prompt begins the verse (`title`, `opening`, `acrostic`, `keywords`); chosen from its shape when absent. */
  mode?: import('../protocol/events.ts').PromptMode;
  /** Set when the verse revises or continues an earlier one (see revisionPlan). */
  revise?: import('./revisionPlan.ts').RevisionPlan;
  /** Times its verse was interrupted (crash, shutdown); such a prompt is written next, ahead of everyone. */
  attempts?: number;
}

/** Where a queue keeps its prompts across restarts (`QueueStore`, SQLite). Each call is durable when it returns. */
export interface PromptStore {
  /** The waiting prompts as stored, in any order. */
  load(): QueuedPrompt[];
  add(item: QueuedPrompt): void;
  /** Adds or replaces (a requeued prompt). */
  put(item: QueuedPrompt): void;
  /** A performer removed it. */
  remove(id: string): void;
}

/** What changed, so listeners can tell a prompt that was taken to be written from one that was removed. */
export interface QueueChange {
  kind: 'added' | 'taken' | 'removed' | 'requeued';
  id: string;
}

export interface PromptQueueOptions {
  /** Most prompts waiting in all; default 32. */
  max: number;
  /** Most prompts one owner may have waiting; performers are exempt; default 2. */
  perClient: number;
  /** Longest prompt in characters (code points); default 200. */
  maxChars: number;
}

export const PROMPT_QUEUE_DEFAULTS = { max: 32, perClient: 2, maxChars: 200 } satisfies PromptQueueOptions;

// Control characters other than tab/newline would end up on projectors and in the archive. Zero-width
// joiners (U+200C, U+200D) stay: they hold emoji sequences (a family) and some scripts' letters together.
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Checks and cleans a prompt; throws `INKVERSE_E_*` with the reason and the limits. */
export function cleanPrompt(text: unknown, maxChars: number): string {
  if (typeof text !== 'string') {
    throw new InkverseError('INKVERSE_E_BAD_REQUEST', `A prompt must be text; got ${text === null ? 'null' : typeof text}.`);
  }
  const clean = text.normalize('NFC').replace(CONTROL_CHARS, '').replace(/\s+/g, ' ').trim();
  if (!clean) throw new InkverseError('INKVERSE_E_PROMPT_EMPTY', 'The prompt is empty; write a word or a line.');
  const length = [...clean].length;
  if (length > maxChars) {
    throw new InkverseError('INKVERSE_E_PROMPT_TOO_LONG', `The prompt has ${length} characters; at most ${maxChars} are allowed.`);
  }
  return clean;
}

export class PromptQueue {
  readonly options: PromptQueueOptions;
  #items: QueuedPrompt[] = [];
  #seq = 0;
  readonly #newId: () => string;
  readonly #listeners = new Set<(change: QueueChange) => void>();
  readonly #store: PromptStore | null;

  /** With a `store`, the prompts it holds are restored in their order (arrival, owner and source kept). */
  constructor(options: Partial<PromptQueueOptions> = {}, newId: () => string = () => crypto.randomUUID(), store: PromptStore | null = null) {
    this.options = { ...PROMPT_QUEUE_DEFAULTS, ...options };
    this.#newId = newId;
    this.#store = store;
    if (store) {
      this.#items = store.load();
      this.#seq = Math.max(-1, ...this.#items.map((p) => p.seq)) + 1;
      this.#reorder();
    }
  }

  get size(): number {
    return this.#items.length;
  }

  /** Adds a prompt; returns its id and 1-based position. Nothing changes when it throws. */
  submit(text: unknown, source: VerseSource, owner: string, mode?: QueuedPrompt['mode'], revise?: QueuedPrompt['revise']): { id: string; position: number } {
    const clean = cleanPrompt(text, this.options.maxChars);
    if (this.#items.length >= this.options.max) {
      throw new InkverseError('INKVERSE_E_QUEUE_FULL', `The queue is full (${this.options.max} prompts waiting); try again in a minute.`);
    }
    if (source !== 'performer') {
      const mine = this.#items.filter((p) => p.owner === owner).length;
      if (mine >= this.options.perClient) {
        throw new InkverseError(
          'INKVERSE_E_CLIENT_LIMIT',
          `You already have ${mine} prompts waiting (at most ${this.options.perClient}); wait for one to be written.`,
        );
      }
    }
    const item: QueuedPrompt = { id: this.#newId(), text: clean, source, owner, seq: this.#seq, ...(mode ? { mode } : {}), ...(revise ? { revise } : {}) };
    // Written down first: if the store refuses, the visitor is told and nothing changed.
    this.#store?.add(item);
    this.#seq++;
    this.#items.push(item);
    this.#reorder();
    this.#changed({ kind: 'added', id: item.id });
    return { id: item.id, position: this.positionOf(item.id)! };
  }

  /** Takes the next prompt to write. */
  next(): QueuedPrompt | undefined {
    const item = this.#items.shift();
    if (item) this.#changed({ kind: 'taken', id: item.id });
    return item;
  }

  remove(id: string): boolean {
    if (this.positionOf(id) === undefined) return false;
    this.#store?.remove(id);
    this.#items = this.#items.filter((p) => p.id !== id);
    this.#reorder();
    this.#changed({ kind: 'removed', id });
    return true;
  }

  /** Puts back a prompt whose verse was interrupted; with `attempts` > 0 it is written next. Not capped: it was already accepted. */
  requeue(item: QueuedPrompt): void {
    try {
      this.#store?.put(item);
    } catch (err) {
      // A full disk: the prompt still goes back in line (the journal brings it back after a restart).
      if (!isStorageRefusal(err)) throw err;
    }
    this.#items = this.#items.filter((p) => p.id !== item.id);
    this.#items.push(item);
    this.#seq = Math.max(this.#seq, item.seq + 1);
    this.#reorder();
    this.#changed({ kind: 'requeued', id: item.id });
  }

  /** 1-based position, or undefined when not waiting. */
  positionOf(id: string): number | undefined {
    const i = this.#items.findIndex((p) => p.id === id);
    return i === -1 ? undefined : i + 1;
  }

  /** The waiting prompts in the order they will be written. */
  list(): readonly QueuedPrompt[] {
    return this.#items;
  }

  onChange(listener: (change: QueueChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Interrupted prompts first, then performers, then visitors round by round (an owner's nth prompt waits for everyone's (n-1)th). */
  #reorder(): void {
    const round = new Map<string, number>();
    const keyed = [...this.#items]
      .sort((a, b) => a.seq - b.seq)
      .map((item) => {
        const r = round.get(item.owner) ?? 0;
        round.set(item.owner, r + 1);
        return { item, rank: item.attempts ? -1 : item.source === 'performer' ? 0 : 1, round: r };
      });
    keyed.sort((a, b) => a.rank - b.rank || (a.rank === 1 ? a.round - b.round : 0) || a.item.seq - b.item.seq);
    this.#items = keyed.map((k) => k.item);
  }

  #changed(change: QueueChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
