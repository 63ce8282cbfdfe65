/**
 * @module coWrite: the performer revising the wall from the console, as a visitor does at the kiosk but on any
 * verse (the console holds the token). Once the verse on the wall is finished the performer picks one of its lines
 * and rewrites it in their own words, asks the machine for another line there, lists the machine's other drafts of
 * it and picks one, or asks the poem to go on. Each is queued ahead of visitors, as a performer prompt is; the
 * server's refusal (the verse not finished yet, a line that does not fit the form) is shown as it is said.
 */
import type { Ack, AlternativeLine, ErrorPayload } from '../../protocol/events.ts';
import { byId, h } from '../ui/dom.ts';
import { ask, type PageSocket } from '../ui/socket.ts';
import type { VerseModel } from '../ui/verseModel.ts';

export interface CoWriteOptions {
  socket: PageSocket;
  /** The verse on the wall. */
  model: VerseModel;
  /** Shows a sentence in the panel's note line (an error in its colour). */
  note: (text: string, isError?: boolean) => void;
  /** A refusal (an unauthorized one also flips the page to read-only). */
  refused: (error: ErrorPayload) => void;
}

const bare = (line: string): string => line.replace(/[\s\p{P}]+$/u, '').trim();

export class CoWrite {
  readonly #o: CoWriteOptions;
  readonly #line = byId<HTMLSelectElement>('cowrite-line');
  readonly #text = byId<HTMLInputElement>('cowrite-text');
  readonly #drafts = byId('cowrite-drafts');
  /** The verse whose lines the picker lists, and their texts (rebuilt only when they change). */
  #listed = '';

  constructor(options: CoWriteOptions) {
    this.#o = options;
    byId('cowrite-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.#revise(this.#text.value.trim() || null);
    });
    byId('cowrite-another').addEventListener('click', () => void this.#revise(null));
    byId('cowrite-show-drafts').addEventListener('click', () => void this.#showDrafts());
    byId('cowrite-continue').addEventListener('click', () => void this.#continue());
    this.#line.addEventListener('change', () => this.#drafts.replaceChildren());
  }

  /** The verse changed: the line picker lists its lines (the choice kept while the verse is the same). */
  render(): void {
    const { model } = this.#o;
    const lines = model.lines();
    const key = `${model.id}|${lines.map((l) => `${l.index}:${l.text}`).join('|')}`;
    if (key === this.#listed) return;
    const keep = this.#line.value;
    const sameVerse = this.#listed.startsWith(`${model.id}|`);
    this.#listed = key;
    this.#line.replaceChildren(...lines.map((l) => h('option', { value: String(l.index), text: `${l.index + 1} · ${bare(l.text)}${l.author === 'visitor' ? ' (by hand)' : ''}` })));
    if (sameVerse && lines.some((l) => String(l.index) === keep)) this.#line.value = keep;
    else this.#drafts.replaceChildren();
  }

  /** Where the request points: the verse on the wall and the picked line. */
  #at(): { id: string; index: number } | null {
    const id = this.#o.model.id;
    if (!id || this.#line.value === '') {
      this.#o.note('No verse on the wall yet to change.', true);
      return null;
    }
    return { id, index: Number(this.#line.value) };
  }

  /** Line `index` rewritten: `text` stands there (the performer's, or a picked draft), or null for a new machine line. */
  async #revise(text: string | null): Promise<void> {
    const at = this.#at();
    if (!at) return;
    const reply = await ask(this.#o.socket, (s) => s.emitWithAck('verse:revise', text === null ? at : { ...at, text }));
    if (this.#queued(reply, text === null ? `A new line ${at.index + 1} is queued` : `Your line ${at.index + 1} is queued`)) {
      this.#text.value = '';
      this.#drafts.replaceChildren();
    }
  }

  async #continue(): Promise<void> {
    const at = this.#at();
    if (!at) return;
    this.#queued(await ask(this.#o.socket, (s) => s.emitWithAck('verse:continue', { id: at.id })), 'The poem goes on; queued');
  }

  /** The machine's other drafts of the picked line, glossed; pressing one writes the verse again with it. */
  async #showDrafts(): Promise<void> {
    const at = this.#at();
    if (!at) return;
    const reply = await ask<{ lines: AlternativeLine[] }>(this.#o.socket, (s) => s.emitWithAck('line:alternatives', at));
    if (!reply.ok) return this.#o.refused(reply.error);
    if (reply.lines.length === 0) {
      this.#drafts.replaceChildren();
      return this.#o.note(`The machine kept no other drafts of line ${at.index + 1}.`);
    }
    this.#o.note(`${reply.lines.length} other drafts of line ${at.index + 1}; press one to use it.`);
    this.#drafts.replaceChildren(
      ...reply.lines.map((l) => {
        const b = h('button', { type: 'button', 'data-draft': l.text }, l.text, l.gloss || l.pinyin ? h('small', { text: ` ${[l.pinyin, l.gloss].filter(Boolean).join(' · ')}` }) : null);
        b.addEventListener('click', () => void this.#revise(l.text));
        return h('li', {}, b);
      }),
    );
  }

  #queued(reply: Ack<{ id: string; position: number }>, what: string): boolean {
    if (!reply.ok) {
      this.#o.refused(reply.error);
      return false;
    }
    this.#o.note(`${what} at position ${reply.position}.`);
    return true;
  }
}
