/**
 * @module kioskState: what one kiosk page knows, without touching the page or the socket: the installation's
 * kiosk settings, what this visitor is waiting for (queue positions, the prompt being written), the `data-state`
 * it adds up to, copied lines, and how long verses take here (for the countdown). Time comes from `now`.
 */
import type { KioskInfo, ServiceStatus } from '../../protocol/events.ts';
import type { VerseModel } from '../ui/verseModel.ts';
import type { KioskMessages } from './messages.ts';
import { messagesFor } from './messageOverrides.ts';

export type KioskPageState = 'idle' | 'queued' | 'writing' | 'done';

/** A prompt that left the queue but did not start within this time (ms) was removed by a performer. */
export const START_GRACE_MS = 3000;
/** A visitor who has not touched anything for this long (ms; or a third of the idle time, if shorter) is offered idea sparks. */
export const SPARK_DELAY_MS = 7000;
/** Until verses have been timed here, a verse is guessed to take this long (ms). */
const DEFAULT_VERSE_MS = 20_000;

export interface CopiedLine {
  index: number;
  text: string;
  poet?: string;
  title?: string;
}

export class KioskState {
  info: KioskInfo = { idleSeconds: 90, examples: [], language: 'zh', modes: [], autoMode: false };
  maxChars = 200;
  service: ServiceStatus = { status: 'ok', reason: null };
  /** The visitor's verse being written now. */
  writingId: string | null = null;
  /** The visitor's latest verse (or prompt): the one the page shows. */
  mineId: string | null = null;
  done = false;
  /** The visitor's language: `zh`, or the installation's language for other prompts (`en` unless configured). */
  lang = 'en';
  linesSeen = 0;
  /** This visitor's prompts still waiting, by id, with their 1-based position. */
  readonly waiting = new Map<string, number>();
  /** Prompts that left the queue and have not started yet (see START_GRACE_MS). */
  readonly leaving = new Map<string, ReturnType<typeof setTimeout>>();
  readonly copied: CopiedLine[] = [];
  /** The line of the visitor's finished verse they tapped to revise (the prompt box then sends `verse:revise`). */
  revising: { id: string; index: number } | null = null;
  readonly #now: () => number;
  readonly #model: VerseModel;
  #verseStartedAt = 0;
  #verseMs = DEFAULT_VERSE_MS;

  constructor(model: VerseModel, now: () => number) {
    this.#model = model;
    this.#now = now;
  }

  /** The texts in the visitor's language, with the gallery's own (kiosk:hello) over the shipped ones. */
  get messages(): KioskMessages {
    return messagesFor(this.lang, this.info.messages);
  }

  /** The language of prompts not in Chinese, as configured (kiosk:hello). */
  get otherLanguage(): string {
    return this.info.visitorLanguage ?? 'en';
  }

  get pageState(): KioskPageState {
    const model = this.#model;
    if (this.writingId && model.id === this.writingId && !model.end) return 'writing';
    if (this.waiting.size > 0 || this.leaving.size > 0) return 'queued';
    return this.done ? 'done' : 'idle';
  }

  /** Whether the visitor is waiting for a verse (not idle: the page must not reset under them). */
  get busy(): boolean {
    const s = this.pageState;
    return s === 'queued' || s === 'writing';
  }

  /** A prompt of this visitor started (or will never start): it waits no more. True when it was theirs. */
  started(id: string): boolean {
    const timer = this.leaving.get(id);
    if (timer !== undefined) clearTimeout(timer);
    return this.leaving.delete(id) || this.waiting.delete(id);
  }

  /** Forgets the last verse shown (a new prompt was accepted). */
  newPrompt(id: string, position: number): void {
    this.waiting.set(id, position);
    this.mineId = id;
    this.done = false;
    this.revising = null;
    this.copied.length = 0;
    this.linesSeen = 0;
  }

  verseStarted(): void {
    this.#verseStartedAt = this.#now();
  }

  verseEnded(): void {
    if (this.#verseStartedAt) this.#verseMs = 0.7 * this.#verseMs + 0.3 * (this.#now() - this.#verseStartedAt);
  }

  /** Seconds until a prompt at `position` is likely written. */
  etaSeconds(position: number): number {
    const now = this.#now();
    const current = this.#verseStartedAt ? Math.max(3000, this.#verseMs - (now - this.#verseStartedAt)) : 0;
    return Math.max(1, Math.round((current + (position - 1) * this.#verseMs) / 1000));
  }

  dispose(): void {
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
  }
}
