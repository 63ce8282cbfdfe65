/**
 * @module inkScene: brush writing. Each Chinese character is written stroke by stroke as it arrives (stroke
 * outlines from hanzi-writer-data), in columns top to bottom and right to left, into an ink mask that a
 * paper shader lets soak and feather into the fibres. A Latin verse is written letter by letter in the
 * Kai face. When the verse ends its source's seal is stamped; a new verse fades the old one away first.
 */
import { Mesh, OrthographicCamera, PlaneGeometry, Scene, type ShaderMaterial, type Vector2, type Vector3, type WebGLRenderTarget } from 'three';
import { seededRng } from '../../../engine/rng.ts';
import type { Seconds } from '../../../protocol/paramSpec.ts';
import { SCENES } from '../../sceneRegistry.ts';
import type { SceneContext, SceneModule } from '../sceneModule.ts';
import { hash, newGlyph, PALETTES, writeGlyphs, type Glyph } from './inkGlyph.ts';
import { columnSlots, glide, isColumnVerse, lineSlots, paperArea, planColumns, type InkLayout, type InkSlot } from './inkLayout.ts';
import type { GlyphStyle } from './inkMask.ts';
import { MaskSwap } from './maskSwap.ts';
import { createPaperMaterial } from './paperShader.ts';
import { SEAL_CHARS } from './seal.ts';
import { SealStamp } from './sealStamp.ts';

const DEF = SCENES.find((s) => s.name === 'ink')!;
/** Longest side of the ink mask in pixels: sharp on a 1080p projector, bounded on a 4K one. */
const MASK_MAX = 2048;
/** Seconds the old verse takes to fade before a new one is written. */
const CLEAR_TIME: Seconds = 1.2;
/** Time constant of the block's glide to a new centre (a verse that ends shorter than planned). */
const GLIDE_TIME: Seconds = 0.35;

class InkScene implements SceneModule {
  readonly name = DEF.name;
  readonly params = DEF.params;
  #ctx!: SceneContext;
  #scene = new Scene();
  #camera = new OrthographicCamera(0, 1, 0, -1, -1, 1);
  /** The ink mask on screen, and the back one a new cell size is redrawn into. */
  #masks!: MaskSwap;
  #paper!: ShaderMaterial;
  #seal!: SealStamp;
  #glyphs: Glyph[][] = [];
  #layout: InkLayout | null = null;
  /** Whether the glyphs have a layout; false forces a new drawing at the next sync. */
  #laidOut = false;
  /** A resize: the next layout is redrawn at once, not swapped in over frames (the old one is in the wrong place). */
  #relayoutNow = false;
  /** What the verse's layout was last computed for (lines changed, or the verse ended). */
  #ended = false;
  /** Where the drawn block is shown now, gliding to the layout's shift (CSS pixels). */
  #offset = { x: 0, y: 0 };
  #width = 1;
  #height = 1;
  #columns = true;
  #scale = 1;
  #verseId: string | null = null;
  #clearing: number | null = null;
  #dirty = false;
  #maskVersion = 0;
  #drawnKey = '';

  mount(ctx: SceneContext): void {
    this.#ctx = ctx;
    this.#masks = new MaskSwap(ctx.track);
    this.#paper = createPaperMaterial(ctx.track, this.#masks.front.texture, ctx.seed);
    const paper = new Mesh(ctx.track.add(new PlaneGeometry(1, 1)), this.#paper);
    this.#seal = new SealStamp(ctx.track);
    this.#scene.add(paper, this.#seal.mesh);
    this.resize();
    this.#verseId = ctx.verse.id;
    this.#sync(true);
  }

  resize(): void {
    const { width, height, pixelRatio } = this.#ctx.size();
    this.#width = width;
    this.#height = height;
    this.#scale = Math.min(pixelRatio, MASK_MAX / Math.max(width, height));
    const w = Math.round(width * this.#scale);
    const h = Math.round(height * this.#scale);
    this.#masks.resize(w, h, this.#ctx.renderer);
    this.#camera.right = width;
    this.#camera.bottom = -height;
    this.#camera.updateProjectionMatrix();
    const paper = this.#scene.children[0] as Mesh;
    paper.scale.set(width, height, 1);
    paper.position.set(width / 2, -height / 2, 0);
    (this.#paper.uniforms.uTexel!.value as Vector2).set(1 / w, 1 / h);
    this.#drawnKey = '';
    this.#laidOut = false;
    this.#relayoutNow = true;
    this.#redraw();
  }

  update(dt: Seconds, elapsed: Seconds): void {
    const ctx = this.#ctx;
    if (ctx.verse.id !== this.#verseId && this.#clearing === null) this.#clearing = this.#glyphs.flat().length ? 1 : 0;
    if (this.#clearing !== null) {
      this.#clearing = Math.max(0, this.#clearing - dt / CLEAR_TIME);
      if (this.#clearing === 0) {
        this.#clearing = null;
        this.#verseId = ctx.verse.id;
        this.#glyphs = [];
        this.#seal.clear();
        this.#laidOut = false;
        this.#masks.cancel();
        this.#redraw();
      }
    }
    if (this.#clearing === null) {
      this.#sync(false);
      // The brush waits while the back mask is redrawn (a few frames), so both hold the same strokes.
      if (this.#masks.pending) this.#swapIn(this.#masks.step(this.#glyphs.flat(), this.#style()));
      else this.#write(dt);
      this.#stamp(elapsed);
    }
    const p = ctx.params;
    const palette = PALETTES[p.paper === 'night' ? 'night' : 'rice'];
    const u = this.#paper.uniforms;
    u.uBleed!.value = Number(p.bleed);
    u.uGrain!.value = Number(p.grain);
    (u.uPaper!.value as Vector3).copy(palette.paper);
    (u.uInk!.value as Vector3).copy(palette.ink);
    (u.uVisitorInk!.value as Vector3).copy(palette.visitor);
    this.#glide(dt);
    const presence = ctx.presence(elapsed) * (this.#clearing ?? 1);
    u.uPresence!.value = presence;
    this.#seal.update(elapsed, this.#layout?.seal, this.#offset, presence);
    if (this.#dirty) {
      this.#maskVersion++;
      this.#dirty = false;
    }
  }

  render(target: WebGLRenderTarget | null): void {
    // Paper at rest needs no new frame: the canvas keeps the last one (and a projector's GPU idles).
    const r = this.#ctx.renderer;
    const state = this.#frameKey();
    const draw = target !== null || state !== this.#drawnKey;
    // The back mask goes up a band a frame, off screen, even on a frame that draws nothing.
    this.#masks.flush(r, draw);
    if (!draw) return;
    this.#drawnKey = target === null ? state : '';
    r.setRenderTarget(target);
    r.render(this.#scene, this.#camera);
  }

  /** Everything a frame depends on besides the mask (whose changes bump #maskVersion). */
  #frameKey(): string {
    const u = this.#paper.uniforms;
    const seal = this.#seal.mesh;
    return `${this.#maskVersion}|${this.#offset.x.toFixed(2)},${this.#offset.y.toFixed(2)}|${u.uBleed!.value}|${u.uGrain!.value}|${(u.uPresence!.value as number).toFixed(3)}|${(u.uPaper!.value as Vector3).x}|${seal.visible}|${seal.material.opacity.toFixed(3)}|${seal.scale.x.toFixed(1)}`;
  }

  shownText(): string {
    return this.#glyphs.flat().filter((g) => g.progress > 0).map((g) => g.ch).join('');
  }

  /** Brings the glyph list and layout up to date with the verse. */
  #sync(instant: boolean): void {
    const ctx = this.#ctx;
    const views = ctx.verse.lines();
    const lines = views.map((l) => [...l.text].filter((c) => c.trim()));
    let changed = lines.length !== this.#glyphs.length;
    lines.forEach((chars, i) => {
      const row = (this.#glyphs[i] ??= []);
      const visitor = views[i]!.author === 'visitor';
      if (row.length > chars.length || row.some((g, k) => g.ch !== chars[k])) {
        // A finished line replaced what its tokens spelled: write that line again.
        row.length = 0;
        this.#laidOut = false;
      }
      if (row.some((g) => g.visitor !== visitor)) {
        // The line turned out to be the visitor's (its author comes when it is finished): its ink changes,
        // redrawn as a new layout is (into the back mask, then swapped in).
        for (const g of row) g.visitor = visitor;
        this.#laidOut = false;
      }
      for (let k = row.length; k < chars.length; k++) {
        row.push(newGlyph(this.#ctx.strokes, chars[k]!, i, k, instant, visitor));
        changed = true;
      }
    });
    this.#glyphs.length = lines.length;
    const ended = ctx.verse.end !== null;
    if (ended !== this.#ended) changed = true;
    if (!changed && this.#laidOut) return;
    this.#ended = ended;
    const text = lines.map((l) => l.join('')).join('');
    this.#columns = isColumnVerse(text);
    if (!this.#columns && !ctx.fonts.has(text)) {
      void ctx.fonts.ready(text);
      return;
    }
    const { width, height } = ctx.size();
    const area = paperArea(width, height);
    const layout = this.#columns
      ? columnSlots(lines, area, planColumns(lines.map((l) => l.length), lines.length > 1 || ctx.verse.lines()[0]?.finished === true, area), ended)
      : lineSlots(ctx.verse.lines().map((l) => l.text), area, (s) => this.#measure(s));
    // A block that re-centres moves by its shift, in the shader (inkLayout); written glyphs move only with
    // a new cell size, or a Latin word wrapped to the next row. No layout yet forces a new drawing.
    const moved = !this.#laidOut || this.#moves(layout);
    this.#laidOut = true;
    if (this.#masks.pending && !moved) this.#masks.retarget(layout);
    else if (moved && !this.#relayoutNow && this.#glyphs.some((row) => row.some((g) => g.progress > 0))) {
      // Written glyphs move: they are redrawn into the back mask over the next frames, then swapped in.
      this.#masks.start(layout);
    } else {
      this.#layout = layout;
      this.#relayoutNow = false;
      if (moved) {
        this.#masks.cancel();
        this.#redraw();
        // Nothing written yet, or a resize: the block takes its place at once.
        this.#offset = { ...layout.shift };
      }
    }
  }

  /** Whether a written glyph sits elsewhere in `layout` than where it was drawn (or is being redrawn). */
  #moves(layout: InkLayout): boolean {
    const old = this.#masks.pending ?? this.#layout;
    const near = (a?: InkSlot, b?: InkSlot): boolean => !!a && !!b && Math.abs(a.x - b.x) < 0.05 && Math.abs(a.y - b.y) < 0.05 && Math.abs(a.size - b.size) < 0.01;
    return this.#glyphs.some((row, i) => row.some((g, k) => g.progress > 0 && !near(old?.slots[i]?.[k], layout.slots[i]?.[k])));
  }

  /** Shows the back mask once it holds `layout` (MaskSwap.step). */
  #swapIn(layout: InkLayout | null): void {
    if (!layout) return;
    this.#paper.uniforms.uMask!.value = this.#masks.front.texture;
    this.#layout = layout;
    // A new cell size is a jump, as the swap is.
    this.#offset = { ...layout.shift };
    this.#dirty = true;
  }

  /** Eases the shown block towards the layout's shift and tells the shader (UV: x right, y up). */
  #glide(dt: Seconds): void {
    const o = (this.#offset = glide(this.#offset, this.#layout?.shift ?? this.#offset, dt, GLIDE_TIME));
    (this.#paper.uniforms.uShift!.value as Vector2).set(o.x / this.#width, -o.y / this.#height);
  }

  #measure(s: string): number {
    const ink = this.#masks.front.ink;
    ink.font = this.#ctx.fonts.font(100);
    return ink.measureText(s).width / 100;
  }

  /** Moves the brush (inkGlyph.writeGlyphs) and draws what it wrote. */
  #write(dt: Seconds): void {
    const fonts = this.#ctx.fonts;
    writeGlyphs(this.#glyphs.flat(), dt, {
      strokeTime: Number(this.#ctx.params.stroke_time),
      columns: this.#columns,
      fontReady: (ch) => {
        if (!fonts.has(ch)) void fonts.ready(ch);
        return fonts.has(ch);
      },
      draw: (g, from) => this.#drawGlyph(g, from),
    });
  }

  #stamp(elapsed: Seconds): void {
    const v = this.#ctx.verse;
    if (this.#seal.stamped || !v.end || !v.start || !this.#layout) return;
    if (this.#glyphs.flat().some((g) => g.progress < g.total)) return;
    const ch = SEAL_CHARS[v.start.source];
    if (!this.#ctx.fonts.has(ch)) return void this.#ctx.fonts.ready(ch);
    const rng = seededRng(this.#ctx.seed ^ hash(v.id ?? ''));
    this.#seal.stamp(ch, (px) => this.#ctx.fonts.font(px), rng, this.#layout.seal, this.#offset, elapsed);
  }

  /** Clears the mask and draws every glyph as far as it has been written (a new verse, a resize). */
  #redraw(): void {
    this.#masks.front.clear();
    for (const g of this.#glyphs.flat()) this.#drawGlyph(g, 0);
    this.#dirty = true;
  }

  #style(): GlyphStyle {
    return { scale: this.#scale, columns: this.#columns, font: (px) => this.#ctx.fonts.font(px) };
  }

  #drawGlyph(g: Glyph, from: number): void {
    if (this.#masks.front.drawGlyph(g, this.#slotOf(g), from, this.#style())) this.#dirty = true;
  }

  #slotOf(g: Glyph): { x: number; y: number; size: number; width: number } | undefined {
    return this.#layout?.slots[g.line]?.[g.index];
  }

  dispose(): void {
    this.#scene.clear();
    this.#glyphs = [];
    this.#layout = null;
  }
}

export default (): SceneModule => new InkScene();
