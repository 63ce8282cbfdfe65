/**
 * @module inkMask: one ink mask: the CPU-side canvas the brush draws into (white ink on black, red for the visitor's), its
 * texture, and the patch uploads that keep the two alike (canvasUpload.ts). The ink scene keeps two: the
 * one on screen, and a back one that the block is redrawn into over a few frames when its cell size
 * changes, then swapped in, so no frame redraws and uploads every glyph at once.
 */
import { CanvasTexture, LinearFilter } from 'three';
import { CanvasUpload } from '../canvasUpload.ts';
import type { ResourceTracker } from '../resourceTracker.ts';
import { drawFontGlyph, drawStrokes, isPunctuation, type GlyphBox } from './brush.ts';
import type { Glyph } from './inkGlyph.ts';
import type { InkSlot } from './inkLayout.ts';

export interface GlyphStyle {
  /** Mask pixels per CSS pixel. */
  scale: number;
  /** Classical columns (else Latin lines). */
  columns: boolean;
  /** The CSS font for a glyph drawn with the font, at `px` pixels. */
  font: (px: number) => string;
}

/**
 * Mask colours: red holds all ink (the paper shader's coverage), green only the machine's, so the shader reads
 * the visitor's share of the ink at a pixel as red less green and tints it with the visitor's ink.
 */
const MACHINE_MASK = '#fff';
const VISITOR_MASK = '#f00';

export class InkMask {
  readonly canvas = document.createElement('canvas');
  readonly ink = this.canvas.getContext('2d', { willReadFrequently: true })!;
  readonly texture: CanvasTexture;
  readonly upload: CanvasUpload;

  constructor(track: ResourceTracker) {
    this.texture = track.add(new CanvasTexture(this.canvas));
    this.texture.minFilter = LinearFilter;
    this.texture.generateMipmaps = false;
    this.upload = new CanvasUpload(this.texture, this.ink);
  }

  /** A new size in pixels: the GPU copy is made anew, whole, and the canvas starts empty. */
  resize(width: number, height: number): void {
    this.canvas.width = width;
    this.canvas.height = height;
    this.texture.dispose();
    this.upload.whole();
    this.clear();
  }

  /** No ink anywhere; only what had been drawn goes to the GPU again. */
  clear(): void {
    this.ink.setTransform(1, 0, 0, 1, 0, 0);
    this.ink.fillStyle = '#000';
    this.ink.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.upload.cleared();
  }

  /** Draws `g` into `slot` (CSS pixels) from stroke `from` up to its progress; false when nothing was drawn. */
  drawGlyph(g: Glyph, slot: InkSlot | undefined, from: number, style: GlyphStyle): boolean {
    if (!slot || g.progress <= 0) return false;
    const { scale: k, columns } = style;
    const ink = this.ink;
    ink.fillStyle = ink.strokeStyle = g.visitor ? VISITOR_MASK : MACHINE_MASK;
    const punct = isPunctuation(g.ch) && columns;
    const box: GlyphBox = punct
      ? { x: (slot.x + slot.size * 0.22) * k, y: (slot.y - slot.size * 0.22) * k, size: slot.size * 0.55 * k }
      : { x: slot.x * k, y: slot.y * k, size: slot.size * (columns ? 0.9 : 1) * k };
    if (g.data) drawStrokes(ink, g.data, g.paths, g.lengths, box, g.progress, from);
    else drawFontGlyph(ink, g.ch, style.font(box.size * (columns ? 0.86 : 1)), box, columns ? 'vertical' : 'horizontal', g.progress, slot.width * k);
    // Everything the brush or the wipe can reach around the cell's centre (see brush.ts), and a pixel for antialiasing.
    const half = Math.max(box.size, (slot.width * k) / 2) + 2;
    this.upload.add(box.x - half, box.y - box.size - 2, box.x + half, box.y + box.size + 2);
    return true;
  }
}
