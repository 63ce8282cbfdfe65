/**
 * @module sound page: the verse, heard. Tokens stream through the same verse model as the display
 * (resume on reconnect, each token played once) into the SoundEngine, scheduled from the server's token
 * times (ServerClock) rather than from when a message arrived. Browsers allow audio only after a user
 * gesture: the page starts `<body data-audio="locked">` with one "Touch to start sound" button and
 * turns `running` once audio runs (at once on machines started with
 * `--autoplay-policy=no-user-gesture-required`). `<body data-notes>` counts the notes scheduled
 * (one per Chinese character or English syllable), `data-verse` and `data-verse-notes` the verse playing.
 * `?feed=test` swaps the socket for a hand-fed stand-in (FeedSocket) for tests.
 */
import * as Tone from 'tone';
import type { ParamsPayload } from '../../protocol/events.ts';
import type { Seconds } from '../../protocol/paramSpec.ts';
import { byId, setPageState } from '../ui/dom.ts';
import { PLAYOUT_DELAY_MS, ServerClock } from '../ui/serverClock.ts';
import { connect, type PageSocket } from '../ui/socket.ts';
import { bindVerseStream } from '../ui/verseStream.ts';
import { FeedSocket } from './feedSocket.ts';
import { SoundEngine } from './soundEngine.ts';
import { TransportGuard } from './transportGuard.ts';

/** A token whose moment passed longer ago than this is skipped (after a throttled tab), not played in a burst. */
const LATE: Seconds = 4;
/** Earliest a note can be scheduled from now: the audio thread needs a moment. */
const MIN_AHEAD: Seconds = 0.01;
const GUARD_EVERY_MS = 1000;

const button = byId<HTMLButtonElement>('enable');
const status = byId('status');
const last = byId('last');

const clock = new ServerClock();
const feed = new URLSearchParams(location.search).get('feed') === 'test' ? new FeedSocket() : null;
const socket: PageSocket = feed ? feed.asPageSocket() : connect('/sound');

let engine: SoundEngine | null = null;
let params: ParamsPayload = {};
/** Notes of engines replaced after a device loss, so `data-notes` only grows. */
let notesBefore = 0;
let playing: string | null = null;
/** Next token seq to play in the verse `playing`. */
let cursor = 0;
let cadenced = false;
/** Text notes of the verse being played (`data-verse-notes`). */
let verseNotes = 0;

// Clock samples first: socket.io runs handlers in order, so the verse model sees an up-to-date clock.
socket.on('state', (p) => {
  if (p.serverTime !== undefined) clock.observe(p.serverTime);
  params = { ...p.params };
  engine?.applyParams(p.params);
});
socket.on('verse:token', (p) => {
  if (p.at !== undefined) clock.observe(p.at);
  last.textContent = p.text.trim();
});
socket.on('params', (p) => {
  Object.assign(params, p);
  engine?.applyParams(p);
});
const model = bindVerseStream(socket, { change: sync });

/** The context time at which a token emitted at server time `at` is heard (arrival + delay without one). */
function audioTime(at: number | undefined): Seconds {
  const ctx = Tone.getContext();
  const now = clock.now();
  const target = at === undefined ? now + PLAYOUT_DELAY_MS : clock.presentAt(at);
  // Aim at when it leaves the speaker, not when it leaves Web Audio.
  const latency = (ctx.rawContext as AudioContext).outputLatency || 0;
  return ctx.currentTime + (target - now) / 1000 - latency;
}

/**
 * Lag of each note (ms from the token's server time to the note leaving the speaker, on this page's
 * clock), the last LAG_KEEP of them: `npm run bench -- sound` reads them as `window.inkverseSoundLags`.
 */
const lags: number[] = [];
const LAG_KEEP = 2000;
(window as unknown as { inkverseSoundLags: number[] }).inkverseSoundLags = lags;

function noteLag(at: number, time: Seconds): void {
  const ctx = Tone.getContext();
  const sounds = clock.now() + (time - ctx.currentTime + ((ctx.rawContext as AudioContext).outputLatency || 0)) * 1000;
  if (lags.push(sounds - clock.toLocal(at)) > LAG_KEEP) lags.shift();
}

/** Plays what the verse model has that has not been played yet: each token once, in seq order. */
function sync(): void {
  const e = engine;
  if (!e || model.id === null) return;
  if (model.id !== playing) {
    playing = model.id;
    cursor = 0;
    cadenced = false;
    verseNotes = 0;
    if (model.start) e.begin(model.start);
  }
  const now = Tone.getContext().currentTime;
  let lastAt: Seconds = now;
  for (const t of model.tokens()) {
    if (t.seq < cursor || t.seq >= model.nextSeq) continue;
    cursor = t.seq + 1;
    const at = audioTime(t.at);
    if (at < now - LATE) continue;
    lastAt = Math.max(now + MIN_AHEAD, at);
    const made = e.token(t, lastAt);
    verseNotes += made;
    if (made > 0 && t.at !== undefined) noteLag(t.at, lastAt);
  }
  if (model.end && !cadenced && cursor >= model.nextSeq) {
    cadenced = true;
    e.end(model.end.reason, Math.max(lastAt, audioTime(undefined)));
  }
  setPageState('verse', playing ?? '');
  setPageState('verseNotes', String(verseNotes));
  setPageState('notes', String(notesBefore + e.notes));
}

function buildEngine(): void {
  engine = new SoundEngine();
  engine.applyParams(params);
  // Start with the token being written now; what was written before the sound started stays silent.
  playing = model.id;
  cursor = model.nextSeq;
  cadenced = model.end !== null;
  verseNotes = 0;
  if (model.start) engine.begin(model.start);
}

const guard = new TransportGuard({
  context: () => Tone.getContext().rawContext as unknown as AudioContext,
  now: () => Date.now(),
  rebuild: () => {
    // The device is gone with its context: a fresh context, fresh voices, the same parameters.
    const old = Tone.getContext();
    notesBefore += engine?.notes ?? 0;
    engine?.dispose();
    engine = null;
    Tone.setContext(new Tone.Context());
    void old.dispose();
    watchContext();
    void Tone.getContext().resume();
  },
});

function showState(): void {
  const running = Tone.getContext().state === 'running';
  if (running && !engine) buildEngine();
  setPageState('audio', running ? 'running' : 'locked');
  status.textContent = running ? 'Sound is on.' : 'Browsers only play sound after a tap or click.';
}

function watchContext(): void {
  Tone.getContext().on('statechange', showState);
}

let guarding = false;
function start(): void {
  // Inside the gesture's handler: this is the moment the browser allows audio to start.
  void Tone.start().then(showState);
  if (!guarding) {
    guarding = true;
    setInterval(() => guard.check(), GUARD_EVERY_MS);
    document.addEventListener('visibilitychange', () => guard.check());
    navigator.mediaDevices?.addEventListener?.('devicechange', () => guard.check());
  }
}

button.addEventListener('click', start);
// A touch anywhere counts: on a wall-mounted screen the button is easy to miss.
document.addEventListener('pointerdown', start);
watchContext();
setPageState('notes', '0');
showState();
// Installed machines run Chromium with --autoplay-policy=no-user-gesture-required: there this starts
// the sound at once; elsewhere the context stays suspended until the button is pressed.
void Tone.getContext().resume().then(() => {
  if (Tone.getContext().state === 'running') start();
});

if (feed) (window as unknown as { inkverseSoundFeed: FeedSocket }).inkverseSoundFeed = feed;
