/**
 * @module test/engine/promptModes: prompt modes chosen from a prompt's shape, and what each makes of the prompt for
 * the shipped Tang model's vocabulary (unknown characters reported and kept out of its input) and for English.
 */
import { describe, expect, it } from 'vitest';
import { choosePromptMode, knownCharacters, planPrompt } from '../../engine/promptModes.ts';
import { registry } from '../helpers/realModel.ts';

const tang = registry.get('tang-poet-zh');
const en = registry.get('verse-en');
/** A Han character no poem has (U+9FCF, a modern element name): certainly not in any poetry vocabulary. */
const UNKNOWN = '鿏';

describe('choosing a mode from the prompt’s shape', () => {
  it.each([
    ['秋风吹落满地黄叶，', 'opening'],
    ['白日依山尽', 'opening'],
    ['白日依山尽，黄河入海流。', 'opening'],
    ['独在异乡为异客', 'opening'],
    ['明月', 'title'],
    ['秋风吹落满地黄叶', 'title'],
    ['春江花月', 'title'],
    ['酒 月 故人', 'keywords'],
    ['明月、乡愁', 'keywords'],
    ['藏头：春江花月', 'acrostic'],
    ['autumn', 'title'],
  ])('%s -> %s', (prompt, mode) => {
    expect(choosePromptMode(prompt)).toBe(mode);
  });
});

describe('planning a verse for the Tang model', () => {
  it('opening: the visitor’s words begin the verse as written, closed with a line mark, and nothing goes to a title', () => {
    expect(planPrompt('秋风吹落满地黄叶，', tang)).toMatchObject({ mode: 'opening', input: '', opening: '秋风吹落满地黄叶，', plan: {} });
    expect(planPrompt('白日依山尽', tang).opening).toBe('白日依山尽，');
    expect(planPrompt('白日依山尽，黄河入海流', tang).opening).toBe('白日依山尽，黄河入海流。');
  });

  it('acrostic: each line starts with the next character, four lines for four characters', () => {
    const p = planPrompt('春江花月', tang, 'acrostic');
    expect(p).toMatchObject({ mode: 'acrostic', input: '春江花月\n', plan: { lineStarts: ['春', '江', '花', '月'], lines: 4 } });
    expect(planPrompt('藏头：春江花月夜', tang).plan).toMatchObject({ lines: 8 });
  });

  it('keywords and titles: the prompt’s characters are favoured, strongly for keywords', () => {
    const k = planPrompt('酒 月 故人', tang);
    expect(k).toMatchObject({ mode: 'keywords', input: '酒月故人\n', keywords: '酒月故人' });
    const t = planPrompt('明月', tang);
    expect(t).toMatchObject({ mode: 'title', input: '明月\n', keywords: '明月' });
    expect(k.plan.keywordWeight!).toBeGreaterThan(t.plan.keywordWeight!);
  });

  it('a character the model does not know is reported and left out of its input, never sent as <unk>', () => {
    expect(knownCharacters(tang.dir)!.has(UNKNOWN)).toBe(false);
    const p = planPrompt(`明${UNKNOWN}月`, tang);
    expect(p.unknown).toEqual([UNKNOWN]);
    expect(p.input).toBe('明月\n');
    const a = planPrompt(`春${UNKNOWN}`, tang, 'acrostic');
    expect(a.plan.lineStarts).toEqual(['春', '']);
  });
});

describe('planning a verse for the English model', () => {
  it('continues the prompt, joined by a space (an open phrase) or a newline (a finished line)', () => {
    expect(planPrompt('The sea', en)).toMatchObject({ mode: 'free', input: '', opening: 'The sea ' });
    expect(planPrompt('The sea is calm tonight.', en).opening).toBe('The sea is calm tonight.\n');
    expect(planPrompt('🌙', en).opening).toBe('🌙 ');
  });
});
