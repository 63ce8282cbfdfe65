/**
 * @module inkLayout: where each glyph of the ink scene goes. Chinese runs in classical columns (top to
 * bottom, right to left); a Latin verse runs in wrapped horizontal lines, fitted to the paper. Positions
 * are CSS pixels; the scene scales them to its mask.
 *
 * Slots are *anchored*: the block drawn against the paper's top right (columns) or top left (lines), and
 * `shift` says how far the block must move from there to sit centred. The scene draws the anchored slots
 * into its ink mask and moves the mask by `shift` in the paper shader, so a block that re-centres (a new
 * column, a verse longer than planned) costs a uniform, not a redraw of every glyph; only a new cell size
 * redraws. The column block is planned from the verse's expected form (Tang verses are 4 or 8 lines of 5
 * or 7 characters), so the cell size holds still while a verse streams.
 */
import { fitCell, layoutColumns, type Area } from '../layout/columnLayout.ts';
import { fitText, type Measure } from '../layout/wrapText.ts';

export interface InkSlot {
  x: number;
  y: number;
  size: number;
  /** Advance width, for the left-to-right wipe of Latin letters. */
  width: number;
}

export interface InkLayout {
  /** Anchored glyph cells (see the module doc). */
  slots: InkSlot[][];
  /** Anchored centre and size of the seal. */
  seal: { x: number; y: number; size: number };
  /** From the anchored block to its centred place on the screen, CSS pixels. */
  shift: { x: number; y: number };
}

/** Column pitch as a multiple of the cell size. */
const COLUMN_SPACING = 1.45;
/** Glyphs of a Tang line at most: seven characters and its punctuation. */
const LONGEST_TANG_LINE = 8;
/** A quatrain is planned as an eight-line verse when that costs it less than this share of its cell size. */
const EIGHT_LINE_COST = 0.9;

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

export interface ColumnPlan {
  /** Lines and glyphs per line to plan the block for (see columnLayout's planLines/planChars). */
  planLines: number;
  planChars: number;
}

/**
 * The block a streaming verse is expected to fill: lines as long as its first finished line (the longest
 * Tang line until one has finished), and 4 or 8 lines (8 from the start when a quatrain loses little by it
 * on this screen, else from the fifth line), then the next multiple of 4 for longer verses.
 */
export function planColumns(lengths: readonly number[], firstLineDone: boolean, area: Area): ColumnPlan {
  const planChars = firstLineDone && lengths[0] ? lengths[0] : LONGEST_TANG_LINE;
  const cellFor = (n: number): number => fitCell(Array.from({ length: Math.max(n, lengths.length) }, (_, i) => Math.max(lengths[i] ?? 0, planChars)), area, { spacing: COLUMN_SPACING });
  const n = lengths.length;
  const planLines = n > 8 ? Math.ceil(n / 4) * 4 : n > 4 || cellFor(8) >= EIGHT_LINE_COST * cellFor(4) ? 8 : 4;
  return { planLines, planChars };
}

/**
 * Columns for `lines` planned as `plan`; the block is centred on the planned size while the verse streams,
 * so it holds still, and on the columns actually written once `ended` (a quatrain planned as eight lines).
 */
export function columnSlots(lines: readonly (readonly string[])[], area: Area, plan: ColumnPlan, ended = false): InkLayout {
  const l = layoutColumns(lines, area, { spacing: COLUMN_SPACING, ...plan });
  const pitch = l.cell * COLUMN_SPACING;
  const g0 = l.glyphs[0];
  // The placed block's top right corner, from any glyph's cell.
  const right = g0 ? g0.x + (g0.column + 0.5) * pitch : area.x + area.width;
  const top = g0 ? g0.y - (g0.row + 0.5) * l.cell : area.y;
  const ax = area.x + area.width - right;
  const ay = area.y - top;
  const slots: InkSlot[][] = lines.map(() => []);
  for (const g of l.glyphs) slots[g.line]![g.index] = { x: g.x + ax, y: g.y + ay, size: l.cell, width: l.cell };
  const last = l.glyphs[l.glyphs.length - 1];
  const size = l.cell * 0.8;
  const seal = last
    ? { x: last.x - l.cell * 1.45 + ax, y: Math.min(area.y + area.height - size / 2, last.y + l.cell * 0.2) + ay, size }
    : { x: area.x + area.width / 2, y: area.y + area.height / 2, size };
  let shift = { x: -ax, y: -ay };
  if (ended && g0) {
    const rows = Math.min(l.rows, Math.max(...lines.map((c) => c.length)));
    shift = { x: area.x + area.width / 2 + (l.columns * pitch) / 2 - (area.x + area.width), y: (area.height - rows * l.cell) / 2 };
  }
  return { slots, seal, shift };
}

/** One frame of a block's glide from `from` to `to` (CSS pixels): eased with time constant `time`, landing exactly. */
export function glide(from: { x: number; y: number }, to: { x: number; y: number }, dt: number, time: number): { x: number; y: number } {
  const k = 1 - Math.exp(-dt / time);
  const step = (a: number, b: number): number => (Math.abs(b - a) < 0.05 ? b : a + (b - a) * k);
  return { x: step(from.x, to.x), y: step(from.y, to.y) };
}

/** Latin lines, wrapped and fitted; `measure` gives widths at font size 1. Spaces take room but no slot. */
export function lineSlots(lines: readonly string[], area: Area, measure: Measure): InkLayout {
  const lineHeight = 1.5;
  const { size, lines: wrapped } = fitText(lines, area.width, area.height, measure, { maxSize: area.height / 7, minSize: 8, lineHeight });
  const rows = wrapped.reduce((n, w) => n + Math.max(1, w.length), 0);
  let y = area.y + (size * lineHeight) / 2;
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
  return { slots, seal, shift: { x: 0, y: (area.height - rows * size * lineHeight) / 2 } };
}
