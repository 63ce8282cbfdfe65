/**
 * @module test/engine/prosody: the shipped classical prosody table, the regulated-verse rules built on it, the
 * nudges form.ts gives the sampler, and the modern and English yardsticks the eval measures with. No model.
 */
import { describe, expect, it } from 'vitest';
import { FormTracker, FormVocab, type FormRules } from '../../../engine/form.ts';
import { wantNext } from '../../../engine/prosody/classicalRules.ts';
import { iambicShare, linesRhyme, wordShare } from '../../../engine/prosody/englishMetre.ts';
import { modernRhymeClass, modernTone } from '../../../engine/prosody/modernFinals.ts';
import { readProsodyProfile } from '../../../engine/prosody/prosodyProfile.ts';
import { ProsodyTable } from '../../../engine/prosody/prosodyTable.ts';
import { ProsodyVocab } from '../../../engine/prosody/prosodyVocab.ts';
import { seededRng } from '../../../engine/rng.ts';
import { sampleToken } from '../../../engine/sampler.ts';
import { registry } from '../../helpers/realModel.ts';

const profile = readProsodyProfile(registry.get('tang-poet-zh').dir)!;
const table = ProsodyTable.load(profile.tableFile!);
const rules: FormRules = { lineLengths: [5, 7], lineEnds: ['，', '。'], maxLines: 8, completeLines: profile.completeLines! };
// A small vocabulary: end of text, the line marks, level and oblique characters in and out of the 家 rhyme group.
const texts = ['<eos>', '，', '。', '家', '花', '斜', '明', '月', '白', '国', '山', '春', '江', '水', '<unk>'];
const vocab = new FormVocab(texts, rules, [0], new ProsodyVocab(texts, table));
const id = (t: string): number => texts.indexOf(t);

describe('the classical prosody table built from the corpus', () => {
  it('is declared by the Tang model’s verse profile: its table, and complete forms of 4 or 8 lines', () => {
    expect(profile).toMatchObject({ kind: 'classical-zh', table: 'zh-classical', completeLines: [4, 8] });
  });

  it('knows the entering tone: 白, 国, 月 are oblique although modern Mandarin reads 白 and 国 level', () => {
    for (const ch of '白国月') expect(table.toneOf(ch)).toBe('oblique');
    for (const ch of '东风明山江') expect(table.toneOf(ch)).toBe('level');
    expect(modernTone('白')).toBe('level');
  });

  it('groups characters that rhyme in regulated verse: 家 花 斜 together (斜 as Tang poets rhymed it), 明 apart', () => {
    expect(table.rhymes('家', '花')).toBe(true);
    expect(table.rhymes('家', '斜')).toBe(true);
    expect(table.rhymes('家', '明')).toBe(false);
    expect(modernRhymeClass('斜', 'loose')).not.toBe(modernRhymeClass('家', 'loose'));
  });
});

describe('regulated-verse rules', () => {
  const lines = [[...'春江潮水连'], [...'海上明月家']];
  it('position 2 opposes the line before within a couplet and follows it across couplets; 4 opposes 2', () => {
    // 江 (level) sets the pattern: line 2 wants oblique at position 2, line 3 the same (粘), line 4 level.
    expect(wantNext(table, { lines: lines.slice(0, 1), current: ['海'], length: 5 })).toEqual({ tone: 'oblique' });
    expect(wantNext(table, { lines, current: ['白'], length: 5 })).toEqual({ tone: 'oblique' });
    expect(wantNext(table, { lines: [...lines, [...'白日依山尽']], current: ['春'], length: 5 })).toEqual({ tone: 'level' });
    expect(wantNext(table, { lines, current: [...'白日依'], length: 5 })).toEqual({ tone: 'level' }); // 日 is oblique
  });

  it('even lines end on a level tone in line 2’s rhyme group without reusing a rhyme; later odd lines end oblique', () => {
    const want = wantNext(table, { lines: [...lines, [...'白日依山尽']], current: [...'春江花水'], length: 5 });
    expect(want).toMatchObject({ tone: 'level', rhyme: true, avoid: ['家'] });
    expect(want.groups! & table.groupsOf('花')).not.toBe(0);
    expect(wantNext(table, { lines, current: [...'白日依山'], length: 5 })).toEqual({ tone: 'oblique' });
  });
});

/**
 * The nudges in logits, as the README states them (not read from engine/form.ts, so a wrong constant fails):
 * an oblique character at a rhyme slot loses 6 (about 400 times less likely), one outside line 2's rhyme
 * group (or repeating its rhyme) loses 8 (about 3,000 times).
 */
const RHYME_TONE_NUDGE = 6;
const RHYME_GROUP_NUDGE = 8;

describe('FormTracker nudges and ends', () => {
  const line2End = (): FormTracker => new FormTracker(rules, vocab, '春江花月山，白江花月');
  it('at a rhyme slot, oblique characters lose the rhyme-tone weight; at strength 0 nothing is nudged', () => {
    const bias = line2End().bias(1)!;
    expect(bias[id('白')]).toBeCloseTo(-RHYME_TONE_NUDGE);
    expect(bias[id('花')]).toBe(0);
    expect(bias[id('，')]).toBe(0);
    expect(line2End().bias(0)).toBeNull();
    expect(line2End().bias(0.5)![id('白')]).toBeCloseTo(-RHYME_TONE_NUDGE / 2);
  });

  it('at line 4’s rhyme slot, characters outside line 2’s group (and line 2’s own rhyme) are pushed away', () => {
    const t = new FormTracker(rules, vocab, '春江花月山，白江花月家。春江花月白，白江花月');
    const bias = t.bias(1)!;
    expect(bias[id('花')]).toBe(0);
    expect(bias[id('斜')]).toBe(0);
    expect(bias[id('山')]).toBeCloseTo(-RHYME_GROUP_NUDGE);
    expect(bias[id('家')]).toBeCloseTo(-RHYME_GROUP_NUDGE);
  });

  it('the sampler never takes a token the nudge pushes far below the rest', () => {
    const logits = new Float32Array(texts.length).fill(-50);
    logits[id('白')] = 2;
    logits[id('花')] = 1;
    const rng = seededRng(1);
    const t = line2End();
    const allowed = t.allowed(0);
    const bias = t.bias(1);
    for (let i = 0; i < 50; i++) expect(sampleToken(logits, { temperature: 0.75, top_k: 40, top_p: 1, repetition_penalty: 1 }, rng, { allowed, bias }).token).toBe(id('花'));
  });

  it('ends only at a complete form: after 4 lines or 8, not 6', () => {
    const q = '春江花月山，白江花月家。';
    const eosAllowed = (prefix: string): boolean => new FormTracker(rules, vocab, prefix).allowed(0)[0] === 1;
    expect(eosAllowed(q)).toBe(false);
    expect(eosAllowed(q + q)).toBe(true);
    expect(eosAllowed(q + q + q)).toBe(false);
    expect(eosAllowed(q + q + q + q)).toBe(true);
  });

  it('an acrostic plan fixes each line’s first character, and its line count', () => {
    const plan = { lineStarts: ['春', '江', '花', '月'], lines: 4 };
    const t = new FormTracker(rules, vocab, '', plan);
    expect([...t.allowed(0)].flatMap((v, i) => (v ? [texts[i]] : []))).toEqual(['春']);
    t.accept('春江花月山，');
    expect([...t.allowed(0)].flatMap((v, i) => (v ? [texts[i]] : []))).toEqual(['江']);
    t.accept('江山花月家。花江花月山，月江花月家。');
    expect(t.done).toBe(true);
  });

  it('a first line of another length (a visitor’s 8 characters) keeps the nearest form, 7', () => {
    const t = new FormTracker(rules, vocab, '春江花月山水白国，');
    t.accept('春江花月山水');
    expect(t.allowed(0)[id('。')]).toBe(0);
    t.accept('白');
    expect(t.allowed(0)[id('。')]).toBe(1);
  });

  it('keywords not yet in the verse are favoured', () => {
    const t = new FormTracker(rules, vocab, '', { keywords: '江月', keywordWeight: 2 });
    expect(t.bias(0)![id('江')]).toBe(2);
    t.accept('江');
    expect(t.bias(0)![id('江')]).toBe(0);
  });
});

describe('English metre and rhyme (CMU dictionary)', () => {
  it('finds iambic lines, rhymes and words', () => {
    expect(iambicShare('The curfew tolls the knell of parting day')).toBeGreaterThan(0.8);
    expect(iambicShare('Merrily merrily shall I live now')!).toBeLessThan(0.6);
    expect(linesRhyme('The curfew tolls the knell of parting day', 'The lowing herd winds slowly o’er the lea')).toBe(false);
    expect(linesRhyme('And leaves the world to darkness and to me', 'The lowing herd winds slowly o’er the lea')).toBe(true);
    expect(wordShare('the sea confestion hiddening')).toBe(0.5);
  });
});
