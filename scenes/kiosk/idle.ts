/**
 * @module kiosk idle: idea sparks offered when the visitor hesitates, and the reset to the start page after
 * inactivity (config `kiosk.idleSeconds`, or `/kiosk?idle=SECONDS`).
 */
import { byId, h } from '../ui/dom.ts';
import { ask } from '../ui/socket.ts';
import { typed } from './input.ts';
import { keyboard } from './keyboardWiring.ts';
import { input, kiosk, kioskState, m, modesEl, socket, SPARK_DELAY_MS, sparksEl } from './state.ts';
import { say, update } from './view.ts';

// --- idea sparks: offered when the visitor hesitates ---
let sparkTimer: ReturnType<typeof setTimeout> | undefined;
export async function offerSparks(text: string): Promise<void> {
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
export function touched(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(idleReset, kiosk.info.idleSeconds * 1000);
  clearTimeout(sparkTimer);
  if (kioskState() === 'idle' || kioskState() === 'done') sparkTimer = setTimeout(() => void offerSparks(input.value + keyboard.buffer), Math.min(SPARK_DELAY_MS, (kiosk.info.idleSeconds * 1000) / 3));
}
export function idleReset(): void {
  const state = kioskState();
  // A visitor waiting for their verse is watching, not idle.
  if (state === 'queued' || state === 'writing') return touched();
  kiosk.done = false;
  kiosk.mineId = null;
  input.value = '';
  keyboard.clear();
  sparksEl.replaceChildren();
  byId('spark-title').textContent = '';
  say('');
  for (const [i, r] of [...modesEl.querySelectorAll<HTMLInputElement>('input')].entries()) r.checked = i === 0;
  typed();
  update();
}
export function wireIdle(): void {
  for (const ev of ['pointerdown', 'keydown'] as const) document.addEventListener(ev, () => touched(), { passive: true });
}
