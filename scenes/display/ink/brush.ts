/**
 * @module brush: draws one glyph into the ink mask at a given writing progress. A character with stroke
 * data is written stroke by stroke: each stroke's outline is the clip, and a wide round brush runs along
 * its median up to the progress, as the hand would. Anything else (punctuation, Latin, a character the
 * data lacks) is revealed by a wipe in the reading direction. Drawing is opaque and idempotent, so a
 * frame may redraw a stroke from its start.
 */
import type { CharStrokes } from '../strokeLoader.ts';

/** hanzi-writer's glyph box and baseline (y up, baseline 900 from the top of a 1024 box). */
const BOX = 1024;
const BASELINE = 900;
/** Brush width in glyph units: wider than any stroke, the outline clip gives the shape. */
const BRUSH = 180;

export type GlyphKind = 'strokes' | 'vertical' | 'horizontal';

export interface GlyphBox {
  /** Centre and size of the glyph's cell, in mask pixels. */
  x: number;
  y: number;
  size: number;
}

/** Total median length of each stroke, so progress runs at an even brush speed within a stroke. */
export function strokeLengths(data: CharStrokes): number[] {
  return data.medians.map((m) => {
    let len = 0;
    for (let i = 1; i < m.length; i++) len += Math.hypot(m[i]![0] - m[i - 1]![0], m[i]![1] - m[i - 1]![1]);
    return Math.max(len, 1);
  });
}

/**
 * Draws strokes `0 .. floor(progress)` whole and stroke `floor(progress)` up to its fraction.
 * `paths` are the outlines as Path2D (made once per glyph).
 */
export function drawStrokes(ctx: CanvasRenderingContext2D, data: CharStrokes, paths: Path2D[], lengths: number[], box: GlyphBox, progress: number, from = 0): void {
  const s = box.size / BOX;
  const count = data.strokes.length;
  for (let i = Math.max(0, Math.floor(from)); i < count && i < progress; i++) {
    const part = Math.min(1, progress - i);
    ctx.save();
    ctx.translate(box.x - box.size / 2, box.y - box.size / 2);
    ctx.scale(s, -s);
    ctx.translate(0, -BASELINE);
    ctx.clip(paths[i]!);
    if (part >= 1) {
      ctx.fill(paths[i]!);
    } else {
      ctx.lineWidth = BRUSH;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.beginPath();
      const m = data.medians[i]!;
      let left = part * lengths[i]!;
      ctx.moveTo(m[0]![0], m[0]![1]);
      for (let k = 1; k < m.length && left > 0; k++) {
        const [x0, y0] = m[k - 1]!;
        const [x1, y1] = m[k]!;
        const seg = Math.hypot(x1 - x0, y1 - y0);
        const t = Math.min(1, left / Math.max(seg, 1e-6));
        ctx.lineTo(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
        left -= seg;
      }
      ctx.stroke();
    }
    ctx.restore();
  }
}

/** Reveals a glyph drawn with the font: top to bottom (columns) or left to right (Latin lines). */
export function drawFontGlyph(ctx: CanvasRenderingContext2D, ch: string, font: string, box: GlyphBox, kind: GlyphKind, progress: number, width = box.size): void {
  const p = Math.min(1, Math.max(0, progress));
  if (p <= 0) return;
  ctx.save();
  ctx.beginPath();
  if (kind === 'horizontal') ctx.rect(box.x - width / 2, box.y - box.size, width * p, box.size * 2);
  else ctx.rect(box.x - box.size, box.y - box.size / 2, box.size * 2, box.size * p);
  ctx.clip();
  ctx.font = font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(ch, box.x, box.y);
  ctx.restore();
}

/** Whether a character is punctuation, which classical columns set small at the cell's upper right. */
export function isPunctuation(ch: string): boolean {
  return /[\p{P}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]/u.test(ch);
}

export { BOX as GLYPH_BOX };
