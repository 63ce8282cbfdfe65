/**
 * @module ciRules: what a ci tune (词谱) asks of the next character, from the ci so far: the tone its pattern fixes at
 * that slot (平 level, 仄 oblique, 中 either), and at a rhyme place the rhyme of the first line of the same rhyme set,
 * without reusing its rhyme characters. Tunes that change rhyme (菩萨蛮) have several sets. Pure, like classicalRules.
 */
import type { CiTune } from '../versePlan.ts';
import type { Want } from './classicalRules.ts';
import type { ProsodyTable } from './prosodyTable.ts';

/** The want at the next position of a ci to `tune` with `lines` finished and `current` begun. */
export function wantCi(table: ProsodyTable, tune: CiTune, lines: readonly (readonly string[])[], current: readonly string[]): Want {
  const index = lines.length;
  const length = tune.lines[index];
  if (length === undefined) return {};
  const pos = current.length; // 0-based slot of the next character
  const slot = [...(tune.tones[index] ?? '')][pos];
  const want: Want = {};
  if (slot === '平') want.tone = 'level';
  else if (slot === '仄') want.tone = 'oblique';
  const set = tune.rhyme[index];
  if (pos === length - 1 && set) {
    want.rhyme = true;
    const earlier = lines.filter((_, i) => tune.rhyme[i] === set).map((l) => l.at(-1)!).filter(Boolean);
    if (earlier.length) {
      const groups = table.groupsOf(earlier[0]!);
      if (groups) want.groups = groups;
      want.avoid = earlier;
    }
  }
  return want;
}
