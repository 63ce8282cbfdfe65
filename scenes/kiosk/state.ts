/**
 * @module kiosk shared state: the page's elements, socket, the visitor's verse model and view, what this visitor
 * is waiting for (queue positions, the prompt being written), the `data-state` it adds up to, and the countdown timing.
 */
import type { KioskInfo, ServiceStatus } from '../../protocol/events.ts';
import { byId } from '../ui/dom.ts';
import { connect } from '../ui/socket.ts';
import { VerseModel } from '../ui/verseModel.ts';
import { VerseView } from '../ui/verseView.ts';
import { MESSAGES, type KioskLanguage, type KioskMessages } from './messages.ts';

export type KioskState = 'idle' | 'queued' | 'writing' | 'done';

/** A prompt that left the queue but did not start within this time was removed by a performer. */
export const START_GRACE_MS = 3000;
/** A visitor who has not touched anything for this long (or a third of the idle time, if shorter) is offered idea sparks. */
export const SPARK_DELAY_MS = 7000;
/** `/kiosk?idle=SECONDS` sets this kiosk's idle time over the installation's (`kiosk.idleSeconds`). */
export const idleOverride = Number(new URLSearchParams(location.search).get('idle'));
/** Until verses have been timed here, a verse is guessed to take this long. */
const DEFAULT_VERSE_MS = 20_000;

export const form = byId<HTMLFormElement>('form');
export const input = byId<HTMLTextAreaElement>('prompt');
export const button = byId<HTMLButtonElement>('submit');
export const counter = byId('counter');
export const message = byId('message');
export const status = byId('status');
export const sparksEl = byId('sparks');
export const modesEl = byId('modes');

/**
 * This page's visitor id (socket.io `auth.clientId`, server/visitorLimits.ts): the server knows the page across
 * reconnects, for its queue caps and to send it the code of its verse. Not crypto.randomUUID: the kiosk may be
 * served over plain http on the LAN, where that is missing.
 */
const clientId = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
export const socket = connect('/kiosk', { auth: { clientId } });
/** Set by main.ts to the page's `update()`; kept late-bound so this module imports no sibling that reads it back. */
export const hooks: { update: () => void } = { update: () => {} };
// The kiosk shows the visitor's own verse only, and keeps it on screen while the room moves on to the next.
export const model = new VerseModel({ change: () => hooks.update(), gap: (id, fromSeq) => void (socket.connected && socket.emit('state:resume', { id, fromSeq })) });
export const view: VerseView | undefined = new VerseView(byId('verse'), model, { showPrompt: true, sourceNotes: false }); // #sources names them, in the visitor's language

/** The page's mutable state (was a set of module-level `let`s in main.ts). */
export const kiosk = {
  info: { idleSeconds: 90, examples: [], language: 'zh', modes: [], autoMode: false } as KioskInfo,
  maxChars: 200,
  service: { status: 'ok', reason: null } as ServiceStatus,
  writingId: null as string | null,
  mineId: null as string | null,
  done: false,
  lang: 'en' as KioskLanguage,
  linesSeen: 0,
};
/** This visitor's prompts still waiting, by id, with their 1-based position. */
export const waiting = new Map<string, number>();
export const leaving = new Map<string, ReturnType<typeof setTimeout>>();
export const copied: Array<{ index: number; text: string; poet?: string; title?: string }> = [];

export function m(): KioskMessages {
  return MESSAGES[kiosk.lang];
}

export function kioskState(): KioskState {
  if (kiosk.writingId && model.id === kiosk.writingId && !model.end) return 'writing';
  if (waiting.size > 0 || leaving.size > 0) return 'queued';
  return kiosk.done ? 'done' : 'idle';
}

// --- timing: a countdown from how long verses take here ---
let verseStartedAt = 0;
let verseMs = DEFAULT_VERSE_MS;
export function wireTiming(): void {
  socket.on('verse:start', () => (verseStartedAt = Date.now()));
  socket.on('verse:end', () => {
    if (verseStartedAt) verseMs = 0.7 * verseMs + 0.3 * (Date.now() - verseStartedAt);
  });
}
export function etaSeconds(position: number): number {
  const current = verseStartedAt ? Math.max(3000, verseMs - (Date.now() - verseStartedAt)) : 0;
  return Math.max(1, Math.round((current + (position - 1) * verseMs) / 1000));
}
