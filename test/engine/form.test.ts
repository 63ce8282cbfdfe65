import { describe, expect, it } from 'vitest';
import { FormTracker, FormVocab, type FormRules } from '../../engine/form.ts';

const rules: FormRules = { lineLengths: [5, 7], lineEnds: ['，', '。'], maxLines: 4, minLines: 4 };
const texts = ['<eos>', '，', '。', '春', '风', 'a', '\n'];
const vocab = new FormVocab(texts, rules, [0]);
const allowedTexts = (t: FormTracker, lineLength = 0): string[] =>
  [...t.allowed(lineLength)].flatMap((v, i) => (v ? [texts[i]!] : []));

describe('FormTracker (Tang: 5 or 7 characters, couplets)', () => {
  it('lets only Han characters start a line, and never Latin letters or newlines', () => {
    expect(allowedTexts(new FormTracker(rules, vocab))).toEqual(['春', '风']);
  });

  it('first line may end at 5 or must end at 7, and later lines keep the chosen length', () => {
    const t = new FormTracker(rules, vocab, '春风春风');
    expect(allowedTexts(t)).toEqual(['春', '风']);
    t.accept('春');
    expect(allowedTexts(t)).toEqual(['，', '春', '风']);
    t.accept('风风');
    expect(allowedTexts(t)).toEqual(['，']);
    t.accept('，春风春风春风春');
    expect(allowedTexts(t)).toEqual(['。']);
  });

  it('alternates the line ends and ends the verse only after whole couplets and at most maxLines', () => {
    const t = new FormTracker(rules, vocab, '春风春风春，春风春风春。');
    expect(allowedTexts(t)).toEqual(['春', '风']);
    t.accept('春风春风春，春风春风春。');
    expect(t.done).toBe(true);
    expect(allowedTexts(t)).toEqual(['<eos>']);
  });

  it('the live line_length parameter fixes the length from the current line on', () => {
    const t = new FormTracker(rules, vocab, '春风春风春');
    expect(allowedTexts(t, 7)).toEqual(['春', '风']);
    expect(allowedTexts(t, 5)).toEqual(['，']);
  });
});
