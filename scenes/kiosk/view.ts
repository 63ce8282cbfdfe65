/**
 * @module kiosk view: renders the queue/verse state into the page (`data-state`, status line with countdown,
 * theme, service notice, copied-line sources, share line), re-labels it in the visitor's language, and says messages.
 */
import { OPENING_MODES } from '../../protocol/events.ts';
import { byId, h, setPageState } from '../ui/dom.ts';
import { keyboard } from './keyboardWiring.ts';
import type { KioskMessages } from './messages.ts';
import { button, copied, etaSeconds, kiosk, kioskState, m, message, model, modesEl, socket, sparksEl, status, view, waiting } from './state.ts';

export function update(): void {
  const state = kioskState();
  setPageState('state', state);
  document.documentElement.lang = kiosk.lang === 'zh' ? 'zh-Hans' : 'en';
  const positions = [...waiting.values()].filter((p) => p > 0);
  const next = positions.length ? Math.min(...positions) : 0;
  status.textContent =
    state === 'writing' ? m().writing
    : state === 'queued' ? `${next <= 1 ? m().next : m().position(next)} ${m().countdown(etaSeconds(Math.max(1, next)))}`
    : '';
  byId('theme').textContent = kiosk.mineId && model.id === kiosk.mineId && model.start?.theme ? m().theme(model.start.theme) : '';
  byId('service').textContent = kiosk.service.status === 'degraded' ? m().degraded : !socket.connected ? m().offline : '';
  byId('sources').replaceChildren(...copied.map((c) => h('li', { 'data-index': c.index, text: `「${c.text}」 ${sourceText(c)}` })));
  byId('share').textContent = state === 'done' && kiosk.linesSeen ? m().newLines(kiosk.linesSeen - copied.length, kiosk.linesSeen) : '';
  view?.render();
}

/** Whose a copied line is; a line of the visitor's own opening is said to be theirs, and whose it also is. */
function sourceText(c: (typeof copied)[number]): string {
  const start = model.start;
  const yours = !!start?.mode && OPENING_MODES.includes(start.mode) && start.prompt.replace(/[\p{P}\s]+/gu, '').includes(c.text.replace(/[\p{P}\s]+/gu, ''));
  if (c.poet) return yours ? m().yoursFrom(c.poet, c.title ?? '') : m().copiedFrom(c.poet, c.title ?? '');
  return yours ? m().yoursUnknown : m().copiedUnknown;
}

/** Re-labels the page in the visitor's language. */
export function relabel(): void {
  byId('heading').textContent = m().heading;
  byId('label').textContent = m().label;
  button.textContent = m().submit;
  byId('examples-title').textContent = m().examples;
  byId('wall-title').textContent = m().onWall;
  byId('take-home').textContent = m().takeHome;
  byId('again').textContent = m().again;
  if (sparksEl.childElementCount) byId('spark-title').textContent = m().sparks;
  for (const el of modesEl.querySelectorAll<HTMLElement>('[data-mode-name]')) el.textContent = m().modeNames[el.dataset.modeName as keyof KioskMessages['modeNames']] ?? el.dataset.modeName!;
  keyboard.relabel();
}

export function say(text: string, isError = false): void {
  message.textContent = text;
  message.classList.toggle('error', isError);
}
