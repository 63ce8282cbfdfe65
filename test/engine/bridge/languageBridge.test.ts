/**
 * The language bridge and pinyin input on their own, with the shipped tables and the Tang model's characters:
 * English, French, German, emoji and pinyin become a Chinese theme; Chinese passes through without characters
 * the model does not know; what cannot be placed is reported, never turned into `<unk>`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../engine/projectRoot.ts';
import { LanguageBridge, lemmas } from '../../../engine/bridge/languageBridge.ts';
import { createVisitorHooks } from '../../../engine/visitor/visitorHooks.ts';
import { thrown } from '../../helpers/thrown.ts';

const bridge = LanguageBridge.forModel(path.join(PROJECT_ROOT, 'models/tang-poet-zh/tokenizer.json'));
const theme = (p: string): string | null => {
  const r = bridge.place(p);
  return r.ok ? r.theme : null;
};

describe('LanguageBridge', () => {
  it('turns English into a theme, place words after their place, and says which word became what', () => {
    expect(bridge.place('autumn wind over the river')).toEqual({
      ok: true,
      theme: '秋风江上',
      language: 'en',
      words: [
        { from: 'autumn', to: '秋' },
        { from: 'wind', to: '风' },
        { from: 'river', to: '江上' },
      ],
    });
    expect(theme('I miss my mother')).toBe('思母');
    expect(theme('Falling LEAVES')).toBe('秋叶');
    expect(theme('a cat')).toBe('猫');
  });

  it('reads other languages, emoji and pinyin', () => {
    expect(theme('la lune et le vent')).toBe('月风');
    expect(theme('Herbst')).toBe('秋');
    expect(theme('🌙🌊')).toBe('月海');
    expect(bridge.place('qiufeng')).toMatchObject({ ok: true, theme: '秋风', language: 'pinyin' });
    expect(bridge.place('ming yue')).toMatchObject({ ok: true, theme: '明月', language: 'pinyin' });
  });

  it('keeps Chinese, dropping only characters the model does not know', () => {
    expect(bridge.place('秋风吹落满地黄叶')).toEqual({ ok: true, theme: '秋风吹落满地黄叶', language: 'zh', words: [] });
    expect(bridge.place('秋风㐀吹落')).toEqual({ ok: true, theme: '秋风吹落', language: 'zh', words: [{ from: '秋风㐀吹落', to: '秋风吹落' }] });
    expect(theme('月')).toBe('月');
    expect(theme('秋😀风')).toBe('秋风');
  });

  it('reports what it cannot place instead of passing it on', () => {
    expect(bridge.place('xyzzy qwrtp')).toEqual({ ok: false, language: 'en', unplaced: ['xyzzy', 'qwrtp'] });
    expect(bridge.place('the of and')).toEqual({ ok: false, language: 'en', unplaced: ['the of and'] });
    expect(bridge.place('😀')).toEqual({ ok: false, language: 'other', unplaced: ['😀'] });
  });

  it('a visitor prompt it cannot place is refused with INKVERSE_E_PROMPT_UNPLACED, naming the words; a performer\'s is not', () => {
    const hooks = createVisitorHooks({ bridge });
    const refusal = thrown(() => hooks.checkPrompt('xyzzy qwrtp', 'visitor'));
    expect(refusal.code).toBe('INKVERSE_E_PROMPT_UNPLACED');
    expect(refusal.message).toContain('"xyzzy qwrtp"');
    expect(refusal.message).toMatch(/qiufeng/);
    expect(hooks.checkPrompt('xyzzy qwrtp', 'performer')).toBe('xyzzy qwrtp');
    expect(hooks.checkPrompt('autumn wind', 'visitor')).toBe('autumn wind');
  });

  it('finds dictionary forms of English words', () => {
    expect(lemmas('rivers')).toContain('river');
    expect(lemmas('flies')).toContain('fly');
    expect(lemmas('falling')).toContain('fall');
    expect(lemmas('dreamed')).toContain('dream');
  });
});

describe('PinyinInput', () => {
  it('offers 秋风 for qiufeng first, then the characters of its first syllable', () => {
    const c = bridge.pinyin.candidates('qiufeng');
    expect(c[0]).toEqual({ text: '秋风', consumed: 7 });
    expect(c).toContainEqual({ text: '秋', consumed: 3 });
  });

  it('completes a half-typed syllable and splits run-on pinyin', () => {
    expect(bridge.pinyin.candidates('qiufe').map((c) => c.text)).toContain('秋风');
    expect(bridge.pinyin.syllables('mingyueguang')).toEqual(['ming', 'yue', 'guang']);
    expect(bridge.pinyin.syllables('xyz')).toBeNull();
    expect(bridge.pinyin.candidates('')).toEqual([]);
    expect(bridge.pinyin.candidates('lü').map((c) => c.text)).toContain('绿');
  });
});
