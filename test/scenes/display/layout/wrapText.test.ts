/**
 * Horizontal wrapping and fitting: Latin breaks between words, CJK between characters, closing punctuation
 * never starts a line, and fitText finds a size at which any verse fits its box.
 */
import { describe, expect, it } from 'vitest';
import { fitText, wrapText } from '../../../../scenes/display/layout/wrapText.ts';

/** A monospace measure: every character is 0.5 wide at size 1, CJK 1. */
const measure = (s: string): number => [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/u.test(c) ? 1 : 0.5), 0);

describe('wrapText', () => {
  it('breaks Latin between words and never wider than the width', () => {
    const lines = wrapText('the quiet river carries all the evening light away', 100, 10, measure);
    expect(lines.join(' ')).toBe('the quiet river carries all the evening light away');
    for (const l of lines) expect(measure(l) * 10).toBeLessThanOrEqual(100);
    expect(lines.length).toBeGreaterThan(1);
  });

  it('breaks CJK between characters and keeps closing punctuation with the character before it', () => {
    const lines = wrapText('白日依山尽，黄河入海流。', 50, 10, measure);
    expect(lines.join('')).toBe('白日依山尽，黄河入海流。');
    for (const l of lines) expect(l.startsWith('，') || l.startsWith('。')).toBe(false);
  });
});

describe('fitText', () => {
  it('finds the largest size at which every paragraph fits the box', () => {
    const verse = Array.from({ length: 12 }, (_, i) => `line ${i} of a long verse that goes on and on`);
    const { size, lines } = fitText(verse, 800, 450, measure, { maxSize: 120, minSize: 6, lineHeight: 1.3 });
    const rows = lines.reduce((n, l) => n + l.length, 0);
    expect(rows * size * 1.3).toBeLessThanOrEqual(450);
    for (const l of lines.flat()) expect(measure(l) * size).toBeLessThanOrEqual(800);
    const short = fitText(['短诗'], 800, 450, measure, { maxSize: 120, minSize: 6, lineHeight: 1.3 });
    expect(short.size).toBe(120);
  });
});
