/**
 * @module followPage: the `/follow` page for phones. It follows the ordinary verse stream (the `/follow`
 * namespace, `state` and `verse:*` with `state:resume` on a gap or a reconnect, as every page does) and draws it
 * as text, token by token: no WebGL, a few KB of script beside the socket.io client. With `?p=<prompt id>` (the
 * QR code a kiosk shows after a prompt) the visitor's own verse is marked while it is written and kept at the top
 * once it is done. `<body data-state="waiting|writing|done" data-connection="waiting|connected"
 * data-mine="none|waiting|writing|done" data-verse="ID">` expose what is showing.
 */
import { byId, h, setPageState } from '../ui/dom.ts';
import type { PageSocket } from '../ui/socket.ts';
import type { LineView, VerseModel } from '../ui/verseModel.ts';
import { bindVerseStream } from '../ui/verseStream.ts';
import { followTexts } from './followTexts.ts';

export interface FollowPageOptions {
  socket: PageSocket;
  /** The visitor's own prompt id (`?p=`), or null. */
  mine: string | null;
  /** The phone's language, for the page's few sentences. */
  language: string;
}

/** Writes the lines into `box`, touching only the paragraphs whose text changed (a token at a time). */
export function renderLines(box: HTMLElement, lines: readonly LineView[]): void {
  const paragraphs = box.children;
  lines.forEach((line, i) => {
    let p = paragraphs[i] as HTMLElement | undefined;
    if (!p) box.append((p = h('p', { class: 'verse-line' })));
    if (p.textContent !== line.text) p.textContent = line.text;
    p.classList.toggle('open', !line.finished);
  });
  while (paragraphs.length > lines.length) paragraphs[paragraphs.length - 1]!.remove();
}

export function startFollowPage(o: FollowPageOptions): VerseModel {
  const texts = followTexts(o.language);
  const status = byId('status');
  const verse = byId('verse');
  const prompt = byId('prompt');
  byId('mine-title').textContent = texts.mineTitle;
  status.textContent = texts.connecting;
  let mineDone = false;
  const show = (): void => {
    const id = model.id;
    setPageState('verse', id ?? '');
    setPageState('state', !id ? 'waiting' : model.end ? 'done' : 'writing');
    prompt.textContent = model.start?.theme ?? model.start?.prompt ?? '';
    renderLines(verse, model.lines());
    const isMine = o.mine !== null && id === o.mine;
    if (isMine && model.end && !mineDone) {
      mineDone = true;
      renderLines(byId('mine'), model.lines());
    }
    setPageState('mine', o.mine === null ? 'none' : mineDone ? 'done' : isMine ? 'writing' : 'waiting');
    if (o.socket.connected) status.textContent = isMine && !model.end ? texts.mineWriting : o.mine && !mineDone ? texts.mineWaiting : id && !model.end ? texts.writing : texts.resting;
  };
  const model: VerseModel = bindVerseStream(o.socket, { change: show });
  o.socket.on('connect', () => {
    setPageState('connection', 'connected');
    show();
  });
  o.socket.on('disconnect', () => {
    setPageState('connection', 'waiting');
    status.textContent = texts.away;
  });
  return model;
}
