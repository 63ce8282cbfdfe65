/**
 * @module composer: where the visitor writes. The prompt box with its on-screen keyboard (owned here, with the
 * pinyin look-up over the socket), the character counter, the page language following the text, how their words
 * begin the verse (mode choices), the examples, idea sparks, and sending the prompt.
 */
import type { ErrorPayload, PromptSubmit } from '../../protocol/events.ts';
import { h } from '../ui/dom.ts';
import { ask, type PageSocket } from '../ui/socket.ts';
import { Keyboard, type Candidate } from './keyboard.ts';
import type { KioskElements } from './kioskElements.ts';
import type { KioskState } from './kioskState.ts';
import type { KioskView } from './kioskView.ts';
import type { VerseModel } from '../ui/verseModel.ts';
import { errorText, languageOf } from './messages.ts';

export interface ComposerOptions {
  els: KioskElements;
  state: KioskState;
  socket: PageSocket;
  view: KioskView;
  /** The visitor's verse (a revision's line length is read from it). */
  model: VerseModel;
  /** The visitor did something (restarts the idle timers). */
  touched: () => void;
}

export class Composer {
  readonly keyboard: Keyboard;
  readonly #o: ComposerOptions;
  readonly #listeners: Array<() => void> = [];

  constructor(options: ComposerOptions) {
    this.#o = options;
    const { els, socket, state } = options;
    this.keyboard = new Keyboard(
      {
        root: els.keyboard,
        input: els.input,
        buffer: els.pinyin,
        candidates: els.candidates,
        lookup: async (text) => {
          const r = await ask(socket, (s) => s.emitWithAck('pinyin:candidates', { text }));
          return r.ok ? (r.candidates as Candidate[]) : [];
        },
        changed: () => this.typed(),
        submit: () => void this.submit(),
        labels: () => {
          const m = state.messages;
          return { latin: m.keyboardLatin, pinyin: m.keyboardPinyin, space: m.space, backspace: m.backspace, submit: m.submit };
        },
      },
      false,
    );
    this.#wire();
  }

  /** The prompt changed: counter, page language, a stale error cleared. */
  typed(): void {
    const { els, state } = this.#o;
    const n = [...els.input.value].length;
    els.counter.textContent = `${n} / ${state.maxChars}`;
    els.counter.classList.toggle('over', n > state.maxChars);
    // The page speaks the language of what is being typed; with nothing typed it keeps the last visitor's.
    const typedText = els.input.value + this.keyboard.buffer;
    const next = typedText || this.keyboard.pinyinMode ? languageOf(typedText, this.keyboard.pinyinMode, state.otherLanguage) : state.lang;
    if (next !== state.lang) {
      state.lang = next;
      this.relabel();
    }
    if (els.message.classList.contains('error')) this.#o.view.say('');
    this.#o.touched();
  }

  relabel(): void {
    this.#o.view.relabel();
    this.keyboard.relabel();
  }

  #chosenMode(): PromptSubmit['mode'] {
    const checked = this.#o.els.modes.querySelector<HTMLInputElement>('input:checked');
    return (checked?.value || undefined) as PromptSubmit['mode'];
  }

  async submit(text = this.#o.els.input.value): Promise<void> {
    const { els, state, view, socket } = this.#o;
    if (els.button.disabled) return;
    els.button.disabled = true;
    state.lang = languageOf(text, this.keyboard.pinyinMode, state.otherLanguage);
    this.relabel();
    view.say(state.messages.sending);
    const mode = this.#chosenMode();
    const revising = state.revising;
    const reply = await (revising
      ? ask(socket, (s) => s.emitWithAck('verse:revise', { id: revising.id, index: revising.index, text }))
      : ask(socket, (s) => s.emitWithAck('prompt:submit', mode ? { text, mode } : { text })));
    els.button.disabled = false;
    if (!reply.ok) return this.refused(reply.error, text);
    this.accepted(reply.id, reply.position);
  }

  /** A refusal in the visitor's words; the typed text stays, so the visitor can fix it rather than start over. */
  refused(error: ErrorPayload, text: string): void {
    const { state, view } = this.#o;
    const m = state.messages;
    const misfit = error.code === 'INKVERSE_E_LINE_MISFIT' ? this.#misfit(text) : null;
    view.say(error.code === 'INKVERSE_E_PROMPT_TOO_LONG' ? m.tooLong(state.maxChars) : (misfit ?? errorText(m, error.code)), true);
    if (error.code === 'INKVERSE_E_PROMPT_UNPLACED') void this.offerSparks(text);
  }

  /** How a revised line of the wrong length reads to the visitor (Chinese verse: characters), or null. */
  #misfit(text: string): string | null {
    const { state } = this.#o;
    const lines = this.#o.model.lines();
    const han = (s: string): number => [...s].filter((c) => /\p{Script=Han}/u.test(c)).length;
    const want = lines[0] ? han(lines[0].text) : 0;
    const got = han(text);
    return want > 0 && got !== want ? state.messages.lineMisfit(want, got) : null;
  }

  /** A prompt or revision was queued: the page follows it, the prompt box is cleared. */
  accepted(id: string, position: number): void {
    const { els, state, view } = this.#o;
    state.newPrompt(id, position);
    els.qr.removeAttribute('src');
    // The visitor can follow this verse on their phone (`/follow?p=<id>`), while it waits and while it is written.
    els.followQr.src = `/follow/qr.svg?p=${encodeURIComponent(id)}`;
    els.followHint.textContent = state.messages.followPhone;
    els.code.textContent = '';
    els.input.value = '';
    this.keyboard.clear();
    this.#clearSparks();
    this.typed();
    view.say(state.messages.thanks);
    view.update();
  }

  /** Idea sparks: a few themes to tap, from what is typed so far (or the hour and season). */
  async offerSparks(text = this.#o.els.input.value + this.keyboard.buffer): Promise<void> {
    const { els, state, socket } = this.#o;
    const r = await ask(socket, (s) => s.emitWithAck('sparks:get', { text: text.slice(0, 200) }));
    if (!r.ok || state.busy) return;
    els.sparkTitle.textContent = state.messages.sparks;
    els.sparks.replaceChildren(
      ...(r.sparks as Array<{ text: string; gloss?: string }>).map((sp) => {
        const b = h('button', { type: 'button', 'data-spark': sp.text }, sp.text, sp.gloss ? h('small', { text: sp.gloss }) : null);
        b.addEventListener('click', () => {
          els.input.value = sp.text;
          this.keyboard.clear();
          this.typed();
        });
        return b;
      }),
    );
  }

  #clearSparks(): void {
    this.#o.els.sparks.replaceChildren();
    this.#o.els.sparkTitle.textContent = '';
  }

  /** Back to an empty prompt (the idle reset). */
  reset(): void {
    const { els } = this.#o;
    this.#o.state.revising = null;
    els.input.value = '';
    this.keyboard.clear();
    this.#clearSparks();
    this.#o.view.say('');
    for (const [i, r] of [...els.modes.querySelectorAll<HTMLInputElement>('input')].entries()) r.checked = i === 0;
    this.typed();
  }

  /** The running model's modes (kiosk:hello) as choices; "chosen for you" only where the model picks one from the prompt's shape. */
  buildChoices(): void {
    const { els, state } = this.#o;
    const { modes, autoMode, examples } = state.info;
    const values = [...(autoMode ? [''] : []), ...modes];
    els.modes.replaceChildren(
      ...(values.length > 1 ? values : []).map((value, i) =>
        h('label', {}, h('input', { type: 'radio', name: 'mode', value, ...(i === 0 ? { checked: true } : {}) }), ' ', h('span', { 'data-mode-name': value || 'auto', text: '' })),
      ),
    );
    els.examples.replaceChildren(
      ...examples.map((text) => {
        const b = h('button', { type: 'button', 'data-example': text, text });
        b.addEventListener('click', () => {
          state.lang = languageOf(text, false, state.otherLanguage);
          this.relabel();
          void this.submit(text);
        });
        return b;
      }),
    );
    this.relabel();
  }

  #listen<K extends keyof HTMLElementEventMap>(el: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void): void {
    el.addEventListener(type, fn);
    this.#listeners.push(() => el.removeEventListener(type, fn));
  }

  /** The form, the prompt box. */
  #wire(): void {
    const { els, state, view } = this.#o;
    this.#listen(els.form, 'submit', (e) => {
      e.preventDefault();
      void this.submit();
    });
    this.#listen(els.input, 'keydown', (e) => {
      // Enter sends, Shift+Enter breaks the line; never while an input method is composing.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        void this.submit();
      }
    });
    this.#listen(els.input, 'input', () => {
      this.typed();
      // Typing a new prompt leaves the finished verse; rewriting one of its lines does not.
      if (state.done && !state.revising) {
        state.done = false;
        view.update();
      }
    });
  }

  dispose(): void {
    for (const off of this.#listeners.splice(0)) off();
  }
}
