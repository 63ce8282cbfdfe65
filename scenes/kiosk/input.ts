/**
 * @module kiosk input: what the visitor types (character counter, page language following the text), how their
 * words begin the verse (mode choices), the examples, and sending the prompt.
 */
import type { PromptSubmit } from '../../protocol/events.ts';
import { byId, h } from '../ui/dom.ts';
import { ask } from '../ui/socket.ts';
import { offerSparks, touched } from './idle.ts';
import { keyboard } from './keyboardWiring.ts';
import { errorText, languageOf } from './messages.ts';
import { button, copied, counter, form, input, kiosk, m, message, modesEl, socket, sparksEl, waiting } from './state.ts';
import { relabel, say, update } from './view.ts';

export function typed(): void {
  const n = [...input.value].length;
  counter.textContent = `${n} / ${kiosk.maxChars}`;
  counter.classList.toggle('over', n > kiosk.maxChars);
  // The page speaks the language of what is being typed; with nothing typed it keeps the last visitor's.
  const next = input.value + keyboard.buffer || keyboard.pinyinMode ? languageOf(input.value + keyboard.buffer, keyboard.pinyinMode) : kiosk.lang;
  if (next !== kiosk.lang) {
    kiosk.lang = next;
    relabel();
  }
  if (message.classList.contains('error')) say('');
  touched();
}

function chosenMode(): PromptSubmit['mode'] {
  const checked = modesEl.querySelector<HTMLInputElement>('input:checked');
  return (checked?.value || undefined) as PromptSubmit['mode'];
}

export async function submit(text = input.value): Promise<void> {
  if (button.disabled) return;
  button.disabled = true;
  kiosk.lang = languageOf(text, keyboard.pinyinMode);
  relabel();
  say(m().sending);
  const mode = chosenMode();
  const reply = await ask(socket, (s) => s.emitWithAck('prompt:submit', mode ? { text, mode } : { text }));
  button.disabled = false;
  if (!reply.ok) {
    // The typed text stays, so the visitor can fix it rather than start over.
    say(reply.error.code === 'INKVERSE_E_PROMPT_TOO_LONG' ? m().tooLong(kiosk.maxChars) : errorText(m(), reply.error.code), true);
    if (reply.error.code === 'INKVERSE_E_PROMPT_UNPLACED') void offerSparks(text);
    return;
  }
  waiting.set(reply.id, reply.position);
  kiosk.mineId = reply.id;
  kiosk.done = false;
  copied.length = 0;
  kiosk.linesSeen = 0;
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

export function buildChoices(): void {
  // The running model's modes (kiosk:hello); "chosen for you" only where the model picks one from the prompt's shape.
  const { modes, autoMode } = kiosk.info;
  const values = [...(autoMode ? [''] : []), ...modes];
  modesEl.replaceChildren(
    ...(values.length > 1 ? values : []).map((value, i) =>
      h('label', {}, h('input', { type: 'radio', name: 'mode', value, ...(i === 0 ? { checked: true } : {}) }), ' ', h('span', { 'data-mode-name': value || 'auto', text: '' })),
    ),
  );
  byId('examples').replaceChildren(
    ...kiosk.info.examples.map((text) => {
      const b = h('button', { type: 'button', 'data-example': text, text });
      b.addEventListener('click', () => {
        kiosk.lang = languageOf(text);
        relabel();
        void submit(text);
      });
      return b;
    }),
  );
  relabel();
}

/** The form, the prompt box and the "again" button. */
export function wireForm(idleReset: () => void): void {
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
    if (kiosk.done) {
      kiosk.done = false;
      update();
    }
  });
  byId('again').addEventListener('click', () => idleReset());
}
