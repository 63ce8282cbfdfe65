/**
 * Classical column layout: top to bottom, right to left; long lines continue in the next column; the
 * whole verse fits the area whatever its length, and the first column holds still while a verse streams.
 */
import { describe, expect, it } from 'vitest';
import { fitCell, layoutColumns } from '../../../../scenes/display/layout/columnLayout.ts';

const area = { x: 0, y: 0, width: 1600, height: 900 };
const chars = (s: string): string[] => [...s];

describe('layoutColumns', () => {
  it('runs each line top to bottom and the lines right to left', () => {
    const l = layoutColumns([chars('白日依山尽'), chars('黄河入海流')], area);
    const [first, second] = [l.glyphs.filter((g) => g.line === 0), l.glyphs.filter((g) => g.line === 1)];
    // Down the first column: same x, growing y.
    expect(new Set(first.map((g) => g.x)).size).toBe(1);
    expect(first.map((g) => g.y)).toEqual([...first.map((g) => g.y)].sort((a, b) => a - b));
    // The second line is the next column to the left.
    expect(second[0]!.x).toBeLessThan(first[0]!.x);
    expect(second[0]!.y).toBe(first[0]!.y);
  });

  it('fits a verse of any length inside the area, continuing long lines in the next column', () => {
    const long = Array.from({ length: 40 }, () => chars('床前明月光疑是地上霜举头望明月低头思故乡'));
    const l = layoutColumns(long, area);
    expect(l.glyphs).toHaveLength(40 * 20);
    for (const g of l.glyphs) {
      expect(g.x - l.cell / 2).toBeGreaterThanOrEqual(area.x - 1e-6);
      expect(g.x + l.cell / 2).toBeLessThanOrEqual(area.x + area.width + 1e-6);
      expect(g.y + l.cell / 2).toBeLessThanOrEqual(area.y + area.height + 1e-6);
    }
    const one = layoutColumns([chars('一'.repeat(200))], { ...area, width: 300 });
    expect(one.columns).toBeGreaterThan(1);
    expect(new Set(one.glyphs.map((g) => g.column)).size).toBe(one.columns);
  });

  it('keeps glyphs already placed where they are as a verse within the plan grows', () => {
    const a = layoutColumns([chars('白日依')], area);
    const b = layoutColumns([chars('白日依山尽'), chars('黄河')], area);
    expect(b.glyphs.slice(0, 3)).toEqual(a.glyphs);
  });

  it('fitCell shrinks the cell until every column fits', () => {
    const few = fitCell([7, 7, 7, 7], area);
    const many = fitCell(Array(60).fill(7), area);
    expect(many).toBeLessThan(few);
    const rows = Math.floor(area.height / many);
    expect(Math.ceil(7 / rows) * 60 * many * 1.45).toBeLessThanOrEqual(area.width);
  });
});
