/**
 * @module textScene: the plain fallback: the verse as streaming text in the DOM (the shared VerseView),
 * in the Kai face loaded per glyph. A line is drawn only once the face holds its characters, so no box or
 * fallback face ever shows. Draws nothing on the canvas.
 */
import type { Seconds } from '../../../protocol/paramSpec.ts';
import { SCENES } from '../../sceneRegistry.ts';
import { h } from '../../ui/dom.ts';
import { VerseView } from '../../ui/verseView.ts';
import { VISITOR_INK } from '../../ui/visitorInk.ts';
import type { SceneContext, SceneModule } from '../sceneModule.ts';

const DEF = SCENES.find((s) => s.name === 'text')!;
/** Seconds a changed verse waits for its glyphs before it is shown anyway. */
const MAX_FONT_WAIT: Seconds = 0.6;

class TextScene implements SceneModule {
  readonly name = DEF.name;
  readonly params = DEF.params;
  #ctx: SceneContext | null = null;
  #view: VerseView | null = null;
  /** What was last handed to the view, so an unchanged frame costs nothing. */
  #shownKey = '';
  #online = false;
  #applied = '';
  #waitingSince: Seconds | null = null;

  mount(ctx: SceneContext): void {
    this.#ctx = ctx;
    const verse = h('div', { id: 'verse' });
    ctx.overlay.append(h('div', { id: 'stage' }, verse));
    this.#view = new VerseView(verse, ctx.verse);
  }

  update(_dt: Seconds, elapsed: Seconds): void {
    const ctx = this.#ctx;
    const view = this.#view;
    if (!ctx || !view) return;
    const p = ctx.params;
    const applied = `${p.font_scale}|${p.theme}|${p.fade_lines}`;
    if (applied !== this.#applied) {
      this.#applied = applied;
      document.documentElement.style.setProperty('--font-scale', String(p.font_scale ?? 1));
      document.body.dataset.theme = String(p.theme ?? 'ink');
      document.documentElement.style.setProperty('--visitor-ink', VISITOR_INK[p.theme === 'paper' ? 'onLight' : 'onDark'].css);
      view.maxLines = Number(p.fade_lines ?? 8);
    }
    if (ctx.online() !== this.#online) {
      this.#online = ctx.online();
      view.connected = this.#online;
    }
    const v = ctx.verse;
    const text = v.lines().map((l) => l.text + (l.pinyin ?? '') + (l.gloss ?? '')).join('\n');
    const key = `${v.id}|${v.end ? 1 : 0}|${text}`;
    if (key === this.#shownKey) return;
    // Wait for the glyphs' slices, but not longer than MAX_FONT_WAIT: tokens keep coming, and the face's
    // `font-display: block` keeps a late glyph invisible rather than boxed.
    if (!ctx.fonts.has(text)) {
      void ctx.fonts.ready(text);
      this.#waitingSince ??= elapsed;
      if (elapsed - this.#waitingSince < MAX_FONT_WAIT) return;
    }
    this.#waitingSince = null;
    this.#shownKey = key;
    view.render();
  }

  render(): void {
    // The text lives in the DOM layer; the canvas under it stays black.
  }

  resize(): void {}

  shownText(): string {
    return (this.#ctx?.overlay.textContent ?? '').replace(/[\s…]+/g, '');
  }

  dispose(): void {
    this.#view = null;
    this.#ctx = null;
  }
}

export default (): SceneModule => new TextScene();
