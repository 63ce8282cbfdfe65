/**
 * @module createKiosk: the kiosk page, built like the display's DisplayHost: `createKiosk(deps)` makes and owns
 * its parts and wires them in one place; no module of the kiosk touches the page or the socket when imported.
 *
 * Parts: KioskState (what the page knows), KioskView (rendering), Composer (prompt box, keyboard, sparks,
 * sending), IdleTimer (sparks when hesitating, reset when idle), QueueFollower (socket events). Each gets what it
 * needs as options; where a part must reach another (an event handler that restarts the idle timers) it calls
 * back into the Kiosk, never imports it.
 */
import type { PageSocket } from '../ui/socket.ts';
import { VerseModel } from '../ui/verseModel.ts';
import { VerseView } from '../ui/verseView.ts';
import { Composer } from './composer.ts';
import { IdleTimer } from './idleTimer.ts';
import { findKioskElements, type KioskElements } from './kioskElements.ts';
import { KioskState, SPARK_DELAY_MS } from './kioskState.ts';
import { KioskView } from './kioskView.ts';
import { LineTools } from './lineTools.ts';
import { QueueFollower } from './queueFollower.ts';

export interface KioskDeps {
  document: Document;
  /** The `/kiosk` socket (with this page's `auth.clientId`), connecting or connected. */
  socket: PageSocket;
  /** `/kiosk?idle=SECONDS` (2 or more) over the installation's idle time; NaN or 0 when not given. */
  idleOverride: number;
  /** Milliseconds since the epoch (the countdown). */
  now: () => number;
}

export class Kiosk {
  readonly els: KioskElements;
  readonly state: KioskState;
  readonly model: VerseModel;
  readonly view: KioskView;
  readonly composer: Composer;
  readonly lineTools: LineTools;
  readonly #verse: VerseView;
  readonly #idle: IdleTimer;
  readonly #follower: QueueFollower;
  readonly #deps: KioskDeps;
  readonly #onTouch = (): void => this.#idle.touched();
  #disposed = false;

  constructor(deps: KioskDeps) {
    this.#deps = deps;
    const { document: doc, socket } = deps;
    this.els = findKioskElements(doc);
    // The kiosk shows the visitor's own verse only, and keeps it on screen while the room moves on to the next.
    this.model = new VerseModel({ change: () => this.view.update(), gap: (id, fromSeq) => void (socket.connected && socket.emit('state:resume', { id, fromSeq })) });
    this.state = new KioskState(this.model, deps.now);
    this.#verse = new VerseView(this.els.verse, this.model, { showPrompt: true, sourceNotes: false }); // #sources names them, in the visitor's language
    this.view = new KioskView({
      els: this.els,
      state: this.state,
      model: this.model,
      verse: this.#verse,
      online: () => socket.connected,
      setPageState: (name, value) => void (doc.body.dataset[name] = value),
      setLanguage: (lang) => void (doc.documentElement.lang = lang),
    });
    this.#idle = new IdleTimer({
      idleMs: () => this.state.info.idleSeconds * 1000,
      sparkDelayMs: () => Math.min(SPARK_DELAY_MS, (this.state.info.idleSeconds * 1000) / 3),
      mayOffer: () => !this.state.busy,
      hesitating: () => void this.composer.offerSparks(),
      idle: () => this.#idleReset(),
    });
    this.composer = new Composer({ els: this.els, state: this.state, socket, view: this.view, model: this.model, touched: this.#onTouch });
    this.lineTools = new LineTools({ els: this.els, state: this.state, model: this.model, socket, view: this.view, composer: this.composer });
    this.view.afterUpdate = () => this.lineTools.render();
    this.#follower = new QueueFollower({
      socket,
      state: this.state,
      model: this.model,
      verse: this.#verse,
      els: this.els,
      view: this.view,
      idleOverride: deps.idleOverride,
      verseDone: this.#onTouch,
      hello: () => {
        doc.body.dataset.idle = String(this.state.info.idleSeconds);
        // A kiosk with its own language or texts speaks them from the start, before anyone types.
        if (!this.els.input.value && this.state.lang !== 'zh') this.state.lang = this.state.otherLanguage;
        this.composer.relabel();
        this.composer.buildChoices();
        this.#idle.touched();
      },
      limits: () => this.composer.typed(),
    });
    this.els.again.addEventListener('click', this.#onAgain);
    for (const ev of ['pointerdown', 'keydown'] as const) doc.addEventListener(ev, this.#onTouch, { passive: true });
    this.composer.relabel();
    this.composer.typed();
    this.view.update();
  }

  readonly #onAgain = (): void => this.#idleReset();

  /** Back to the start page after a quiet while; a visitor waiting for their verse is watching, not idle. */
  #idleReset(): void {
    if (this.state.busy) return this.#idle.touched();
    this.state.done = false;
    this.state.mineId = null;
    this.composer.reset();
    this.view.update();
  }

  /** Stops listening to the page and the socket (the socket itself is the caller's). Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.els.again.removeEventListener('click', this.#onAgain);
    for (const ev of ['pointerdown', 'keydown'] as const) this.#deps.document.removeEventListener(ev, this.#onTouch);
    this.#follower.dispose();
    this.lineTools.dispose();
    this.composer.dispose();
    this.#idle.dispose();
    this.state.dispose();
  }
}

export function createKiosk(deps: KioskDeps): Kiosk {
  return new Kiosk(deps);
}
