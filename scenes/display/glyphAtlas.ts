/**
 * @module glyphAtlas: characters drawn once, in the Kai face, into cells of one texture, so a scene can
 * show hundreds of labels with one draw call (a Points sprite reads its cell). A character is drawn only
 * once the face holds it (FontGate), so no cell ever holds a box.
 */
import { CanvasTexture, LinearFilter, SRGBColorSpace, type WebGLRenderer } from 'three';
import { CanvasUpload } from './canvasUpload.ts';
import type { FontGate } from './fontGate.ts';

export class GlyphAtlas {
  readonly texture: CanvasTexture;
  /** Cells per side. */
  readonly grid: number;
  readonly #cell: number;
  readonly #ctx: CanvasRenderingContext2D;
  readonly #fonts: FontGate;
  readonly #index = new Map<string, number>();
  /** A new glyph sends its cell, not the whole atlas (4 MiB at 1024x1024). */
  readonly #upload: CanvasUpload;

  constructor(fonts: FontGate, cell = 64, grid = 16) {
    this.#fonts = fonts;
    this.#cell = cell;
    this.grid = grid;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = cell * grid;
    this.#ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    this.texture = new CanvasTexture(canvas);
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.minFilter = LinearFilter;
    this.texture.generateMipmaps = false;
    this.#upload = new CanvasUpload(this.texture, this.#ctx);
  }

  /** Sends the cells drawn since the last call; call before rendering with the texture. */
  flush(renderer: WebGLRenderer): void {
    this.#upload.flush(renderer);
  }

  /** The cell of `ch`, drawing it if new; -1 while its font slice loads or when the atlas is full. */
  cell(ch: string): number {
    const known = this.#index.get(ch);
    if (known !== undefined) return known;
    if (!this.#fonts.has(ch)) {
      void this.#fonts.ready(ch);
      return -1;
    }
    const n = this.#index.size;
    if (n >= this.grid * this.grid) return -1;
    const c = this.#cell;
    const x = (n % this.grid) * c;
    const y = Math.floor(n / this.grid) * c;
    const ctx = this.#ctx;
    ctx.font = this.#fonts.font(c * 0.78);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#fff';
    ctx.fillText(ch, x + c / 2, y + c / 2);
    this.#index.set(ch, n);
    this.#upload.add(x, y, x + c, y + c);
    return n;
  }
}
