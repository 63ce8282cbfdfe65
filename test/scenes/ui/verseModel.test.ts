/**
 * The verse model shared by the kiosk, display and console pages, without a browser: duplicates are
 * dropped by seq, holes are reported once (the page then sends `state:resume`), and a late snapshot
 * merges with what was already on screen.
 */
import { describe, expect, it } from 'vitest';
import type { VerseSnapshot, VerseStart, VerseToken } from '../../../protocol/events.ts';
import { VerseModel } from '../../../scenes/ui/verseModel.ts';

const start: VerseStart = { id: 'v1', prompt: '春', source: 'visitor', model: 'tang-poet-zh' };
const tok = (seq: number, text: string, line: number, id = 'v1'): VerseToken => ({ id, seq, text, line });

/** 春眠不觉晓， / 处处闻啼鸟。 as tokens. */
const TOKENS = [...'春眠不觉晓，处处闻啼鸟。'].map((ch, i) => tok(i, ch, i < 6 ? 0 : 1));

describe('VerseModel', () => {
  it('builds lines from tokens, and prefers the announced line once it arrives', () => {
    const m = new VerseModel();
    m.begin(start);
    for (const t of TOKENS.slice(0, 8)) m.token(t);
    expect(m.lines().map((l) => [l.text, l.finished])).toEqual([['春眠不觉晓，', false], ['处处', false]]);
    m.line({ id: 'v1', index: 0, text: '春眠不觉晓，', copied: true });
    expect(m.lines()[0]).toMatchObject({ text: '春眠不觉晓，', finished: true, copied: true });
  });

  it('drops tokens heard twice, and tokens of other verses', () => {
    let changes = 0;
    const m = new VerseModel({ change: () => changes++ });
    m.begin(start);
    expect(m.token(TOKENS[0]!)).toBe(true);
    expect(m.token(TOKENS[0]!)).toBe(false);
    expect(m.token(tok(1, 'x', 0, 'other'))).toBe(false);
    expect(m.lines().map((l) => l.text)).toEqual(['春']);
    expect(changes).toBe(2);
  });

  it('reports a hole once, with the first missing seq, and fills it from a resume snapshot', () => {
    const gaps: Array<[string, number]> = [];
    const m = new VerseModel({ gap: (id, from) => gaps.push([id, from]) });
    m.begin(start);
    m.token(TOKENS[0]!);
    m.token(TOKENS[1]!);
    m.token(TOKENS[4]!);
    m.token(TOKENS[5]!);
    expect(gaps).toEqual([['v1', 2]]);
    expect(m.nextSeq).toBe(2);
    const resume: VerseSnapshot = { start, tokens: TOKENS.slice(2, 7), lines: [], text: '' };
    m.applySnapshot(resume);
    expect(m.nextSeq).toBe(7);
    expect(m.lines().map((l) => l.text)).toEqual(['春眠不觉晓，', '处']);
  });

  it('asks for the whole verse when a token of an unseen verse arrives', () => {
    const gaps: Array<[string, number]> = [];
    const m = new VerseModel({ gap: (id, from) => gaps.push([id, from]) });
    m.token(tok(3, '鸟', 0, 'v9'));
    m.token(tok(4, '。', 0, 'v9'));
    expect(gaps).toEqual([['v9', 0]]);
  });

  it('a snapshot of a new verse replaces the old one; an empty snapshot keeps the last verse on screen', () => {
    const m = new VerseModel();
    m.begin(start);
    for (const t of TOKENS) m.token(t);
    m.finish({ id: 'v1', text: '春眠不觉晓，处处闻啼鸟。', reason: 'done' });
    m.applySnapshot(null);
    expect(m.id).toBe('v1');
    expect(m.end?.reason).toBe('done');
    m.applySnapshot({ start: { ...start, id: 'v2' }, tokens: [tok(0, '夜', 0, 'v2')], lines: [], text: '夜' });
    expect(m.id).toBe('v2');
    expect(m.end).toBeNull();
    expect(m.lines().map((l) => l.text)).toEqual(['夜']);
  });

  it('ignores tokens after the verse ended (late duplicates)', () => {
    const m = new VerseModel();
    m.begin(start);
    m.token(TOKENS[0]!);
    m.finish({ id: 'v1', text: '春', reason: 'skipped' });
    expect(m.token(TOKENS[1]!)).toBe(false);
    expect(m.lines().map((l) => l.text)).toEqual(['春']);
  });
});
