/** English syllables, stress and vowel colour by rule. */
import { describe, expect, it } from 'vitest';
import { syllablesOf, vowelFormant } from '../../../scenes/sound/englishProsody.ts';

describe('syllablesOf', () => {
  it.each([
    ['love', 1], ['loved', 1], ['loves', 1], ['roses', 2], ['wanted', 2], ['table', 2], ['beautiful', 3],
    ['sky', 1], ['yes', 1], ['summer', 2], ['compare', 2], ['temperate', 3], ['nation', 2], ['city', 2], ['the', 1],
  ])('%s has %i syllables', (word, n) => {
    expect(syllablesOf(word)).toHaveLength(n);
  });

  it('stresses first syllables, unstressed prefixes aside, and leaves function words unstressed', () => {
    const stress = (w: string): boolean[] => syllablesOf(w).map((s) => s.stressed);
    expect(stress('summer')).toEqual([true, false]);
    expect(stress('compare')).toEqual([false, true]);
    expect(stress('nation')).toEqual([true, false]);
    expect(stress('the')).toEqual([false]);
    expect(stress('day')).toEqual([true]);
  });

  it('colours front vowels brighter than back ones', () => {
    expect(vowelFormant('ee')).toBeGreaterThan(vowelFormant('a'));
    expect(vowelFormant('a')).toBeGreaterThan(vowelFormant('oo'));
  });
});
