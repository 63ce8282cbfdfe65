/**
 * @module promptQueue: the bounded, fair queue of prompts waiting to be written.
 * Performers go first; visitors take turns, one prompt per visitor per round, so nobody can crowd the room out.
 */
import { InkverseError } from '../protocol/errors.ts';
import type { VerseSource } from '../protocol/events.ts';

export interface QueuedPrompt {
  id: string;
  text: string;
  source: VerseSource;
  /** Who submitted it: a kiosk connection, `osc`, `console`. */
  owner: string;
  /** Arrival order. */
  seq: number;
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

// Control characters other than tab/newline would end up on projectors and in the archive.
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g;

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
  readonly #listeners = new Set<() => void>();

  constructor(options: Partial<PromptQueueOptions> = {}, newId: () => string = () => crypto.randomUUID()) {
    this.options = { ...PROMPT_QUEUE_DEFAULTS, ...options };
    this.#newId = newId;
  }

  get size(): number {
    return this.#items.length;
  }

  /** Adds a prompt; returns its id and 1-based position. Nothing changes when it throws. */
  submit(text: unknown, source: VerseSource, owner: string): { id: string; position: number } {
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
    const item: QueuedPrompt = { id: this.#newId(), text: clean, source, owner, seq: this.#seq++ };
    this.#items.push(item);
    this.#reorder();
    this.#changed();
    return { id: item.id, position: this.positionOf(item.id)! };
  }

  /** Takes the next prompt to write. */
  next(): QueuedPrompt | undefined {
    const item = this.#items.shift();
    if (item) this.#changed();
    return item;
  }

  remove(id: string): boolean {
    const before = this.#items.length;
    this.#items = this.#items.filter((p) => p.id !== id);
    if (this.#items.length === before) return false;
    this.#reorder();
    this.#changed();
    return true;
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

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Performers first, then visitors round by round (an owner's nth prompt waits for everyone's (n-1)th). */
  #reorder(): void {
    const round = new Map<string, number>();
    const keyed = [...this.#items]
      .sort((a, b) => a.seq - b.seq)
      .map((item) => {
        const r = round.get(item.owner) ?? 0;
        round.set(item.owner, r + 1);
        return { item, rank: item.source === 'performer' ? 0 : 1, round: r };
      });
    keyed.sort((a, b) => a.rank - b.rank || (a.rank === 0 ? 0 : a.round - b.round) || a.item.seq - b.item.seq);
    this.#items = keyed.map((k) => k.item);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}
