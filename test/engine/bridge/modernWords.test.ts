/**
 * Any words (issue 16): a prompt is never refused only because part of it is unknown. Modern words become the
 * classical images of the hand-checked table (咖啡/coffee -> 茶, phone -> 书信, train -> 车马, city -> 长安), with the
 * English of the image so the kiosk can say what they became; a mixed English/emoji/Chinese prompt keeps what
 * places from every part; only a prompt where nothing places is refused. Real tables, the shipped Tang model's vocabulary.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../engine/projectRoot.ts';
import { LanguageBridge } from '../../../engine/bridge/languageBridge.ts';
import { MODERN } from '../../../engine/bridge/modernTable.ts';

const tokenizer = path.join(PROJECT_ROOT, 'models/tang-poet-zh/tokenizer.json');
const bridge = LanguageBridge.forModel(tokenizer);
const vocab = new Set(Object.keys((JSON.parse(readFileSync(tokenizer, 'utf8')) as { model: { vocab: Record<string, number> } }).model.vocab));

describe('modern words', () => {
  it('every image in the table is made of characters the model can write', () => {
    const unwritable = Object.entries(MODERN).filter(([, img]) => [...img.zh].some((c) => !vocab.has(c)));
    expect(unwritable).toEqual([]);
    expect(Object.keys(MODERN).length).toBeGreaterThan(100);
  });

  it('咖啡 and coffee become tea, 茶, and say so', () => {
    expect(bridge.place('咖啡')).toEqual({ ok: true, theme: '茶', language: 'zh', words: [{ from: '咖啡', to: '茶', image: 'tea' }] });
    expect(bridge.place('coffee')).toEqual({ ok: true, theme: '茶', language: 'en', words: [{ from: 'coffee', to: '茶', image: 'tea' }] });
  });

  it('my phone at midnight: a letter at midnight', () => {
    const placed = bridge.place('my phone at midnight');
    expect(placed).toMatchObject({ ok: true, theme: '书信夜半' });
    if (placed.ok) expect(placed.words).toContainEqual({ from: 'phone', to: '书信', image: 'a letter' });
  });

  it('a mixed English, emoji and Chinese prompt keeps what places from each part', () => {
    const placed = bridge.place('moonlight on the snow 🌙 咖啡');
    expect(placed.ok).toBe(true);
    if (!placed.ok) return;
    for (const c of ['月', '雪', '茶']) expect(placed.theme).toContain(c);
    expect([...placed.theme].every((c) => vocab.has(c))).toBe(true);
    // One image once, however many words ask for it.
    expect(bridge.place('late train 🚆 home')).toMatchObject({ ok: true, theme: '迟车马乡' });
    expect(bridge.place('the city at night')).toMatchObject({ ok: true, theme: '长安夜' });
    expect(bridge.place('我的手机')).toMatchObject({ ok: true, theme: '我的书信' });
  });

  it('an unknown word next to a known one is left out, not refused; nothing placed at all is refused', () => {
    expect(bridge.place('xyzzy river')).toMatchObject({ ok: true, theme: '江' });
    expect(bridge.place('xyzzy qwrtp')).toEqual({ ok: false, language: 'en', unplaced: ['xyzzy', 'qwrtp'] });
    expect(bridge.place('😀 咖喱')).toMatchObject({ ok: false });
  });
});
