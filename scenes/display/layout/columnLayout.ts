/**
 * @module columnLayout: classical vertical layout. Characters run top to bottom in columns, columns run
 * right to left; a verse line too long for one column continues in the next. The cell size is the
 * largest that fits the whole verse in the area, so verses of any length fit. Pure: no DOM.
 */

export interface Area {
  /** Left edge, top edge, width and height, in any one unit (CSS pixels in the scenes). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ColumnLayoutOptions {
  /** Column pitch as a multiple of the cell size (room between columns). */
  spacing: number;
  /** Largest cell as a share of the area's height, so a short verse is not absurdly big. */
  maxCellShare: number;
  /** Lines and characters per line to plan for at least, so the layout holds still while a verse streams. */
  planLines: number;
  planChars: number;
}

const DEFAULTS = { spacing: 1.45, maxCellShare: 1 / 6, planLines: 4, planChars: 7 } satisfies ColumnLayoutOptions;

export interface PlacedGlyph {
  /** Index of the verse line and of the character in it. */
  line: number;
  index: number;
  column: number;
  row: number;
  /** Centre of the cell. */
  x: number;
  y: number;
}

export interface ColumnLayout {
  cell: number;
  rows: number;
  columns: number;
  glyphs: PlacedGlyph[];
  /** The left and bottom edges of the last column's last cell: where the seal goes. */
  end: { x: number; y: number };
}

/** Columns a set of line lengths takes at `rows` characters per column. */
function columnsFor(lengths: number[], rows: number): number {
  return lengths.reduce((n, len) => n + Math.max(1, Math.ceil(len / rows)), 0);
}

/** The largest cell size at which these line lengths fit the area. */
export function fitCell(lengths: number[], area: Area, options: Partial<ColumnLayoutOptions> = {}): number {
  const o = { ...DEFAULTS, ...options };
  let cell = area.height * o.maxCellShare;
  // Shrinking by 3% a step converges in a few dozen steps even for a 1,000-character verse.
  for (let i = 0; i < 400 && cell > 2; i++) {
    const rows = Math.max(1, Math.floor(area.height / cell));
    if (columnsFor(lengths, rows) * cell * o.spacing <= area.width) return cell;
    cell *= 0.97;
  }
  return Math.max(cell, 2);
}

/** Places every character of `lines` (each an array of characters) in right-to-left columns. */
export function layoutColumns(lines: readonly (readonly string[])[], area: Area, options: Partial<ColumnLayoutOptions> = {}): ColumnLayout {
  const o = { ...DEFAULTS, ...options };
  const planned = lines.map((l) => Math.max(l.length, o.planChars));
  while (planned.length < o.planLines) planned.push(o.planChars);
  const cell = fitCell(planned, area, o);
  const rows = Math.max(1, Math.floor(area.height / cell));
  const pitch = cell * o.spacing;
  const plannedColumns = columnsFor(planned, rows);
  const usedRows = Math.min(rows, Math.max(...planned));
  // The planned block is centred, so the first column does not move as later lines arrive.
  const right = area.x + area.width / 2 + (plannedColumns * pitch) / 2;
  const top = area.y + (area.height - usedRows * cell) / 2;
  const glyphs: PlacedGlyph[] = [];
  let column = 0;
  let end = { x: right - pitch / 2, y: top };
  lines.forEach((chars, line) => {
    chars.forEach((_, index) => {
      const c = column + Math.floor(index / rows);
      const row = index % rows;
      const g = { line, index, column: c, row, x: right - (c + 0.5) * pitch, y: top + (row + 0.5) * cell };
      glyphs.push(g);
      end = { x: g.x - cell / 2, y: g.y + cell / 2 };
    });
    column += Math.max(1, Math.ceil(chars.length / rows));
  });
  return { cell, rows, columns: column, glyphs, end };
}
