/**
 * @module kiosk keyboard: an on-screen keyboard for a touch screen with no system input method. In ABC mode a
 * key types its letter; in 拼音 mode letters gather in a pinyin buffer, the server offers characters for it
 * (`pinyin:candidates`, most used in Tang and Song poems first) and tapping one (or space, for the first)
 * puts it in the prompt. Digits and punctuation (Chinese marks while writing pinyin, Latin ones in ABC) are always
 * there; the àé key swaps the letters for the accented ones of French, German and Spanish, which the language bridge
 * reads. Physical keyboards keep working on the text field as usual.
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

const DIGITS = '1234567890';
const LETTERS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
/** The accented letters of French, German and Spanish (the bridge's languages besides English and Chinese). */
const ACCENTS = ['àâäáæçéèêë', 'íîïìñóôöœò', 'úùûüÿß¿¡'];
/** Punctuation keys: Chinese marks while writing pinyin, Latin ones in ABC. */
const PUNCTUATION = { pinyin: '，。？！、：', latin: ",.?!'-" };

export class Keyboard {
  readonly #o: KeyboardOptions;
  #pinyinMode: boolean;
  #buffer = '';
  #asked = 0;
  #modeKey!: HTMLButtonElement;
  #spaceKey!: HTMLButtonElement;
  #submitKey!: HTMLButtonElement;
  #accentKey!: HTMLButtonElement;
  /** The rows that hold letters (plain or accented), and the punctuation row. */
  #letterRows!: HTMLElement;
  #punctuationRow!: HTMLElement;
  #accents = false;
  #key!: (label: string, action: () => void, cls?: string, data?: Record<string, string>) => HTMLButtonElement;

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
    this.#accentKey.textContent = this.#accents ? 'abc' : 'àé';
    this.#accentKey.setAttribute('aria-pressed', String(this.#accents));
    const marks = this.#pinyinMode ? PUNCTUATION.pinyin : PUNCTUATION.latin;
    this.#punctuationRow.replaceChildren(...[...marks].map((c) => this.#key(c, () => this.#literal(c), '', { 'data-key': c })));
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
    this.#key = key;
    this.#o.root.append(h('div', { class: 'keys' }, ...[...DIGITS].map((c) => key(c, () => this.#literal(c), '', { 'data-key': c }))));
    this.#letterRows = h('div', { class: 'letters' });
    this.#punctuationRow = h('div', { class: 'keys' });
    this.#o.root.append(this.#letterRows, this.#punctuationRow);
    this.#fillLetters();
    this.#accentKey = key('', () => this.#toggleAccents(), 'mode', { 'data-key': 'accents' });
    this.#modeKey = key('', () => this.#toggle(), 'mode', { 'data-key': 'mode' });
    this.#spaceKey = key('', () => this.#space(), 'wide', { 'data-key': 'space' });
    this.#submitKey = key('', () => this.#o.submit(), '', { 'data-key': 'submit' });
    this.#o.root.append(h('div', { class: 'keys' }, this.#modeKey, this.#accentKey, this.#spaceKey, key('⌫', () => this.#backspace(), '', { 'data-key': 'backspace' }), this.#submitKey));
    this.relabel();
  }

  #fillLetters(): void {
    const rows = this.#accents ? ACCENTS : LETTERS;
    // An accented letter is Latin text: it goes into the prompt as it is, in either mode.
    const act = (c: string) => (this.#accents ? () => this.#literal(c) : () => this.#letter(c));
    this.#letterRows.replaceChildren(...rows.map((row) => h('div', { class: 'keys' }, ...[...row].map((c) => this.#key(c, act(c), '', { 'data-key': c })))));
  }

  #toggleAccents(): void {
    this.#accents = !this.#accents;
    this.#fillLetters();
    this.relabel();
  }

  /** A digit, a mark or an accented letter: letters still gathered as pinyin go first, as they are. */
  #literal(c: string): void {
    if (this.#buffer) this.#commitLetters();
    this.#insert(c);
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
