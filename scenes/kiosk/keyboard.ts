/**
 * @module kiosk keyboard: an on-screen keyboard for a touch screen with no system input method. In ABC mode a
 * key types its letter; in 拼音 mode letters gather in a pinyin buffer, the server offers characters for it
 * (`pinyin:candidates`, most used in Tang and Song poems first) and tapping one (or space, for the first)
 * puts it in the prompt. Physical keyboards keep working on the text field as usual.
 */
import { h } from '../ui/dom.ts';

export interface Candidate {
  text: string;
  consumed: number;
}

export interface KeyboardOptions {
  root: HTMLElement;
  input: HTMLTextAreaElement;
  buffer: HTMLElement;
  candidates: HTMLElement;
  /** Asks the server for the characters of a pinyin buffer. */
  lookup(pinyin: string): Promise<Candidate[]>;
  /** The prompt changed (typed, deleted, candidate chosen). */
  changed(): void;
  /** The Write key. */
  submit(): void;
  /** Labels in the visitor's language. */
  labels(): { latin: string; pinyin: string; space: string; backspace: string; submit: string };
}

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

export class Keyboard {
  readonly #o: KeyboardOptions;
  #pinyinMode: boolean;
  #buffer = '';
  #asked = 0;
  #modeKey!: HTMLButtonElement;
  #spaceKey!: HTMLButtonElement;
  #submitKey!: HTMLButtonElement;

  constructor(options: KeyboardOptions, pinyinMode: boolean) {
    this.#o = options;
    this.#pinyinMode = pinyinMode;
    this.#build();
  }

  get pinyinMode(): boolean {
    return this.#pinyinMode;
  }

  get buffer(): string {
    return this.#buffer;
  }

  /** Clears the pinyin buffer and its candidates (a reset, or the prompt was sent). */
  clear(): void {
    this.#buffer = '';
    this.#render([]);
  }

  relabel(): void {
    const l = this.#o.labels();
    this.#modeKey.textContent = this.#pinyinMode ? l.pinyin : l.latin;
    this.#modeKey.setAttribute('aria-pressed', String(this.#pinyinMode));
    this.#spaceKey.textContent = l.space;
    this.#submitKey.textContent = l.submit;
  }

  #build(): void {
    const key = (label: string, action: () => void, cls = '', data: Record<string, string> = {}): HTMLButtonElement => {
      const b = h('button', { type: 'button', class: cls, text: label, ...data });
      // pointerdown, not click: a finger on a touch screen expects the key at once, and the text field keeps focus.
      b.addEventListener('pointerdown', (e) => {
        e.preventDefault();
        action();
      });
      b.addEventListener('click', (e) => e.detail === 0 && action()); // keyboard activation (Enter/Space on a focused key)
      return b;
    };
    for (const row of ROWS) {
      this.#o.root.append(h('div', { class: 'keys' }, ...[...row].map((c) => key(c, () => this.#letter(c), '', { 'data-key': c }))));
    }
    this.#modeKey = key('', () => this.#toggle(), 'mode', { 'data-key': 'mode' });
    this.#spaceKey = key('', () => this.#space(), 'wide', { 'data-key': 'space' });
    this.#submitKey = key('', () => this.#o.submit(), '', { 'data-key': 'submit' });
    this.#o.root.append(h('div', { class: 'keys' }, this.#modeKey, this.#spaceKey, key('⌫', () => this.#backspace(), '', { 'data-key': 'backspace' }), this.#submitKey));
    this.relabel();
  }

  #toggle(): void {
    if (this.#buffer) this.#commitLetters();
    this.#pinyinMode = !this.#pinyinMode;
    this.relabel();
    this.#o.changed();
  }

  #letter(c: string): void {
    if (!this.#pinyinMode) return this.#insert(c);
    this.#buffer += c;
    void this.#ask();
  }

  #space(): void {
    if (!this.#pinyinMode || !this.#buffer) return this.#insert(' ');
    const first = this.#o.candidates.querySelector<HTMLButtonElement>('button');
    if (first) first.click();
    else this.#commitLetters();
  }

  #backspace(): void {
    if (this.#buffer) {
      this.#buffer = this.#buffer.slice(0, -1);
      void this.#ask();
      return;
    }
    const chars = [...this.#o.input.value];
    chars.pop();
    this.#o.input.value = chars.join('');
    this.#o.changed();
  }

  #insert(text: string): void {
    this.#o.input.value += text;
    this.#o.changed();
  }

  /** Letters with no candidate chosen go into the prompt as they are (the bridge reads pinyin too). */
  #commitLetters(): void {
    this.#insert(this.#buffer);
    this.clear();
  }

  async #ask(): Promise<void> {
    const asked = ++this.#asked;
    const typed = this.#buffer;
    this.#o.buffer.textContent = typed;
    if (!typed) return this.#render([]);
    const found = await this.#o.lookup(typed);
    if (asked === this.#asked) this.#render(found);
  }

  #render(found: Candidate[]): void {
    this.#o.buffer.textContent = this.#buffer;
    this.#o.candidates.replaceChildren(
      ...found.map((c) => {
        const b = h('button', { type: 'button', role: 'option', text: c.text });
        b.addEventListener('click', () => {
          this.#buffer = this.#buffer.slice(c.consumed);
          this.#insert(c.text);
          void this.#ask();
        });
        return b;
      }),
    );
  }
}
