/**
 * @module maskSwap: the ink scene's two masks (inkMask.ts): the one on screen, and a back one that a new
 * layout (a new cell size: every written glyph moves) is redrawn into a few glyphs and a band of upload
 * per frame, then swapped onto the screen. Redrawing and uploading the whole block in one frame cost
 * 10-20 ms in SwiftShader (BENCHMARKS.md); spread over a dozen frames no frame pays it.
 */
import type { WebGLRenderer } from 'three';
import type { ResourceTracker } from '../resourceTracker.ts';
import type { Glyph } from './inkGlyph.ts';
import type { InkLayout } from './inkLayout.ts';
import { InkMask, type GlyphStyle } from './inkMask.ts';

/** Glyphs redrawn into the back mask per frame, and the share of the mask uploaded per frame. */
const GLYPHS_PER_FRAME = 4;
const UPLOAD_SHARE = 1 / 8;

export class MaskSwap {
  #front: InkMask;
  #back: InkMask;
  /** The layout being redrawn into the back mask, and how many glyphs are in. */
  #rebuild: { layout: InkLayout; next: number } | null = null;

  constructor(track: ResourceTracker) {
    this.#front = new InkMask(track);
    this.#back = new InkMask(track);
  }

  /** The mask on screen. */
  get front(): InkMask {
    return this.#front;
  }

  /** The layout being redrawn off screen, if any. */
  get pending(): InkLayout | null {
    return this.#rebuild?.layout ?? null;
  }

  /** Both masks at a new size, empty, and on the GPU already (so no frame of a verse makes them). */
  resize(width: number, height: number, renderer: WebGLRenderer): void {
    this.#rebuild = null;
    for (const m of [this.#front, this.#back]) {
      m.resize(width, height);
      renderer.initTexture(m.texture);
      m.upload.sent();
    }
  }

  /** Starts redrawing into the back mask for `layout` (again from the first glyph if one was under way). */
  start(layout: InkLayout): void {
    this.#back.clear();
    this.#rebuild = { layout, next: 0 };
  }

  /** The layout under way changed without moving written glyphs (new glyphs, a new shift). */
  retarget(layout: InkLayout): void {
    if (this.#rebuild) this.#rebuild.layout = layout;
  }

  cancel(): void {
    this.#rebuild = null;
  }

  /** Draws the next few glyphs into the back mask; once all are in and uploaded, swaps and returns the new layout. */
  step(glyphs: readonly Glyph[], style: GlyphStyle): InkLayout | null {
    const r = this.#rebuild;
    if (!r) return null;
    for (const end = Math.min(glyphs.length, r.next + GLYPHS_PER_FRAME); r.next < end; r.next++) {
      const g = glyphs[r.next]!;
      this.#back.drawGlyph(g, r.layout.slots[g.line]?.[g.index], 0, style);
    }
    if (r.next < glyphs.length || this.#back.upload.pending) return null;
    [this.#front, this.#back] = [this.#back, this.#front];
    this.#rebuild = null;
    return r.layout;
  }

  /** Sends a band of the back mask (while one is under way) and what changed in the front one. */
  flush(renderer: WebGLRenderer, front: boolean): void {
    const b = this.#back;
    if (this.#rebuild) b.upload.flush(renderer, b.canvas.width * b.canvas.height * UPLOAD_SHARE);
    if (front) this.#front.upload.flush(renderer);
  }
}
