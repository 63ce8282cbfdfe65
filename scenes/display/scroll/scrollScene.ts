/**
 * @module scrollScene: large, calm typography for reading across a room. The line being written sits at
 * the centre; finished lines glide up and dim. With `gloss` and `pinyin` on `verse:line` each line is
 * bilingual: pinyin above, the English gloss below; a line found in an existing poem names its poet and poem.
 * A new verse lets the old one fade before it begins.
 */
import { OrthographicCamera, Scene, type WebGLRenderTarget } from 'three';
import type { Seconds } from '../../../protocol/paramSpec.ts';
import { SCENES } from '../../sceneRegistry.ts';
import { VISITOR_INK } from '../../ui/visitorInk.ts';
import type { SceneContext, SceneModule } from '../sceneModule.ts';
import { ScrollCard, type CardStyle } from './scrollCard.ts';

const DEF = SCENES.find((s) => s.name === 'scroll')!;
/** Lines kept above the current one; older ones are freed. */
const KEEP = 6;
const FADE_OUT: Seconds = 1.2;
/** Ground, the machine's ink, and the visitor's (visitorInk.ts) on it. */
const THEMES = {
  ink: { background: 0x060606, ink: '#f1ece1', visitor: VISITOR_INK.onDark.css },
  paper: { background: 0xefe8d8, ink: '#1d1a16', visitor: VISITOR_INK.onLight.css },
} as const;

class ScrollScene implements SceneModule {
  readonly name = DEF.name;
  readonly params = DEF.params;
  #ctx!: SceneContext;
  #scene = new Scene();
  #camera = new OrthographicCamera(0, 1, 0, -1, -1, 1);
  #cards: ScrollCard[] = [];
  #leaving: Array<{ cards: ScrollCard[]; left: number }> = [];
  #verseId: string | null = null;
  #y = 0;
  #drawnKey = '';

  mount(ctx: SceneContext): void {
    this.#ctx = ctx;
    this.resize();
  }

  resize(): void {
    const { width, height } = this.#ctx.size();
    this.#camera.right = width;
    this.#camera.bottom = -height;
    this.#camera.updateProjectionMatrix();
  }

  update(dt: Seconds, elapsed: Seconds): void {
    const ctx = this.#ctx;
    const v = ctx.verse;
    if (v.id !== this.#verseId) {
      if (this.#cards.length) this.#leaving.push({ cards: this.#cards, left: 1 });
      this.#cards = [];
      this.#verseId = v.id;
    }
    const { width, height, pixelRatio } = ctx.size();
    const p = ctx.params;
    const theme = THEMES[p.theme === 'paper' ? 'paper' : 'ink'];
    const style: CardStyle = { width: width * 0.86, size: height * 0.13 * Number(p.font_scale), pixelRatio, glosses: p.glosses === true, ink: theme.ink };
    // A new verse begins once the old one has faded.
    const lines = this.#leaving.length ? [] : v.lines();
    lines.forEach((line, i) => {
      const card = (this.#cards[i] ??= this.#add());
      // The visitor's own lines in their ink; a line's author comes when it is finished, and the card redraws.
      card.draw(line, line.author === 'visitor' ? { ...style, ink: theme.visitor } : style, ctx.fonts);
    });
    for (const card of this.#cards.splice(lines.length)) card.release();
    // Stack the cards; the newest one's centre glides to the middle of the screen.
    const gap = height * 0.045;
    let y = 0;
    const centres = this.#cards.map((c) => {
      const centre = y + c.height / 2;
      y += c.height + gap;
      return centre;
    });
    const target = (centres[centres.length - 1] ?? 0) - height / 2;
    const glide = Math.max(0.05, Number(p.glide));
    this.#y += (target - this.#y) * (1 - Math.exp((-dt * 4) / glide));
    if (Math.abs(target - this.#y) < 0.25) this.#y = target;
    const presence = ctx.presence(elapsed);
    const last = this.#cards.length - 1;
    this.#cards.forEach((c, i) => {
      const age = last - i;
      c.mesh.position.set(width / 2, -(centres[i]! - this.#y), 0);
      c.mesh.material.opacity = c.height ? presence * Math.max(0, 1 - age * 0.2) * (age === 0 ? 1 : 0.75) : 0;
      if (age > KEEP) c.mesh.visible = false;
    });
    for (const l of this.#leaving) {
      l.left = Math.max(0, l.left - dt / FADE_OUT);
      for (const c of l.cards) {
        c.mesh.material.opacity = Math.min(c.mesh.material.opacity, l.left);
        c.mesh.position.y += dt * height * 0.08;
      }
      if (l.left === 0) for (const c of l.cards) c.release();
    }
    this.#leaving = this.#leaving.filter((l) => l.left > 0);
    this.#scene.userData.background = theme.background;
  }

  #add(): ScrollCard {
    const card = new ScrollCard(this.#ctx.track);
    this.#scene.add(card.mesh);
    return card;
  }

  render(target: WebGLRenderTarget | null): void {
    // At rest (the glide landed, nothing new) the canvas keeps its last frame.
    const key = [this.#y.toFixed(2), this.#scene.userData.background, ...this.#scene.children.map((m) => `${(m as ScrollCard['mesh']).material.opacity.toFixed(3)}:${m.scale.y}:${m.position.y.toFixed(1)}`), ...this.#cards.map((c) => `${c.drawn}:${c.text}`)].join('|');
    if (target === null && key === this.#drawnKey) return;
    this.#drawnKey = target === null ? key : '';
    const r = this.#ctx.renderer;
    r.setRenderTarget(target);
    r.setClearColor(this.#scene.userData.background as number, 1);
    r.render(this.#scene, this.#camera);
    r.setClearColor(0x000000, 1);
  }

  shownText(): string {
    return this.#cards.map((c) => c.text).join('').replace(/\s+/g, '');
  }

  /** The source notes drawn (one per copied line on screen), for tests. */
  shownNotes(): string[] {
    return this.#cards.map((c) => c.note).filter(Boolean);
  }

  dispose(): void {
    this.#scene.clear();
    this.#cards = [];
    this.#leaving = [];
  }
}

export default (): SceneModule => new ScrollScene();
