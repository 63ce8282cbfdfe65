/**
 * @module kioskView: renders the kiosk's state into the page (`data-state`, status line with countdown, theme,
 * service notice, copied-line sources, share line, the verse), re-labels it in the visitor's language, and says messages.
 */
import { OPENING_MODES } from '../../protocol/events.ts';
import { h } from '../ui/dom.ts';
import type { VerseModel } from '../ui/verseModel.ts';
import type { VerseView } from '../ui/verseView.ts';
import type { KioskElements } from './kioskElements.ts';
import type { CopiedLine, KioskState } from './kioskState.ts';
import type { KioskMessages } from './messages.ts';

export interface KioskViewOptions {
  els: KioskElements;
  state: KioskState;
  model: VerseModel;
  verse: VerseView;
  /** Whether the socket is connected now. */
  online: () => boolean;
  /** Sets `<body data-NAME>`. */
  setPageState: (name: string, value: string) => void;
  /** Sets the document's language (`lang` of `<html>`). */
  setLanguage: (lang: string) => void;
}

export class KioskView {
  readonly #o: KioskViewOptions;
  /** Called after each update (the line tools follow the page state). */
  afterUpdate: () => void = () => {};

  constructor(options: KioskViewOptions) {
    this.#o = options;
  }

  update(): void {
    const { els, state, model } = this.#o;
    const m = state.messages;
    const page = state.pageState;
    this.#o.setPageState('state', page);
    this.#o.setLanguage(state.lang === 'zh' ? 'zh-Hans' : state.lang);
    const positions = [...state.waiting.values()].filter((p) => p > 0);
    const next = positions.length ? Math.min(...positions) : 0;
    els.status.textContent =
      page === 'writing' ? m.writing
      : page === 'queued' ? `${next <= 1 ? m.next : m.position(next)} ${m.countdown(state.etaSeconds(Math.max(1, next)))}`
      : '';
    const start = state.mineId && model.id === state.mineId ? model.start : null;
    // The theme, and what each modern word became, in the visitor's language ("your coffee became tea, 茶").
    els.theme.textContent = start?.theme ? [m.theme(start.theme), ...(start.became ?? []).map((b) => m.became(b.from, b.to, b.image))].join(' ') : '';
    els.service.textContent = state.service.status === 'degraded' ? m.degraded : !this.#o.online() ? m.offline : '';
    els.sources.replaceChildren(...state.copied.map((c) => h('li', { 'data-index': c.index, text: `「${c.text}」 ${this.#sourceText(c)}` })));
    els.share.textContent = page === 'done' && state.linesSeen ? m.newLines(state.linesSeen - state.copied.length, state.linesSeen) : '';
    this.#o.verse.render();
    this.afterUpdate();
  }

  /** Whose a copied line is; a line of the visitor's own opening is said to be theirs, and whose it also is. */
  #sourceText(c: CopiedLine): string {
    const m = this.#o.state.messages;
    const start = this.#o.model.start;
    const yours = !!start?.mode && OPENING_MODES.includes(start.mode) && start.prompt.replace(/[\p{P}\s]+/gu, '').includes(c.text.replace(/[\p{P}\s]+/gu, ''));
    if (c.poet) return yours ? m.yoursFrom(c.poet, c.title ?? '') : m.copiedFrom(c.poet, c.title ?? '');
    return yours ? m.yoursUnknown : m.copiedUnknown;
  }

  /** Re-labels the page in the visitor's language (the keyboard re-labels itself, see Composer). */
  relabel(): void {
    const { els, state } = this.#o;
    const m = state.messages;
    // The texts change language, so the page's does too (screen readers and fonts follow <html lang>).
    this.#o.setLanguage(state.lang === 'zh' ? 'zh-Hans' : state.lang);
    els.heading.textContent = m.heading;
    els.label.textContent = m.label;
    els.button.textContent = m.submit;
    els.examplesTitle.textContent = m.examples;
    els.wallTitle.textContent = m.onWall;
    els.takeHome.textContent = m.takeHome;
    els.again.textContent = m.again;
    if (els.sparks.childElementCount) els.sparkTitle.textContent = m.sparks;
    for (const el of els.modes.querySelectorAll<HTMLElement>('[data-mode-name]')) el.textContent = m.modeNames[el.dataset.modeName as keyof KioskMessages['modeNames']] ?? el.dataset.modeName!;
  }

  say(text: string, isError = false): void {
    this.#o.els.message.textContent = text;
    this.#o.els.message.classList.toggle('error', isError);
  }
}
