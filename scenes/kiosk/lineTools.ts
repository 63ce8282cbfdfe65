/**
 * @module lineTools: writing with the machine at the kiosk. Once the visitor's verse is on the wall they tap one
 * of its lines: the prompt box then rewrites that line (their own words, sent as `verse:revise`), or they ask for
 * another machine line there, or for the machine's other drafts of it (`line:alternatives`) and pick one. "Go on"
 * asks the poem to continue (`verse:continue`). Every request is queued like a prompt; the page follows it as usual.
 */
import type { Ack, AlternativeLine } from '../../protocol/events.ts';
import { h } from '../ui/dom.ts';
import { ask, type PageSocket } from '../ui/socket.ts';
import type { VerseModel } from '../ui/verseModel.ts';
import type { Composer } from './composer.ts';
import type { KioskElements } from './kioskElements.ts';
import type { KioskState } from './kioskState.ts';
import type { KioskView } from './kioskView.ts';
import { errorText } from './messages.ts';

export interface LineToolsOptions {
  els: KioskElements;
  state: KioskState;
  model: VerseModel;
  socket: PageSocket;
  view: KioskView;
  composer: Composer;
}

const bare = (line: string): string => line.replace(/[\s\p{P}]+$/u, '').trim();

export class LineTools {
  readonly #o: LineToolsOptions;
  readonly #offs: Array<() => void> = [];

  constructor(options: LineToolsOptions) {
    this.#o = options;
    const { els } = options;
    this.#listen(els.verse, (e) => {
      const line = (e.target as Element | null)?.closest<HTMLElement>('.verse-line[data-index]');
      if (line) this.select(Number(line.dataset.index));
    });
    this.#listen(els.another, () => void this.#send('verse:revise', null));
    this.#listen(els.draftsShow, () => void this.showDrafts());
    this.#listen(els.reviseCancel, () => this.cancel());
    this.#listen(els.goOn, () => void this.#send('verse:continue', null));
  }

  #listen(el: HTMLElement, fn: (e: MouseEvent) => void): void {
    el.addEventListener('click', fn);
    this.#offs.push(() => el.removeEventListener('click', fn));
  }

  /** Whether the verse on screen is the visitor's own, finished: only then may its lines be changed. */
  get #open(): boolean {
    const { state, model } = this.#o;
    return state.pageState === 'done' && !!model.id && model.id === state.mineId && model.end?.reason === 'done';
  }

  /** The visitor tapped line `index`: the prompt box now rewrites it. */
  select(index: number): void {
    const { els, state, model, composer } = this.#o;
    const line = model.lines().find((l) => l.index === index);
    if (!this.#open || !line) return;
    state.revising = { id: model.id!, index };
    els.input.value = bare(line.text);
    els.drafts.replaceChildren();
    composer.typed();
    this.render();
  }

  cancel(): void {
    this.#o.state.revising = null;
    this.#o.els.input.value = '';
    this.#o.els.drafts.replaceChildren();
    this.#o.composer.typed();
    this.render();
  }

  /** The machine's other drafts of the tapped line, with their glosses; tapping one revises the verse with it. */
  async showDrafts(): Promise<void> {
    const { els, state, socket, view } = this.#o;
    const at = state.revising;
    if (!at) return;
    const r = await ask<{ lines: AlternativeLine[] }>(socket, (s) => s.emitWithAck('line:alternatives', at));
    if (!r.ok) return view.say(errorText(state.messages, r.error.code), true);
    if (r.lines.length === 0) return view.say(state.messages.noDrafts);
    els.drafts.replaceChildren(
      ...r.lines.map((l) => {
        const b = h('button', { type: 'button', 'data-draft': l.text }, l.text, l.gloss || l.pinyin ? h('small', { text: [l.pinyin, l.gloss].filter(Boolean).join(' · ') }) : null);
        b.addEventListener('click', () => void this.#send('verse:revise', l.text));
        return b;
      }),
    );
  }

  /** A revision (`text`: the line that stands, null: a new machine line) or a continuation, queued like a prompt. */
  async #send(event: 'verse:revise' | 'verse:continue', text: string | null): Promise<void> {
    const { state, socket, view, model, composer } = this.#o;
    if (!this.#open || !model.id) return;
    const at = state.revising;
    if (event === 'verse:revise' && !at) return;
    view.say(state.messages.sending);
    const reply: Ack<{ id: string; position: number }> =
      event === 'verse:continue' ? await ask(socket, (s) => s.emitWithAck('verse:continue', { id: model.id! }))
      : await ask(socket, (s) => s.emitWithAck('verse:revise', text === null ? at! : { ...at!, text }));
    if (!reply.ok) return composer.refused(reply.error, text ?? '');
    composer.accepted(reply.id, reply.position);
    this.render();
  }

  /** Shows the tools for the tapped line (`<body data-revise="INDEX">`), or the hint to tap one. */
  render(): void {
    const { els, state, model } = this.#o;
    const m = state.messages;
    const at = this.#open ? state.revising : null;
    const body = els.verse.ownerDocument.body;
    if (at) body.dataset.revise = String(at.index);
    else delete body.dataset.revise;
    els.tapHint.textContent = this.#open && !at ? m.tapLine : '';
    const first = model.lines()[0];
    const han = first ? [...bare(first.text)].filter((c) => /\p{Script=Han}/u.test(c)).length : 0;
    els.reviseLabel.textContent = at ? m.reviseLine(at.index + 1, han || null) : '';
    els.another.textContent = m.another;
    els.draftsShow.textContent = m.drafts;
    els.reviseCancel.textContent = m.cancel;
    els.goOn.textContent = m.goOn;
    if (at) els.button.textContent = m.useLine;
    for (const el of els.verse.querySelectorAll<HTMLElement>('.verse-line')) el.classList.toggle('selected', !!at && el.dataset.index === String(at.index));
  }

  dispose(): void {
    for (const off of this.#offs.splice(0)) off();
  }
}
