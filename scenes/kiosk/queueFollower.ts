/**
 * @module queueFollower: the kiosk's socket events. Follows this visitor's prompts through the queue (positions,
 * removal, start grace), feeds their verse into the model, records copied lines and the take-away code, and handles
 * service status, state snapshots and (re)connection (asking after the visitor's prompts again).
 */
import type { ServerToClientEvents } from '../../protocol/events.ts';
import { ask, type PageSocket } from '../ui/socket.ts';
import type { VerseModel } from '../ui/verseModel.ts';
import type { VerseView } from '../ui/verseView.ts';
import type { KioskElements } from './kioskElements.ts';
import { START_GRACE_MS, type KioskState } from './kioskState.ts';
import type { KioskView } from './kioskView.ts';

export interface QueueFollowerOptions {
  socket: PageSocket;
  state: KioskState;
  model: VerseModel;
  verse: VerseView;
  els: KioskElements;
  view: KioskView;
  /** `/kiosk?idle=SECONDS` (2 or more) over the installation's idle time; NaN or 0 when not given. */
  idleOverride: number;
  /** The visitor's verse ended (the idle timers start again). */
  verseDone: () => void;
  /** `kiosk:hello` answered: state.info is the installation's. */
  hello: () => void;
  /** A `state` arrived (the prompt limit may have changed). */
  limits: () => void;
}

export class QueueFollower {
  readonly #o: QueueFollowerOptions;
  readonly #offs: Array<() => void> = [];
  #connectedBefore = false;

  constructor(options: QueueFollowerOptions) {
    this.#o = options;
    this.#wireQueue();
    this.#wireVerse();
    this.#wireConnection();
  }

  #on<K extends keyof ServerToClientEvents>(event: K | 'connect' | 'disconnect', fn: K extends keyof ServerToClientEvents ? ServerToClientEvents[K] : () => void): void {
    const socket = this.#o.socket as unknown as { on(e: string, f: unknown): void; off(e: string, f: unknown): void };
    socket.on(event, fn);
    this.#offs.push(() => socket.off(event, fn));
  }

  #wireQueue(): void {
    const { state, view } = this.#o;
    this.#on('queue:position', ({ id, position }) => {
      if (!state.waiting.has(id)) return;
      if (position > 0) state.waiting.set(id, position);
      else {
        state.waiting.delete(id);
        state.leaving.set(id, setTimeout(() => state.leaving.delete(id) && (view.say(state.messages.removed), view.update()), START_GRACE_MS));
      }
      view.update();
    });
    this.#on('queue:removed', ({ id }) => {
      if (!state.waiting.delete(id) && !state.leaving.delete(id)) return;
      view.say(state.messages.removed);
      view.update();
    });
    this.#on('service', (s) => {
      state.service = s;
      view.update();
    });
  }

  #wireVerse(): void {
    const { state, model, view, els } = this.#o;
    this.#on('verse:start', (p) => {
      state.verseStarted();
      if (p.id === state.mineId) model.begin(p);
      if (state.started(p.id)) {
        state.writingId = p.id;
        state.done = false;
        view.say('');
      }
      view.update();
    });
    this.#on('verse:token', (t) => void (t.id === state.mineId && model.token(t)));
    this.#on('verse:line', (line) => {
      if (line.id === state.mineId) model.line(line);
      if (line.id !== state.writingId) return;
      state.linesSeen = Math.max(state.linesSeen, line.index + 1);
      if (line.copied) state.copied.push({ index: line.index, text: line.text.replace(/[\p{P}\s]+$/u, ''), poet: line.source?.poet, title: line.source?.title });
      view.update();
    });
    this.#on('verse:end', (end) => {
      state.verseEnded();
      if (end.id === state.mineId) model.finish(end);
      if (end.id !== state.writingId) return;
      state.writingId = null;
      state.done = true;
      this.#o.verseDone();
      view.update();
    });
    this.#on('verse:code', ({ id, code, qr }) => {
      if (id !== state.mineId) return;
      els.qr.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr)}`;
      els.code.textContent = code;
    });
    this.#on('state', ({ verse, limits, service }) => {
      if (limits) state.maxChars = limits.promptChars;
      if (service) state.service = service;
      if (verse && verse.start.id === state.mineId) model.applySnapshot(verse);
      if (verse && state.started(verse.start.id)) state.writingId = verse.start.id;
      this.#o.limits();
      view.update();
    });
  }

  #wireConnection(): void {
    const { socket, state, model, view } = this.#o;
    this.#on('connect', () => {
      this.#o.verse.connected = true;
      // After a drop, ask for the rest of the visitor's verse (the server also sends `state` on every connect).
      if (this.#connectedBefore && state.mineId && model.id === state.mineId && !model.end) socket.emit('state:resume', { id: state.mineId, fromSeq: model.nextSeq });
      if (this.#connectedBefore) this.#followAgain();
      this.#connectedBefore = true;
      void ask(socket, (s) => s.emitWithAck('kiosk:hello', {})).then((r) => {
        if (!r.ok) return;
        const override = this.#o.idleOverride;
        state.info = { idleSeconds: override >= 2 ? override : r.idleSeconds, examples: r.examples, language: r.language, modes: r.modes, autoMode: r.autoMode, visitorLanguage: r.visitorLanguage, messages: r.messages };
        this.#o.hello();
      });
      view.update();
    });
    this.#on('disconnect', () => {
      this.#o.verse.connected = false;
      view.update();
    });
  }

  /**
   * After a drop the server knows this page by a new socket: it asks after the visitor's prompts, so their queue
   * positions and their verse's take-away code (sent only to the kiosks that follow a prompt) reach it again.
   */
  #followAgain(): void {
    const { socket, state, view, els } = this.#o;
    const ids = new Set([...state.waiting.keys(), ...state.leaving.keys()]);
    if (state.mineId && !els.code.textContent) ids.add(state.mineId);
    if (!ids.size) return;
    void ask(socket, (s) => s.emitWithAck('prompt:status', { ids: [...ids] })).then((r) => {
      if (!r.ok) return;
      for (const p of r.prompts) {
        if (p.status === 'queued' && state.waiting.has(p.id)) state.waiting.set(p.id, p.position);
        else if (p.status === 'removed' && (state.waiting.delete(p.id) || state.leaving.delete(p.id))) view.say(state.messages.removed);
        // Written while the page was away: it has been on the wall.
        else if (p.status === 'done' && state.started(p.id)) state.done = true;
        else if (p.status === 'unknown') state.started(p.id);
      }
      view.update();
    });
  }

  dispose(): void {
    for (const off of this.#offs.splice(0)) off();
  }
}
