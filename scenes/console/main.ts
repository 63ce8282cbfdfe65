/**
 * @module console page: the performer's console. Every action needs the installation's token, sent as
 * socket.io `auth: { token }` on `/console`; `<body data-connection>` says connecting, connected,
 * unauthorized (connected read-only: the token is missing or wrong) or disconnected.
 */
import { qualify } from '../../engine/control/qualify.ts';
import type { ParamValue } from '../../protocol/paramSpec.ts';
import { PROMPT_MODES, type Ack, type ErrorPayload, type PromptMode, type StatusPayload } from '../../protocol/events.ts';
import { CONTROL_TABLES } from '../controlTables.ts';
import { findScene, sceneNames } from '../sceneRegistry.ts';
import { byId, h, setPageState } from '../ui/dom.ts';
import { LOAD_ACK_TIMEOUT_MS, ask, connect } from '../ui/socket.ts';
import { bindVerseStream } from '../ui/verseStream.ts';
import { VerseView } from '../ui/verseView.ts';
import { CoWrite } from './coWrite.ts';
import { MidiInput } from './midiInput.ts';
import { renderDisplays } from './displayList.ts';
import { renderModels } from './modelPanel.ts';
import { addActivity, describeMapping, renderMappings, renderQueue, renderStatus, renderPresets } from './panels.ts';
import { createControl, type ParamControl } from './paramControls.ts';

type Connection = 'connecting' | 'connected' | 'unauthorized' | 'disconnected';

const TOKEN_KEY = 'inkverse.console.token';

function storedToken(): string {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return ''; // storage can be disabled (private windows, kiosk policies)
  }
}

function setConnection(c: Connection): void {
  setPageState('connection', c);
  byId('connection').textContent = c === 'unauthorized' ? 'read-only: token missing or wrong' : c;
}

function note(id: string, text: string, isError = false): void {
  const el = byId(id);
  el.textContent = text;
  el.classList.toggle('error', isError);
}

const socket = connect('/console', { auth: { token: storedToken() } });
setConnection('connecting');

/** Shows a refusal; an unauthorized one also flips the page to read-only. */
function refused(where: string, error: ErrorPayload): void {
  note(where, error.message, true);
  if (error.code === 'INKVERSE_E_UNAUTHORIZED' && socket.connected) setConnection('unauthorized');
}

/** Reports an ack in a panel's note line; returns whether it was accepted. */
function report(where: string, reply: Ack, okText: string): boolean {
  if (reply.ok) note(where, okText);
  else refused(where, reply.error);
  return reply.ok;
}

// --- token ------------------------------------------------------------------------------------
const tokenInput = byId<HTMLInputElement>('token');
tokenInput.value = storedToken();
byId('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const token = tokenInput.value.trim();
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // not persisted; it still works for this session
  }
  socket.auth = { token };
  setConnection('connecting');
  socket.disconnect().connect();
});

// --- live verse ---------------------------------------------------------------------------------
let view: VerseView | undefined;
let coWrite: CoWrite | undefined;
const model = bindVerseStream(socket, {
  change: () => {
    view?.render();
    coWrite?.render();
  },
  state: (p) => showParams(p.params),
});
view = new VerseView(byId('verse'), model, { showPrompt: true });
// Revising the verse on the wall, choosing among the machine's drafts, going on (coWrite.ts).
coWrite = new CoWrite({ socket, model, note: (text, isError) => note('cowrite-note', text, isError), refused: (error) => refused('cowrite-note', error) });
coWrite.render();

function onSubmit(formId: string, run: () => Promise<void>): void {
  byId(formId).addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
}

onSubmit('skip-form', async () => {
  report('live-note', await ask(socket, (s) => s.emitWithAck('verse:skip', {})), 'Skipped.');
});
onSubmit('inject-form', async () => {
  const input = byId<HTMLInputElement>('inject');
  if (report('live-note', await ask(socket, (s) => s.emitWithAck('verse:inject', { text: input.value })), 'The model continues from your words.')) input.value = '';
});
// Every mode there is; one the running model lacks is refused with its code, naming the modes it has. A ci names its
// tune first (如梦令 秋思).
const modeSelect = byId<HTMLSelectElement>('prompt-mode');
for (const m of PROMPT_MODES) modeSelect.append(h('option', { value: m, text: m === 'ci' ? 'ci (tune, then theme: 如梦令 秋思)' : m }));
onSubmit('prompt-form', async () => {
  const input = byId<HTMLInputElement>('prompt');
  const mode = (modeSelect.value || undefined) as PromptMode | undefined;
  const reply = await ask(socket, (s) => s.emitWithAck('prompt:submit', mode ? { text: input.value, mode } : { text: input.value }));
  if (report('live-note', reply, reply.ok ? `Queued at position ${reply.position}.` : '')) input.value = '';
});

// --- parameters and MIDI learn -------------------------------------------------------------------
// One control per declared parameter of every namespace (engine, each scene, sound), by qualified name:
// the tables in controlTables.ts are the only list, so a new scene's parameters appear here by themselves.
const controls = new Map<string, ParamControl>();
const sceneSections = new Map<string, HTMLDetailsElement>();
let currentScene = '';

const midi = new MidiInput({
  forward: (data) => {
    if (socket.connected) socket.emit('midi:message', { data });
  },
  learned: (mapping, control) => {
    showLearning();
    void ask(socket, (s) => s.emitWithAck('mapping:save', mapping)).then((reply) =>
      report('midi-note', reply, `Learned: ${control} → ${mapping.param ?? mapping.action ?? ''}.`),
    );
  },
  status: (text) => note('midi-note', text),
});

function showLearning(): void {
  const armed = midi.learning;
  for (const c of controls.values()) c.learning(c.spec.name === armed);
}

function learn(name: string): void {
  midi.toggleLearn(name);
  showLearning();
  if (midi.learning && !MidiInput.available()) note('midi-note', 'Learn waits for a MIDI control, but this browser has no Web MIDI.', true);
}

const sendParam = (name: string, value: ParamValue): Promise<Ack> => ask(socket, (s) => s.emitWithAck('params:set', { [name]: value }));
for (const t of CONTROL_TABLES) {
  const section = h('details', { class: 'param-group', 'data-namespace': t.prefix || 'engine' }, h('summary', { text: t.title }));
  for (const spec of t.table) {
    const control = createControl({ ...spec, name: qualify(t.prefix, spec.name) }, { send: sendParam, learn });
    controls.set(control.spec.name, control);
    section.append(control.el);
  }
  if (t.prefix.startsWith('scene.')) sceneSections.set(t.prefix.slice('scene.'.length), section as HTMLDetailsElement);
  else (section as HTMLDetailsElement).open = true;
  byId(t.prefix.startsWith('scene.') || t.prefix === 'display' ? 'scene-params' : t.prefix === '' ? 'params' : 'sound-params').append(section);
}

function showParams(values: Record<string, ParamValue>): void {
  for (const [name, value] of Object.entries(values)) controls.get(name)?.show(value);
}
socket.on('params', showParams);

byId('midi-connect').addEventListener('click', () => void midi.connect());
if (!MidiInput.available()) note('midi-note', 'No Web MIDI in this browser: controllers can still reach the installation over OSC.');

// --- scene ---------------------------------------------------------------------------------------
const sceneSelect = byId<HTMLSelectElement>('scene');
sceneSelect.replaceChildren(...sceneNames().map((n) => h('option', { value: n, text: n, title: findScene(n)?.doc ?? '' })));
onSubmit('scene-form', async () => {
  const name = sceneSelect.value;
  report('scene-note', await ask(socket, (s) => s.emitWithAck('scene:set', { name })), `Showing "${name}".`);
});

socket.on('scene', (p) => showScene(p.name, p.params));
socket.on('displays', ({ displays }) =>
  renderDisplays(byId('displays'), displays, (display, name) => {
    void ask(socket, (s) => s.emitWithAck('scene:set', { name, display })).then((reply) => report('scene-note', reply, name ? `Display "${display}" shows "${name}".` : `Display "${display}" follows again.`));
  }),
);
socket.on('state', (p) => showScene(p.scene.name, p.scene.params));

/** Opens the showing scene's controls (the others stay folded) and shows its values. */
function showScene(name: string, values: Record<string, ParamValue>): void {
  if (name !== currentScene) {
    currentScene = name;
    sceneSelect.value = name;
    for (const [scene, section] of sceneSections) section.open = scene === name;
  }
  showParams(values);
}

// --- model ---------------------------------------------------------------------------------------
socket.on('models', (p) => renderModels(byId<HTMLSelectElement>('model'), byId('model-info'), p));
onSubmit('model-form', async () => {
  const name = byId<HTMLSelectElement>('model').value;
  if (!name) return note('model-note', 'No model to switch to.', true);
  note('model-note', `Loading "${name}"; the verse on screen finishes first…`);
  report('model-note', await ask(socket, (s) => s.emitWithAck('model:switch', { name }), LOAD_ACK_TIMEOUT_MS), `"${name}" writes the next verse.`);
});

// --- presets, queue, mappings, status, activity -----------------------------------------------------
socket.on('presets', ({ names }) => renderPresets(byId<HTMLSelectElement>('preset'), names));
onSubmit('preset-form', async () => {
  const name = byId<HTMLSelectElement>('preset').value;
  const fade = Number(byId<HTMLInputElement>('fade').value) || 0;
  if (!name) return note('preset-note', 'No presets saved yet.', true);
  report('preset-note', await ask(socket, (s) => s.emitWithAck('preset:recall', { name, fade })), `Recalling "${name}" over ${fade} s.`);
});
onSubmit('preset-save-form', async () => {
  const input = byId<HTMLInputElement>('preset-name');
  const name = input.value.trim();
  if (report('preset-note', await ask(socket, (s) => s.emitWithAck('preset:save', { name })), `Saved "${name}".`)) input.value = '';
});

const removeQueued = (id: string): void => {
  void ask(socket, (s) => s.emitWithAck('queue:remove', { id })).then((reply) => report('queue-note', reply, 'Removed.'));
};
socket.on('queue', ({ items }) => renderQueue(byId('queue'), items, removeQueued));

const removeMapping = (m: Parameters<typeof describeMapping>[0]): void => {
  void ask(socket, (s) => s.emitWithAck('mapping:remove', m)).then((reply) => report('midi-note', reply, `Removed ${describeMapping(m)}.`));
};
socket.on('mappings', ({ mappings }) => renderMappings(byId('mappings'), mappings, removeMapping));

let status: { payload: StatusPayload; at: number } | undefined;
const showStatus = (): void => {
  if (status) renderStatus(byId('status'), status.payload, (Date.now() - status.at) / 1000);
};
socket.on('status', (payload) => {
  status = { payload, at: Date.now() };
  showStatus();
  // Sent on every (re)connect: whether this connection holds a valid token, so the page knows whether it may act.
  if (payload.authorized === true) setConnection('connected');
  else if (payload.authorized === false) {
    setConnection('unauthorized');
    note('message', 'Read-only: enter the token (INKVERSE_TOKEN) of this installation to act.', true);
  }
});
setInterval(showStatus, 1000);

socket.on('activity', (a) => addActivity(byId('activity'), a));
socket.on('error', (e) => refused('message', e));

// --- connection ------------------------------------------------------------------------------------
socket.on('connect', () => {
  view!.connected = true;
  note('message', '');
  // Connected or read-only: the `status` the server sends on joining says which (`authorized`).
});
socket.on('disconnect', () => {
  view!.connected = false;
  setConnection('disconnected');
});
socket.on('connect_error', () => setConnection('disconnected'));
