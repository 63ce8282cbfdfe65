/**
 * @module kiosk queue and verse events: follows this visitor's prompts through the queue (positions, removal,
 * start grace), feeds their verse into the model, records copied lines and the take-home code, and handles
 * service status, state snapshots and (re)connection.
 */
import { byId, setPageState } from '../ui/dom.ts';
import { ask } from '../ui/socket.ts';
import { touched } from './idle.ts';
import { buildChoices, typed } from './input.ts';
import { copied, idleOverride, kiosk, leaving, m, model, socket, START_GRACE_MS, view, waiting } from './state.ts';
import { say, update } from './view.ts';

function startedMine(id: string): boolean {
  const timer = leaving.get(id);
  if (timer !== undefined) clearTimeout(timer);
  return leaving.delete(id) || waiting.delete(id);
}

/**
 * After a drop the server knows this page by a new socket: it asks after the visitor's prompts, so their queue
 * positions and their verse's take-away code (sent only to the kiosks that follow a prompt) reach it again.
 */
function followAgain(): void {
  const ids = new Set([...waiting.keys(), ...leaving.keys()]);
  if (kiosk.mineId && !byId('code').textContent) ids.add(kiosk.mineId);
  if (!ids.size) return;
  void ask(socket, (s) => s.emitWithAck('prompt:status', { ids: [...ids] })).then((r) => {
    if (!r.ok) return;
    for (const p of r.prompts) {
      if (p.status === 'queued' && waiting.has(p.id)) waiting.set(p.id, p.position);
      else if (p.status === 'removed' && (waiting.delete(p.id) || leaving.delete(p.id))) say(m().removed);
      // Written while the page was away: it has been on the wall.
      else if (p.status === 'done' && startedMine(p.id)) kiosk.done = true;
      else if (p.status === 'unknown') startedMine(p.id);
    }
    update();
  });
}

export function wireQueue(): void {
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
    if (id === kiosk.mineId) model.begin(p);
    if (startedMine(id)) {
      kiosk.writingId = id;
      kiosk.done = false;
      say('');
    }
    update();
  });
  socket.on('verse:token', (t) => t.id === kiosk.mineId && model.token(t));
  socket.on('verse:line', (line) => {
    if (line.id === kiosk.mineId) model.line(line);
    if (line.id !== kiosk.writingId) return;
    kiosk.linesSeen = Math.max(kiosk.linesSeen, line.index + 1);
    if (line.copied) copied.push({ index: line.index, text: line.text.replace(/[\p{P}\s]+$/u, ''), poet: line.source?.poet, title: line.source?.title });
    update();
  });
  socket.on('verse:end', (end) => {
    const { id } = end;
    if (id === kiosk.mineId) model.finish(end);
    if (id !== kiosk.writingId) return;
    kiosk.writingId = null;
    kiosk.done = true;
    touched();
    update();
  });
  socket.on('verse:code', ({ id, code, qr }) => {
    if (id !== kiosk.mineId) return;
    byId<HTMLImageElement>('qr').src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr)}`;
    byId('code').textContent = code;
  });
  socket.on('service', (s) => {
    kiosk.service = s;
    update();
  });
  socket.on('state', ({ verse, limits, service: s }) => {
    if (limits) kiosk.maxChars = limits.promptChars;
    if (s) kiosk.service = s;
    if (verse && verse.start.id === kiosk.mineId) model.applySnapshot(verse);
    if (verse && startedMine(verse.start.id)) kiosk.writingId = verse.start.id;
    typed();
    update();
  });
  let connectedBefore = false;
  socket.on('connect', () => {
    view!.connected = true;
    // After a drop, ask for the rest of the visitor's verse (the server also sends `state` on every connect).
    if (connectedBefore && kiosk.mineId && model.id === kiosk.mineId && !model.end) socket.emit('state:resume', { id: kiosk.mineId, fromSeq: model.nextSeq });
    if (connectedBefore) followAgain();
    connectedBefore = true;
    void ask(socket, (s) => s.emitWithAck('kiosk:hello', {})).then((r) => {
      if (!r.ok) return;
      kiosk.info = { idleSeconds: idleOverride >= 2 ? idleOverride : r.idleSeconds, examples: r.examples, language: r.language, modes: r.modes, autoMode: r.autoMode };
      setPageState('idle', String(kiosk.info.idleSeconds));
      buildChoices();
      touched();
    });
    update();
  });
  socket.on('disconnect', () => {
    view!.connected = false;
    update();
  });
}
