/**
 * @module test/models/coherence: the coherence figures of models:eval (conflicting seasons, characters used three
 * times, line-final doubling) and the discriminator, on verses whose answer a reader can check by eye.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineFinalDoubling, seasonConflict, seasonsIn, tripleCharacters } from '../../../models/cli/coherenceStats.ts';
import { discriminate } from '../../../models/cli/discriminator.ts';
import { seededRng } from '../../../engine/rng.ts';

const themes = JSON.parse(readFileSync(new URL('../../../models/prosody/zh-themes.json', import.meta.url), 'utf8')) as {
  families: { season: { seeds: Record<string, string>; classes: Record<string, string[]> } };
};
const { seeds, classes } = themes.families.season;

describe('season conflicts', () => {
  // The verse the issue quotes for an autumn prompt: snow, autumn and spring in four lines.
  const mixed = '白雪晴风满地深，黄河秋月到江山。不知春色今年少，落叶一声春意还。';
  const autumn = '秋风吹落满地黄叶，寒蛩声里夜初长。';

  it('a verse naming autumn and spring conflicts; an autumn verse does not', () => {
    expect([...seasonsIn(mixed, classes, seeds)].sort()).toEqual(['autumn', 'spring']);
    expect(seasonConflict([mixed, autumn], classes, seeds)).toEqual({ count: 1, total: 2, share: 0.5 });
  });

  it('markers count too: willows and falling leaves put spring and autumn in one verse', () => {
    const byMarkers = '杨柳青青江水平，一江黄叶下寒城。';
    expect(seasonConflict([byMarkers], classes, seeds).count).toBe(0);
    expect(seasonConflict([byMarkers], classes, seeds, true).count).toBe(1);
  });
});

describe('repetition and doubling', () => {
  it('counts each character used three or more times once per verse', () => {
    // 月 three times, 夜 four times: two characters; the second verse repeats nothing three times.
    expect(tripleCharacters(['月中夜夜月，山下夜人来。江上何年夜月，', '白日依山尽，黄河入海流。'])).toEqual({ count: 2, verses: 2, perVerse: 1 });
  });

  it('finds lines that end by doubling their last character', () => {
    expect(lineFinalDoubling(['谁是少年年', '梅后后', '白日依山尽'])).toMatchObject({ count: 2, total: 3 });
  });
});

describe('the discriminator', () => {
  const poems = readFileSync(new URL('../../../models/tang-poet-zh/heldout.jsonl', import.meta.url), 'utf8')
    .split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text).slice(0, 400);

  it('cannot tell two halves of the same real poems apart (about 50%)', () => {
    const r = discriminate(poems.filter((_, i) => i % 2 === 0), poems.filter((_, i) => i % 2 === 1));
    expect(r.perClass).toBe(200);
    expect(r.accuracy).toBeGreaterThan(0.35);
    expect(r.accuracy).toBeLessThan(0.65);
  });

  it('tells real poems from formulaic ones that lean on a few stock characters', () => {
    // A stand-in for a fluent but formulaic writer: every fourth character becomes one of a few favourites.
    const rand = seededRng(7);
    const stock = [...'春风明月不知人何处'];
    const formulaic = poems.filter((_, i) => i % 2 === 1).map((p) =>
      [...p].map((c, i) => (i % 4 === 0 && /\p{Script=Han}/u.test(c) ? stock[Math.floor(rand() * stock.length)]! : c)).join(''));
    expect(discriminate(poems.filter((_, i) => i % 2 === 0), formulaic).accuracy).toBeGreaterThan(0.8);
  });

  it('refuses too few texts for its folds, naming the counts', () => {
    expect(() => discriminate(['春'], ['秋'])).toThrow(/at least 5 texts of each kind, got 1 real and 1 generated/);
  });
});
