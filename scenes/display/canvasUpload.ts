/**
 * @module canvasUpload: sends only the changed part of a canvas texture to the GPU. A brush stroke changes
 * a glyph-sized patch of an ink mask as large as the screen, a new label one cell of a glyph atlas, and
 * uploading the whole canvas for it was nearly all of those scenes' script time (8 ms a frame for the
 * 960x540 ink mask in SwiftShader, BENCHMARKS.md). The changed rectangle is read back from the (CPU-side,
 * `willReadFrequently`) canvas and copied into the texture with `copyTextureToTexture`; a cleared canvas
 * sends what had been drawn on it, and only the first upload and a resized canvas go up whole. A texture
 * not on screen yet (the ink scene's back buffer) can go up in bands of a few rows a frame (`maxPixels`).
 */
import { DataTexture, Vector2, type CanvasTexture, type WebGLRenderer } from 'three';

export class CanvasUpload {
  readonly #texture: CanvasTexture;
  readonly #canvas: CanvasRenderingContext2D;
  /** Carries the patch's pixels; never uploaded itself (the renderer only reads its data). */
  readonly #patch = new DataTexture(new Uint8Array(4), 1, 1);
  readonly #at = new Vector2();
  #x0 = Infinity;
  #y0 = Infinity;
  #x1 = -Infinity;
  #y1 = -Infinity;
  /** Everything drawn since the canvas was last cleared: what a clear changes back to background. */
  #drawn: [number, number, number, number] | null = null;
  #whole = true;

  constructor(texture: CanvasTexture, canvas: CanvasRenderingContext2D) {
    this.#texture = texture;
    this.#canvas = canvas;
  }

  /** The whole canvas changed (cleared), or the GPU copy is gone (resized): send it all next time. */
  whole(): void {
    this.#whole = true;
  }

  /** The texture was just sent whole by other means (`renderer.initTexture`): nothing is pending. */
  sent(): void {
    this.#whole = false;
    this.#x0 = this.#y0 = Infinity;
    this.#x1 = this.#y1 = -Infinity;
  }

  /** The canvas was cleared to its background: only what was drawn since the last clear changed. */
  cleared(): void {
    if (this.#drawn) this.add(...this.#drawn);
    this.#drawn = null;
  }

  /** A rectangle of the canvas changed, in canvas pixels. */
  add(x0: number, y0: number, x1: number, y1: number): void {
    const d = this.#drawn;
    this.#drawn = d ? [Math.min(d[0], x0), Math.min(d[1], y0), Math.max(d[2], x1), Math.max(d[3], y1)] : [x0, y0, x1, y1];
    this.#x0 = Math.min(this.#x0, x0);
    this.#y0 = Math.min(this.#y0, y0);
    this.#x1 = Math.max(this.#x1, x1);
    this.#y1 = Math.max(this.#y1, y1);
  }

  /** Whether a change waits to be sent. */
  get pending(): boolean {
    return this.#whole || (this.#x1 > this.#x0 && this.#y1 > this.#y0);
  }

  /**
   * Sends what changed since the last call; call right before rendering with the texture. With `maxPixels`
   * only the top rows of the change that fit it go (at least one row), and the rest stays `pending`.
   */
  flush(renderer: WebGLRenderer, maxPixels = Infinity): void {
    const { width, height } = this.#canvas.canvas;
    const x = Math.max(0, Math.floor(this.#x0));
    const y = Math.max(0, Math.floor(this.#y0));
    const w = Math.min(width, Math.ceil(this.#x1)) - x;
    const all = Math.min(height, Math.ceil(this.#y1)) - y;
    const h = w > 0 ? Math.min(all, Math.max(1, Math.floor(maxPixels / w))) : all;
    const whole = this.#whole;
    this.#whole = false;
    if (whole || w <= 0 || h >= all) {
      this.#x0 = this.#y0 = Infinity;
      this.#x1 = this.#y1 = -Infinity;
    } else this.#y0 = y + h;
    if (whole) {
      this.#texture.needsUpdate = true;
      return;
    }
    if (w <= 0 || h <= 0) return;
    const pixels = this.#canvas.getImageData(x, y, w, h);
    this.#patch.image = { data: new Uint8Array(pixels.data.buffer), width: w, height: h };
    // The texture is flipped (flipY): canvas row y is texture row height - 1 - y, and the patch flips with it.
    renderer.copyTextureToTexture(this.#patch, this.#texture, null, this.#at.set(x, height - y - h));
  }
}
