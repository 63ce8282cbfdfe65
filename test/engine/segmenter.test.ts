import { describe, expect, it } from 'vitest';
import { countLineBreaks, Segmenter } from '../../engine/segmenter.ts';

describe('Segmenter', () => {
  it('gives each token its line and announces CJK lines with their closing mark', () => {
    const s = new Segmenter(['，', '。']);
    const out = [...'春眠不觉晓，处处闻啼鸟。'].map((ch) => s.push(ch));
    expect(out[0]!.token.line).toBe(0);
    expect(out[5]!.token.line).toBe(0);
    expect(out[5]!.finished).toEqual([{ index: 0, stanza: 0, text: '春眠不觉晓，' }]);
    expect(out[6]!.token.line).toBe(1);
    expect(s.lines.map((l) => l.text)).toEqual(['春眠不觉晓，', '处处闻啼鸟。']);
  });

  it('splits English on newlines, skips blank stanza lines and flushes the last line', () => {
    const s = new Segmenter(['\n']);
    for (const t of ['The sea', ' is calm\n', '\n', 'to', 'night']) s.push(t);
    expect(s.flush()).toEqual([{ index: 1, stanza: 1, text: 'tonight' }]);
    expect(s.lines.map((l) => l.text)).toEqual(['The sea is calm', 'tonight']);
  });

  it('handles a token that closes several lines at once', () => {
    const s = new Segmenter(['\n']);
    const { finished } = s.push('one\ntwo\nthr');
    expect(finished.map((l) => l.text)).toEqual(['one', 'two']);
    expect(s.current).toBe('thr');
  });
});

describe('countLineBreaks', () => {
  it('counts the lines a text ends by the model\'s own breaks, and nothing else', () => {
    expect(countLineBreaks('白日依山尽，黄河入海流。', ['，', '。', '！', '？', '；'])).toBe(2);
    expect(countLineBreaks('白日依山尽，黄河入海流', ['，', '。'])).toBe(1);
    // An English model's only break is the newline: commas and full stops inside lines are not line ends.
    expect(countLineBreaks('the sea, at night.\nand all the wide sea\n', ['\n'])).toBe(2);
    expect(countLineBreaks('no line ended yet', ['\n'])).toBe(0);
  });
});
