/**
 * @module test/models/ciTunes: the ci tune patterns measured from the corpus (models/prosody/ci-tunes.json) agree
 * with the patterns of the classical tune books (词谱) for tunes whose form is beyond dispute.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface TunePattern { lines: number[]; ends: string[]; rhyme: (string | null)[]; tones: string[]; corpusRhymeRate: number }
const table = JSON.parse(readFileSync(new URL('../../../models/prosody/ci-tunes.json', import.meta.url), 'utf8')) as { tunes: Record<string, TunePattern> };

describe('ci tune patterns built from the Song ci', () => {
  it('has the 30 commonest tunes and 如梦令, each line with a length, an end, a rhyme slot and a tone per character', () => {
    expect(Object.keys(table.tunes).length).toBe(31);
    for (const [name, t] of Object.entries(table.tunes)) {
      expect(t.ends.length, name).toBe(t.lines.length);
      expect(t.rhyme.length, name).toBe(t.lines.length);
      expect(t.tones.map((s) => [...s].length), name).toEqual(t.lines);
      expect(t.rhyme.at(-1), `${name} ends on a rhyme`).not.toBeNull();
    }
  });

  it('如梦令 is 6 6 5 6 2 2 6, rhyming on every line but the third, with 争渡，争渡 as level-oblique', () => {
    const t = table.tunes['如梦令']!;
    expect(t.lines).toEqual([6, 6, 5, 6, 2, 2, 6]);
    expect(t.rhyme.map((r) => r !== null)).toEqual([true, true, false, true, true, true, true]);
    expect(t.tones[4]).toBe('平仄');
  });

  it('菩萨蛮 changes rhyme every two lines (AABBCCDD) and 浣溪沙 rests its rhyme on the fourth line', () => {
    expect(table.tunes['菩萨蛮']!.lines).toEqual([7, 7, 5, 5, 5, 5, 5, 5]);
    expect(table.tunes['菩萨蛮']!.rhyme).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D']);
    expect(table.tunes['浣溪沙']!.rhyme.map((r) => r !== null)).toEqual([true, true, true, false, true, true]);
  });
});
