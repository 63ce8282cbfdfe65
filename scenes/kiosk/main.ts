/**
 * @module kiosk page: a visitor types a prompt, sees their place in the queue, then watches their
 * verse being written. `<body data-state="idle|queued|writing|done">` follows the visitor's own prompt.
 */
import { byId, setPageState } from '../ui/dom.ts';
import { ask, connect } from '../ui/socket.ts';
import { bindVerseStream } from '../ui/verseStream.ts';
import { VerseView } from '../ui/verseView.ts';

/** The server's default limit (engine.prompt.maxChars); a different limit still comes back as a clear error. */
/** Until the server's `state` says otherwise (config `engine.prompt.maxChars`). */
let maxChars = 200;
/** After this long, a finished kiosk returns to idle for the next visitor. */
const DONE_RESET_MS = 45_000;
/** A prompt that left the queue but did not start within this time was removed by a performer. */
const START_GRACE_MS = 3000;

type KioskState = 'idle' | 'queued' | 'writing' | 'done';

const form = byId<HTMLFormElement>('form');
const input = byId<HTMLTextAreaElement>('prompt');
const button = byId<HTMLButtonElement>('submit');
const counter = byId('counter');
const message = byId('message');
const status = byId('status');

const socket = connect('/kiosk');
// The model calls update() from its first event on, so the view is created just after it.
let view: VerseView | undefined;
const model = bindVerseStream(socket, { change: () => update() });
view = new VerseView(byId('verse'), model, { showPrompt: true });

/** This visitor's prompts still waiting, by id, with their 1-based position. */
const waiting = new Map<string, number>();
/** Prompts that just left the queue; they should start at once. */
const leaving = new Map<string, ReturnType<typeof setTimeout>>();
let writingId: string | null = null;
let done = false;
let doneTimer: ReturnType<typeof setTimeout> | undefined;

function kioskState(): KioskState {
  if (writingId && model.id === writingId && !model.end) return 'writing';
  if (waiting.size > 0 || leaving.size > 0) return 'queued';
  return done ? 'done' : 'idle';
}

function update(): void {
  const state = kioskState();
  setPageState('state', state);
  const positions = [...waiting.values()].filter((p) => p > 0);
  const next = positions.length ? Math.min(...positions) : 0;
  status.textContent =
    state === 'writing' ? 'Your verse is being written…'
    : state === 'queued' ? (next <= 1 ? 'Your prompt is next.' : `Your prompt is number ${next} in line.`)
    : state === 'done' ? 'Your verse is written. Write another?'
    : '';
  view?.render();
}

function say(text: string, isError = false): void {
  message.textContent = text;
  message.classList.toggle('error', isError);
}

function updateCounter(): void {
  // Code points, as the server counts them: 春 is one character, not two UTF-16 units.
  const n = [...input.value].length;
  counter.textContent = `${n} / ${maxChars}`;
  counter.classList.toggle('over', n > maxChars);
}

function startedMine(id: string): boolean {
  const timer = leaving.get(id);
  if (timer !== undefined) clearTimeout(timer);
  return leaving.delete(id) || waiting.delete(id);
}

async function submit(): Promise<void> {
  if (button.disabled) return;
  button.disabled = true;
  say('Sending…');
  const reply = await ask(socket, (s) => s.emitWithAck('prompt:submit', { text: input.value }));
  button.disabled = false;
  if (!reply.ok) {
    // The typed text stays, so the visitor can fix it rather than start over.
    say(reply.error.message, true);
    input.focus();
    return;
  }
  waiting.set(reply.id, reply.position);
  done = false;
  clearTimeout(doneTimer);
  input.value = '';
  updateCounter();
  say('Thank you. Your prompt is in the queue.');
  update();
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void submit();
});
input.addEventListener('keydown', (e) => {
  // Enter sends, Shift+Enter breaks the line; never while an input method is composing (Chinese, Japanese…).
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    void submit();
  }
});
input.addEventListener('input', () => {
  updateCounter();
  if (message.classList.contains('error')) say('');
  if (done) {
    done = false;
    update();
  }
});

socket.on('queue:position', ({ id, position }) => {
  if (!waiting.has(id)) return;
  if (position > 0) {
    waiting.set(id, position);
  } else {
    // Position 0: it left the queue. Normally its verse starts right away; otherwise it was removed.
    waiting.delete(id);
    leaving.set(
      id,
      setTimeout(() => {
        if (!leaving.delete(id)) return;
        say('Your prompt was taken out of the queue. You can write another.');
        update();
      }, START_GRACE_MS),
    );
  }
  update();
});

socket.on('verse:start', ({ id }) => {
  if (startedMine(id)) {
    writingId = id;
    done = false;
    say('');
  }
  update();
});

socket.on('verse:end', ({ id }) => {
  if (id !== writingId) return;
  writingId = null;
  done = true;
  clearTimeout(doneTimer);
  doneTimer = setTimeout(() => {
    done = false;
    update();
  }, DONE_RESET_MS);
  update();
});

socket.on('state', ({ verse, limits }) => {
  if (limits) {
    maxChars = limits.promptChars;
    updateCounter();
  }
  // Reconnected while our verse was being written: pick it up again.
  if (verse && startedMine(verse.start.id)) writingId = verse.start.id;
  update();
});

socket.on('connect', () => {
  view!.connected = true;
});
socket.on('disconnect', () => {
  view!.connected = false;
});

updateCounter();
update();
