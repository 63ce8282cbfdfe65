/**
 * @module kiosk page: a touch screen in a dark room. A visitor types (on-screen keyboard, with pinyin input),
 * taps an example or an idea spark, picks how their words begin the verse, then sees their place in the queue
 * with a countdown, the verse as it is written (with pinyin, gloss and the poem a copied line comes from),
 * and "your verse is on the wall" with a QR code to take it home. After a quiet while it returns to its start.
 * `<body data-state="idle|queued|writing|done">` follows the visitor's own prompt. Never an error page: every
 * refusal is a kind sentence in the visitor's language (messages.ts).
 */
import { PROMPT_MODES, type KioskInfo, type PromptSubmit, type ServiceStatus } from '../../protocol/events.ts';
import { byId, h, setPageState } from '../ui/dom.ts';
import { ask, connect } from '../ui/socket.ts';
import { VerseModel } from '../ui/verseModel.ts';
import { VerseView } from '../ui/verseView.ts';
import { Keyboard, type Candidate } from './keyboard.ts';
import { errorText, languageOf, MESSAGES, type KioskLanguage, type KioskMessages } from './messages.ts';

type KioskState = 'idle' | 'queued' | 'writing' | 'done';

/** A prompt that left the queue but did not start within this time was removed by a performer. */
const START_GRACE_MS = 3000;
/** A visitor who has not touched anything for this long (or a third of the idle time, if shorter) is offered idea sparks. */
const SPARK_DELAY_MS = 7000;
/** `/kiosk?idle=SECONDS` sets this kiosk's idle time over the installation's (`kiosk.idleSeconds`). */
const idleOverride = Number(new URLSearchParams(location.search).get('idle'));
/** Until verses have been timed here, a verse is guessed to take this long. */
const DEFAULT_VERSE_MS = 20_000;

const form = byId<HTMLFormElement>('form');
const input = byId<HTMLTextAreaElement>('prompt');
const button = byId<HTMLButtonElement>('submit');
const counter = byId('counter');
const message = byId('message');
const status = byId('status');
const sparksEl = byId('sparks');
const modesEl = byId('modes');

const socket = connect('/kiosk');
let view: VerseView | undefined;
// The kiosk shows the visitor's own verse only, and keeps it on screen while the room moves on to the next.
const model = new VerseModel({ change: () => update(), gap: (id, fromSeq) => void (socket.connected && socket.emit('state:resume', { id, fromSeq })) });
view = new VerseView(byId('verse'), model, { showPrompt: true });

let info: KioskInfo = { idleSeconds: 90, examples: [], language: 'zh' };
let maxChars = 200;
let service: ServiceStatus = { status: 'ok', reason: null };
/** This visitor's prompts still waiting, by id, with their 1-based position. */
const waiting = new Map<string, number>();
const leaving = new Map<string, ReturnType<typeof setTimeout>>();
let writingId: string | null = null;
let mineId: string | null = null;
let done = false;
let lang: KioskLanguage = 'en';
const copied: Array<{ index: number; text: string; poet?: string; title?: string }> = [];
let linesSeen = 0;

const keyboard = new Keyboard(
  {
    root: byId('keyboard'),
    input,
    buffer: byId('pinyin'),
    candidates: byId('candidates'),
    lookup: async (text) => {
      const r = await ask(socket, (s) => s.emitWithAck('pinyin:candidates', { text }));
      return r.ok ? (r.candidates as Candidate[]) : [];
    },
    changed: () => typed(),
    submit: () => void submit(),
    labels: () => ({ latin: m().keyboardLatin, pinyin: m().keyboardPinyin, space: m().space, backspace: m().backspace, submit: m().submit }),
  },
  false,
);

function m(): KioskMessages {
  return MESSAGES[lang];
}

function kioskState(): KioskState {
  if (writingId && model.id === writingId && !model.end) return 'writing';
  if (waiting.size > 0 || leaving.size > 0) return 'queued';
  return done ? 'done' : 'idle';
}

// --- timing: a countdown from how long verses take here ---
let verseStartedAt = 0;
let verseMs = DEFAULT_VERSE_MS;
socket.on('verse:start', () => (verseStartedAt = Date.now()));
socket.on('verse:end', () => {
  if (verseStartedAt) verseMs = 0.7 * verseMs + 0.3 * (Date.now() - verseStartedAt);
});
function etaSeconds(position: number): number {
  const current = verseStartedAt ? Math.max(3000, verseMs - (Date.now() - verseStartedAt)) : 0;
  return Math.max(1, Math.round((current + (position - 1) * verseMs) / 1000));
}

function update(): void {
  const state = kioskState();
  setPageState('state', state);
  document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : 'en';
  const positions = [...waiting.values()].filter((p) => p > 0);
  const next = positions.length ? Math.min(...positions) : 0;
  status.textContent =
    state === 'writing' ? m().writing
    : state === 'queued' ? `${next <= 1 ? m().next : m().position(next)} ${m().countdown(etaSeconds(Math.max(1, next)))}`
    : '';
  byId('theme').textContent = mineId && model.id === mineId && model.start?.theme ? m().theme(model.start.theme) : '';
  byId('service').textContent = service.status === 'degraded' ? m().degraded : !socket.connected ? m().offline : '';
  byId('sources').replaceChildren(...copied.map((c) => h('li', { text: `「${c.text}」 ${c.poet ? m().copiedFrom(c.poet, c.title ?? '') : m().copiedUnknown}` })));
  byId('share').textContent = state === 'done' && linesSeen ? m().newLines(linesSeen - copied.length, linesSeen) : '';
  view?.render();
}

/** Re-labels the page in the visitor's language. */
function relabel(): void {
  byId('heading').textContent = m().heading;
  byId('label').textContent = m().label;
  button.textContent = m().submit;
  byId('examples-title').textContent = m().examples;
  byId('wall-title').textContent = m().onWall;
  byId('take-home').textContent = m().takeHome;
  byId('again').textContent = m().again;
  if (sparksEl.childElementCount) byId('spark-title').textContent = m().sparks;
  for (const el of modesEl.querySelectorAll<HTMLElement>('[data-mode-name]')) el.textContent = m().modeNames[el.dataset.modeName!] ?? el.dataset.modeName!;
  keyboard.relabel();
}

function say(text: string, isError = false): void {
  message.textContent = text;
  message.classList.toggle('error', isError);
}

function typed(): void {
  const n = [...input.value].length;
  counter.textContent = `${n} / ${maxChars}`;
  counter.classList.toggle('over', n > maxChars);
  // The page speaks the language of what is being typed; with nothing typed it keeps the last visitor's.
  const next = input.value + keyboard.buffer || keyboard.pinyinMode ? languageOf(input.value + keyboard.buffer, keyboard.pinyinMode) : lang;
  if (next !== lang) {
    lang = next;
    relabel();
  }
  if (message.classList.contains('error')) say('');
  touched();
}

function chosenMode(): PromptSubmit['mode'] {
  const checked = modesEl.querySelector<HTMLInputElement>('input:checked');
  return (checked?.value || undefined) as PromptSubmit['mode'];
}

async function submit(text = input.value): Promise<void> {
  if (button.disabled) return;
  button.disabled = true;
  lang = languageOf(text, keyboard.pinyinMode);
  relabel();
  say(m().sending);
  const mode = chosenMode();
  const reply = await ask(socket, (s) => s.emitWithAck('prompt:submit', mode ? { text, mode } : { text }));
  button.disabled = false;
  if (!reply.ok) {
    // The typed text stays, so the visitor can fix it rather than start over.
    say(reply.error.code === 'INKVERSE_E_PROMPT_TOO_LONG' ? m().tooLong(maxChars) : errorText(m(), reply.error.code), true);
    if (reply.error.code === 'INKVERSE_E_PROMPT_UNPLACED') void offerSparks(text);
    return;
  }
  waiting.set(reply.id, reply.position);
  mineId = reply.id;
  done = false;
  copied.length = 0;
  linesSeen = 0;
  byId<HTMLImageElement>('qr').removeAttribute('src');
  byId('code').textContent = '';
  input.value = '';
  keyboard.clear();
  sparksEl.replaceChildren();
  byId('spark-title').textContent = '';
  typed();
  say(m().thanks);
  update();
}

// --- idea sparks: offered when the visitor hesitates ---
let sparkTimer: ReturnType<typeof setTimeout> | undefined;
async function offerSparks(text: string): Promise<void> {
  const r = await ask(socket, (s) => s.emitWithAck('sparks:get', { text: text.slice(0, 200) }));
  if (!r.ok || kioskState() === 'queued' || kioskState() === 'writing') return;
  byId('spark-title').textContent = m().sparks;
  sparksEl.replaceChildren(
    ...(r.sparks as Array<{ text: string; gloss?: string }>).map((sp) => {
      const b = h('button', { type: 'button', 'data-spark': sp.text }, sp.text, sp.gloss ? h('small', { text: sp.gloss }) : null);
      b.addEventListener('click', () => {
        input.value = sp.text;
        keyboard.clear();
        typed();
      });
      return b;
    }),
  );
}

// --- reset after inactivity (config kiosk.idleSeconds) ---
let idleTimer: ReturnType<typeof setTimeout> | undefined;
function touched(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(idleReset, info.idleSeconds * 1000);
  clearTimeout(sparkTimer);
  if (kioskState() === 'idle' || kioskState() === 'done') sparkTimer = setTimeout(() => void offerSparks(input.value + keyboard.buffer), Math.min(SPARK_DELAY_MS, (info.idleSeconds * 1000) / 3));
}
function idleReset(): void {
  const state = kioskState();
  // A visitor waiting for their verse is watching, not idle.
  if (state === 'queued' || state === 'writing') return touched();
  done = false;
  mineId = null;
  input.value = '';
  keyboard.clear();
  sparksEl.replaceChildren();
  byId('spark-title').textContent = '';
  say('');
  for (const r of modesEl.querySelectorAll<HTMLInputElement>('input')) r.checked = r.value === '';
  typed();
  update();
}
for (const ev of ['pointerdown', 'keydown'] as const) document.addEventListener(ev, () => touched(), { passive: true });

function buildChoices(): void {
  const modes = info.language === 'zh' ? ['title', 'opening', 'acrostic', 'keywords'] : ['free', 'couplets'];
  const available = modes.filter((x) => (PROMPT_MODES as readonly string[]).includes(x));
  modesEl.replaceChildren(
    ...(available.length ? ['', ...available] : []).map((value, i) =>
      h('label', {}, h('input', { type: 'radio', name: 'mode', value, ...(i === 0 ? { checked: true } : {}) }), ' ', h('span', { 'data-mode-name': value || 'auto', text: '' })),
    ),
  );
  MESSAGES.en.modeNames.auto ??= 'chosen for you';
  MESSAGES.zh.modeNames.auto ??= '自动';
  byId('examples').replaceChildren(
    ...info.examples.map((text) => {
      const b = h('button', { type: 'button', 'data-example': text, text });
      b.addEventListener('click', () => {
        lang = languageOf(text);
        relabel();
        void submit(text);
      });
      return b;
    }),
  );
  relabel();
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void submit();
});
input.addEventListener('keydown', (e) => {
  // Enter sends, Shift+Enter breaks the line; never while an input method is composing.
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    void submit();
  }
});
input.addEventListener('input', () => {
  typed();
  if (done) {
    done = false;
    update();
  }
});
byId('again').addEventListener('click', () => idleReset());

function startedMine(id: string): boolean {
  const timer = leaving.get(id);
  if (timer !== undefined) clearTimeout(timer);
  return leaving.delete(id) || waiting.delete(id);
}

socket.on('queue:position', ({ id, position }) => {
  if (!waiting.has(id)) return;
  if (position > 0) waiting.set(id, position);
  else {
    waiting.delete(id);
    leaving.set(id, setTimeout(() => leaving.delete(id) && (say(m().removed), update()), START_GRACE_MS));
  }
  update();
});
socket.on('queue:removed', ({ id }) => {
  if (!waiting.delete(id) && !leaving.delete(id)) return;
  say(m().removed);
  update();
});
socket.on('verse:start', (p) => {
  const { id } = p;
  if (id === mineId) model.begin(p);
  if (startedMine(id)) {
    writingId = id;
    done = false;
    say('');
  }
  update();
});
socket.on('verse:token', (t) => t.id === mineId && model.token(t));
socket.on('verse:line', (line) => {
  if (line.id === mineId) model.line(line);
  if (line.id !== writingId) return;
  linesSeen = Math.max(linesSeen, line.index + 1);
  if (line.copied) copied.push({ index: line.index, text: line.text.replace(/[\p{P}\s]+$/u, ''), poet: line.source?.poet, title: line.source?.title });
  update();
});
socket.on('verse:end', (end) => {
  const { id } = end;
  if (id === mineId) model.finish(end);
  if (id !== writingId) return;
  writingId = null;
  done = true;
  touched();
  update();
});
socket.on('verse:code', ({ id, code, qr }) => {
  if (id !== mineId) return;
  byId<HTMLImageElement>('qr').src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr)}`;
  byId('code').textContent = code;
});
socket.on('service', (s) => {
  service = s;
  update();
});
socket.on('state', ({ verse, limits, service: s }) => {
  if (limits) maxChars = limits.promptChars;
  if (s) service = s;
  if (verse && verse.start.id === mineId) model.applySnapshot(verse);
  if (verse && startedMine(verse.start.id)) writingId = verse.start.id;
  typed();
  update();
});
let connectedBefore = false;
socket.on('connect', () => {
  view!.connected = true;
  // After a drop, ask for the rest of the visitor's verse (the server also sends `state` on every connect).
  if (connectedBefore && mineId && model.id === mineId && !model.end) socket.emit('state:resume', { id: mineId, fromSeq: model.nextSeq });
  connectedBefore = true;
  void ask(socket, (s) => s.emitWithAck('kiosk:hello', {})).then((r) => {
    if (!r.ok) return;
    info = { idleSeconds: idleOverride >= 2 ? idleOverride : r.idleSeconds, examples: r.examples, language: r.language };
    setPageState('idle', String(info.idleSeconds));
    buildChoices();
    touched();
  });
  update();
});
socket.on('disconnect', () => {
  view!.connected = false;
  update();
});

relabel();
typed();
update();
