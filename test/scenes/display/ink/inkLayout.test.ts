/**
 * The ink scene's layout as the room sees it: the block of columns is planned from the verse's expected form,
 * so glyphs already written stay put (same cell size, same place on the mask) while a Tang verse streams;
 * once it ends, the block (moved by `shift`) sits centred on the paper; the glide there lands exactly.
 */
import { describe, expect, it } from 'vitest';
import { columnSlots, glide, isColumnVerse, paperArea, planColumns } from '../../../../scenes/display/ink/inkLayout.ts';

const LANDSCAPE = paperArea(1600, 900);
/** A portrait screen, where the number of columns (not the column height) sets the cell size. */
const PORTRAIT = paperArea(500, 900);
const area = LANDSCAPE;
const POEM = ['白日依山尽，', '黄河入海流。', '欲穷千里目，', '更上一层楼。'].map((l) => [...l]);

/** The layout after `lines` (each as glyphs), the last one still being written unless `ended`. */
function layoutAfter(lines: string[][], ended = false, area = LANDSCAPE) {
  const lengths = lines.map((l) => l.length);
  const firstLineDone = lines.length > 1 || ended;
  return columnSlots(lines, area, planColumns(lengths, firstLineDone, area), ended);
}

describe('ink layout', () => {
  it('tells Chinese verses (columns) from Latin ones (lines)', () => {
    expect(isColumnVerse('白日依山尽，黄河入海流。')).toBe(true);
    expect(isColumnVerse('The sea at night, and the wind')).toBe(false);
  });

  it('writes columns top to bottom and right to left', () => {
    const { slots } = layoutAfter(POEM, true);
    for (const column of slots) expect(column.map((s) => s.y)).toEqual(column.map((s) => s.y).sort((a, b) => a - b));
    const xs = slots.map((c) => c[0]!.x);
    expect(xs).toEqual([...xs].sort((a, b) => b - a));
  });

  it('keeps every glyph already written where it was, at the same size, while a quatrain streams line by line', () => {
    // From the second line on the first line's length is known: the plan, and so the written glyphs, hold still.
    for (const screen of [LANDSCAPE, PORTRAIT]) {
      const steps = [2, 3, 4].map((n) => layoutAfter(POEM.slice(0, n), false, screen));
      for (const later of steps.slice(1)) {
        for (const [i, column] of steps[0]!.slots.entries()) {
          for (const [j, slot] of column.entries()) expect(later.slots[i]![j]).toEqual(slot);
        }
      }
    }
  });

  it('centres the finished verse on the paper once it ends', () => {
    const { slots, shift } = layoutAfter(POEM, true);
    const all = slots.flat();
    const size = all[0]!.size;
    const left = Math.min(...all.map((s) => s.x)) - size / 2 + shift.x;
    const right = Math.max(...all.map((s) => s.x)) + size / 2 + shift.x;
    const top = Math.min(...all.map((s) => s.y)) - size / 2 + shift.y;
    const bottom = Math.max(...all.map((s) => s.y)) + size / 2 + shift.y;
    const cx = area.x + area.width / 2;
    const cy = area.y + area.height / 2;
    // Centred within a column's spacing (the block's width counts the gaps between columns).
    expect(Math.abs((left + right) / 2 - cx)).toBeLessThan(size);
    expect(Math.abs((top + bottom) / 2 - cy)).toBeLessThan(size / 2);
  });

  it('fits a ci of uneven lines (如梦令: 6, 6, 5, 6, 2, 2, 6, and a line of 11) on the paper, no glyph over another', () => {
    const ci = ['常记溪亭日暮，', '沉醉不知归路。', '兴尽晚回舟，', '误入藕花深处。', '争渡，', '争渡，', '惊起一滩鸥鹭。', '一二三四五六七八九十一。'].map((l) => [...l]);
    for (const screen of [LANDSCAPE, PORTRAIT]) {
      const { slots, shift } = layoutAfter(ci, true, screen);
      expect(slots.map((c) => c.length)).toEqual(ci.map((l) => l.length));
      const all = slots.flat();
      const half = all[0]!.size / 2;
      for (const s of all) {
        expect(s.x - half + shift.x).toBeGreaterThanOrEqual(screen.x - 0.5);
        expect(s.x + half + shift.x).toBeLessThanOrEqual(screen.x + screen.width + 0.5);
        expect(s.y - half + shift.y).toBeGreaterThanOrEqual(screen.y - 0.5);
        expect(s.y + half + shift.y).toBeLessThanOrEqual(screen.y + screen.height + 0.5);
      }
      // No two glyphs in one cell (a line longer than the column runs on into the next, as in a printed book).
      expect(new Set(all.map((g) => `${g.x.toFixed(1)},${g.y.toFixed(1)}`)).size).toBe(all.length);
    }
  });

  it('glides towards its target without overshooting and lands exactly', () => {
    let at = { x: 0, y: 0 };
    const to = { x: 120, y: -40 };
    const xs: number[] = [];
    for (let i = 0; i < 200 && (at.x !== to.x || at.y !== to.y); i++) {
      at = glide(at, to, 1 / 60, 0.35);
      xs.push(at.x);
    }
    expect(at).toEqual(to);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(Math.max(...xs)).toBeLessThanOrEqual(to.x);
  });
});
