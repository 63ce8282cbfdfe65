/**
 * @module verseView: renders a VerseModel as lines of text that grow token by token. Shared by the
 * kiosk, the display and the console, so a verse looks and behaves the same everywhere. Only the
 * line that changed is touched, so a long verse streams without re-laying out the whole screen.
 */
import { h } from './dom.ts';
import { sourceNote } from './sourceNote.ts';
import type { LineView, VerseModel } from './verseModel.ts';
import { VISITOR_INK } from './visitorInk.ts';

export interface VerseViewOptions {
  /** Show the prompt the verse was written from above it. */
  showPrompt?: boolean;
  /** Lines kept on screen; older ones fade away (the text scene's `fade_lines`). */
  maxLines?: number;
  /** Under a copied line, whose it is (poet and poem, as the scroll scene draws it); default true. The kiosk lists them itself. */
  sourceNotes?: boolean;
}

/** The tooltip of a copied line: whose it is, as a sentence. */
function copiedTitle(line: LineView): string {
  const named = sourceNote(line, true).replace(/^— /u, '');
  return `${named.charAt(0).toUpperCase()}${named.slice(1)}.`;
}

const STYLE = `
.verse{position:relative}
.verse-prompt{opacity:.55;font-size:.45em;margin:0 0 .8em;letter-spacing:.02em}
.verse-prompt:empty{display:none}
.verse-lines{margin:0}
.verse-line{margin:0 0 .25em;line-height:1.35;transition:opacity 1.2s ease,max-height 1.2s ease;max-height:4em;overflow:hidden}
.verse-line.gone{opacity:0;max-height:0;margin:0}
.verse-line.visitor{color:var(--visitor-ink,${VISITOR_INK.onDark.css});font-style:italic;text-decoration:underline dotted;text-decoration-thickness:.04em;text-underline-offset:.18em}
.verse-line.copied::after{content:"\\25E6";opacity:.45;font-size:.6em;margin-left:.3em;vertical-align:super}
.verse-line.copied:has(.verse-note)::after{content:none}
.verse-line.copied .verse-note:last-child::after{content:" \\25E6";opacity:.75}
.verse-line .verse-note{display:block;font-size:.4em;opacity:.6;line-height:1.4}
.verse-line.writing::after{content:"";display:inline-block;width:.08em;height:.9em;margin-left:.08em;background:currentColor;opacity:.5;vertical-align:-.1em;animation:verse-caret 1.1s ease-in-out infinite}
.verse-wait{display:none;font-size:1.2em;letter-spacing:.2em;animation:verse-breathe 3.2s ease-in-out infinite}
.verse.waiting .verse-wait{display:block}
.verse.waiting.has-text .verse-wait{position:absolute;right:0;bottom:-1.6em;font-size:.6em}
.verse.ended .verse-lines{opacity:.8;transition:opacity 2s ease}
@keyframes verse-breathe{0%,100%{opacity:.15}50%{opacity:.8}}
@keyframes verse-caret{0%,100%{opacity:.1}50%{opacity:.6}}
@media (prefers-reduced-motion:reduce){.verse-wait,.verse-line.writing::after{animation:none;opacity:.5}}
`;

function injectStyle(): void {
  if (document.getElementById('verse-view-style')) return;
  document.head.append(h('style', { id: 'verse-view-style', text: STYLE }));
}

/** A verse drawn as DOM text; see the module comment. */
export class VerseView {
  readonly root: HTMLElement;
  readonly #model: VerseModel;
  readonly #prompt: HTMLElement;
  readonly #lines: HTMLElement;
  readonly #showPrompt: boolean;
  readonly #sourceNotes: boolean;
  #maxLines: number;
  // Pages flip this on their socket's `connect`; until then the view breathes.
  #connected = false;
  #verseId: string | null = null;
  readonly #lineEls = new Map<number, HTMLElement>();

  constructor(parent: HTMLElement, model: VerseModel, options: VerseViewOptions = {}) {
    injectStyle();
    this.#model = model;
    this.#showPrompt = options.showPrompt ?? false;
    this.#sourceNotes = options.sourceNotes ?? true;
    this.#maxLines = options.maxLines ?? Infinity;
    this.#prompt = h('p', { class: 'verse-prompt' });
    this.#lines = h('div', { class: 'verse-lines', 'aria-live': 'polite' });
    // The waiting state is a slow breathing ellipsis, never an error banner.
    const wait = h('div', { class: 'verse-wait', 'aria-label': 'waiting for the next verse', text: '…' });
    this.root = h('div', { class: 'verse' }, this.#prompt, this.#lines, wait);
    parent.append(this.root);
    this.render();
  }

  set maxLines(n: number) {
    this.#maxLines = Math.max(1, n);
    this.render();
  }

  /** While disconnected the verse stays, with the breathing ellipsis beside it. */
  set connected(on: boolean) {
    this.#connected = on;
    this.render();
  }

  render(): void {
    const model = this.#model;
    if (model.id !== this.#verseId) {
      this.#verseId = model.id;
      this.#lines.replaceChildren();
      this.#lineEls.clear();
    }
    const lines = model.lines();
    const writing = model.id !== null && !model.end;
    this.#prompt.textContent = this.#showPrompt && model.start ? model.start.prompt : '';
    lines.forEach((line, i) => {
      const last = i === lines.length - 1;
      this.#renderLine(line, writing && last && !line.finished, i < lines.length - this.#maxLines);
    });
    const cls = this.root.classList;
    cls.toggle('has-text', lines.length > 0);
    // Between verses (and while disconnected) the last verse rests on screen with a small breathing ellipsis.
    cls.toggle('waiting', !this.#connected || !writing);
    cls.toggle('ended', model.end !== null);
  }

  #renderLine(line: LineView, writing: boolean, gone: boolean): void {
    let el = this.#lineEls.get(line.index);
    if (!el) {
      el = h('p', { class: 'verse-line', 'data-index': line.index });
      this.#lineEls.set(line.index, el);
      this.#lines.append(el);
    }
    const note = [line.pinyin, line.gloss].filter(Boolean).join(' · ');
    // In English where the room reads English (glosses shown, or an English verse), as the scroll scene says it.
    const english = !!line.gloss || !/\p{Script=Han}/u.test(line.text);
    const source = this.#sourceNotes ? sourceNote(line, english) : '';
    const key = `${line.text}\u0000${note}\u0000${source}`;
    if (el.dataset.key !== key) {
      el.dataset.key = key;
      el.replaceChildren(line.text, note ? h('span', { class: 'verse-note', text: note }) : '', source ? h('span', { class: 'verse-note verse-source', text: source }) : '');
    }
    el.classList.toggle('writing', writing);
    el.classList.toggle('copied', line.copied);
    el.classList.toggle('gone', gone);
    // The visitor's own words stand apart from the machine's.
    el.classList.toggle('visitor', line.author === 'visitor');
    if (line.author) el.dataset.author = line.author;
    else delete el.dataset.author;
    if (line.copied) el.title = copiedTitle(line);
    else el.removeAttribute('title');
  }
}
