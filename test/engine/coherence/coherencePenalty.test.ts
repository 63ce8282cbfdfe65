/**
 * @module test/engine/coherence/coherencePenalty: the theme memory and the draft penalties, on lines whose verdict a
 * reader can check by eye, with the shipped theme table.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { COHERENCE_PENALTY, coherenceParts, coherencePenalty } from '../../../engine/coherence/coherencePenalty.ts';
import { contradictsSeason, establishedSeason } from '../../../engine/coherence/themeMemory.ts';
import { ThemeTable } from '../../../engine/coherence/themeTable.ts';
import { ParallelTable } from '../../../engine/coherence/parallelTable.ts';
import { PROJECT_ROOT } from '../../../engine/projectRoot.ts';
import { InkverseError } from '../../../protocol/errors.ts';
import { thrown } from '../../helpers/thrown.ts';

const table = ThemeTable.forModel(path.join(PROJECT_ROOT, 'models', 'tang-poet-zh'))!;

describe('theme memory', () => {
  it('the seed prompt establishes autumn, by 秋 and by 黄叶; spring and autumn together establish nothing', () => {
    expect(establishedSeason(table, '秋风吹落满地黄叶，')).toBe('autumn');
    expect(establishedSeason(table, '满地黄叶')).toBe('autumn');
    expect(establishedSeason(table, '春花秋月')).toBeNull();
    expect(establishedSeason(table, '明月')).toBeNull();
  });

  it('a spring line contradicts an autumn verse; an autumn line or a seasonless one does not', () => {
    expect(contradictsSeason(table, 'autumn', '不知春色今年少')).toBe(true);
    expect(contradictsSeason(table, 'autumn', '杨柳青青江水平')).toBe(true);
    expect(contradictsSeason(table, 'autumn', '一江黄叶下寒城')).toBe(false);
    expect(contradictsSeason(table, 'autumn', '孤舟独钓寒江上')).toBe(false);
    expect(contradictsSeason(table, null, '不知春色今年少')).toBe(false);
  });

  it('has no table for an English model', () => {
    expect(ThemeTable.forModel(path.join(PROJECT_ROOT, 'models', 'verse-en'))).toBeNull();
  });

  it('refuses a malformed table file with a code and its path', () => {
    const err = thrown(() => ThemeTable.load(path.join(PROJECT_ROOT, 'models', 'tang-poet-zh', 'inkverse.json')));
    expect(err).toBeInstanceOf(InkverseError);
    expect((err as InkverseError).code).toBe('INKVERSE_E_MODEL_MALFORMED');
    expect((err as Error).message).toContain('inkverse.json');
  });
});

describe('coherence penalty of a drafted line', () => {
  const theme = '秋风吹落满地黄叶，';
  it('takes off the season penalty for spring in an autumn verse, nothing for a fresh autumn line', () => {
    expect(coherenceParts(table, '不知春色今年少', '', theme).season).toBe(COHERENCE_PENALTY.season);
    expect(coherenceParts(table, '寒蛩声里夜初长', '', theme)).toMatchObject({ season: 0, triple: 0, doubling: 0 });
    expect(coherencePenalty(table, '不知春色今年少', '', theme)).toBeGreaterThan(coherencePenalty(table, '不知春色今年少', '', ''));
  });

  it('counts a character brought to its third use (more for each use after), and a doubled line end', () => {
    expect(coherenceParts(table, '愁中不见故人愁', '江上愁云起，', '').triple).toBe(COHERENCE_PENALTY.triple);
    expect(coherenceParts(table, '愁中不见故人愁', '江上白云起，', '').triple).toBe(0);
    // 黄 a fourth and fifth time (the verse the seed prompt once gave: 草木秋来黄叶黄，黄犬不眠…): 2 + 3 times the third's cost.
    expect(coherenceParts(table, '黄犬黄梅', '秋风吹落满地黄叶，草木秋来黄叶黄。', '').triple).toBe(5 * COHERENCE_PENALTY.triple);
    expect(coherenceParts(table, '谁是少年年', '', '').doubling).toBe(COHERENCE_PENALTY.doubling);
    expect(coherenceParts(table, '谁是少年人', '', '').doubling).toBe(0);
  });

  it('takes off for stock phrases beyond the corpus rate', () => {
    // 君不见 and 知何处 are among the corpus's commonest trigrams.
    expect(table.stock.has('君不见')).toBe(true);
    expect(coherenceParts(table, '君不见人知何处', '', '').stock).toBeGreaterThan(0);
    expect(coherenceParts(table, '鸬鹚蹲石啄青苔', '', '').stock).toBe(0);
  });
});

describe('parallelism of a middle couplet (对仗)', () => {
  const parallel = ParallelTable.forModel(path.join(PROJECT_ROOT, 'models', 'tang-poet-zh'))!;

  it("Du Fu's orioles and egrets face each other slot by slot; an opening couplet does not", () => {
    // 两个黄鹂鸣翠柳，一行白鹭上青天: number faces number, colour colour, bird bird, verb verb.
    expect(parallel.share('两个黄鹂鸣翠柳', '一行白鹭上青天')).toBeGreaterThanOrEqual(5 / 7);
    expect(parallel.share('床前明月光', '疑是地上霜')).toBeLessThanOrEqual(1 / 5);
    expect(parallel.share('两个黄鹂鸣翠柳', '疑是地上霜')).toBe(0);
  });

  it('favours a parallel fourth line, not a second one', () => {
    const verse = '国破山河在，城春草木深。感时花溅泪，';
    expect(coherenceParts(table, '恨别鸟惊心', verse, '', parallel).parallel).toBeLessThan(0);
    expect(coherenceParts(table, '城春草木深', '国破山河在，', '', parallel).parallel).toBe(0);
  });
});
