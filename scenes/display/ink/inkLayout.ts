/**
 * @module inkLayout: where each glyph of the ink scene goes. Chinese runs in classical columns (top to
 * bottom, right to left); a Latin verse runs in wrapped horizontal lines, fitted to the paper. Positions
 * are CSS pixels; the scene scales them to its mask.
 */
import { layoutColumns, type Area } from '../layout/columnLayout.ts';
import { fitText, type Measure } from '../layout/wrapText.ts';

export interface InkSlot {
  x: number;
  y: number;
  size: number;
  /** Advance width, for the left-to-right wipe of Latin letters. */
  width: number;
}

export interface InkLayout {
  slots: InkSlot[][];
  /** Centre and size of the seal. */
  seal: { x: number; y: number; size: number };
}

const HAN = /\p{Script=Han}/gu;

/** True when most of the verse is Chinese (columns); else it is laid out in Latin lines. */
export function isColumnVerse(text: string): boolean {
  const letters = text.replace(/[\s\p{P}]/gu, '').length;
  return letters === 0 || (text.match(HAN)?.length ?? 0) / letters >= 0.3;
}

/** Margins of the paper: the verse sits inside this share of the screen. */
export function paperArea(width: number, height: number): Area {
  return { x: width * 0.1, y: height * 0.1, width: width * 0.8, height: height * 0.8 };
}

export function columnSlots(lines: readonly (readonly string[])[], area: Area): InkLayout {
  const l = layoutColumns(lines, area);
  const slots: InkSlot[][] = lines.map(() => []);
  for (const g of l.glyphs) slots[g.line]![g.index] = { x: g.x, y: g.y, size: l.cell, width: l.cell };
  const last = l.glyphs[l.glyphs.length - 1];
  const size = l.cell * 0.8;
  const seal = last
    ? { x: last.x - l.cell * 1.45, y: Math.min(area.y + area.height - size / 2, last.y + l.cell * 0.2), size }
    : { x: area.x + area.width / 2, y: area.y + area.height / 2, size };
  return { slots, seal };
}

/** Latin lines, wrapped and fitted; `measure` gives widths at font size 1. Spaces take room but no slot. */
export function lineSlots(lines: readonly string[], area: Area, measure: Measure): InkLayout {
  const lineHeight = 1.5;
  const { size, lines: wrapped } = fitText(lines, area.width, area.height, measure, { maxSize: area.height / 7, minSize: 8, lineHeight });
  const rows = wrapped.reduce((n, w) => n + Math.max(1, w.length), 0);
  let y = area.y + (area.height - rows * size * lineHeight) / 2 + (size * lineHeight) / 2;
  const slots: InkSlot[][] = [];
  let seal = { x: area.x, y, size: size * 1.2 };
  for (const rowsOfLine of wrapped) {
    const lineSlots: InkSlot[] = [];
    for (const row of rowsOfLine.length ? rowsOfLine : ['']) {
      let x = area.x;
      for (const ch of row) {
        const w = measure(ch) * size;
        if (ch.trim()) lineSlots.push({ x: x + w / 2, y, size, width: w });
        x += w;
      }
      seal = { x: Math.min(area.x + area.width, x + size * 1.1), y: y + size * 0.25, size: size * 1.2 };
      y += size * lineHeight;
    }
    slots.push(lineSlots);
  }
  return { slots, seal };
}
