/**
 * @module test/engine/originality/corpusIndex
 * The shipped corpus-line indexes find real corpus lines and not invented ones, and the
 * TypeScript normalisation + hash agree with the Python writer (models/train/corpus_index.py).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as OpenCC from 'opencc-js';
import { CorpusIndex, fnv1a32, normalizeLine } from '../../../engine/originality/corpusIndex.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PY = '/usr/bin/python3';
const tangIndex = path.join(root, 'models', 'tang-poet-zh', 'corpus-lines.u32');
const enIndex = path.join(root, 'models', 'verse-en', 'corpus-lines.u32');

/** Lines of the first Tang poems that prepare_tang.mjs keeps unchanged (all 5 or all 7 Han characters). */
function realTangLines(limit: number): string[] {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('chinese-poetry/package.json')), 'dist', 'quantangshi');
  const poems = JSON.parse(readFileSync(path.join(dir, 'poet.tang.0.json'), 'utf8')) as { paragraphs: string[] }[];
  const toSimplified: (s: string) => string = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const out: string[] = [];
  for (const p of poems) {
    const text: string = toSimplified(p.paragraphs.join(''));
    if (!/^[\p{Script=Han}，。！？；]+$/u.test(text)) continue;
    const lines = text.split(/[，。！？；]/u).filter((l) => l.length > 0);
    const len = [...lines[0]!].length;
    if ((len !== 5 && len !== 7) || !lines.every((l) => [...l].length === len)) continue;
    out.push(...lines);
    if (out.length >= limit) break;
  }
  return out;
}

describe('CorpusIndex (tang-poet-zh)', () => {
  const index = CorpusIndex.load(tangIndex, 'zh');

  it('is a sorted, de-duplicated uint32 array', () => {
    const buf = readFileSync(tangIndex);
    expect(buf.byteLength % 4).toBe(0);
    expect(index.size).toBe(buf.byteLength / 4);
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let unsorted = 0;
    for (let i = 1; i < index.size; i++) if (view.getUint32(i * 4, true) <= view.getUint32((i - 1) * 4, true)) unsorted++;
    expect(unsorted).toBe(0);
  });

  it('finds real corpus lines, with or without their punctuation', () => {
    const lines = realTangLines(300);
    expect(lines.length).toBeGreaterThan(200);
    const missing = lines.filter((l) => !index.has(l));
    expect(missing).toEqual([]);
    expect(index.has('秦川雄帝宅，')).toBe(true);
    expect(index.has(' 秦川雄帝宅 ')).toBe(true);
  });

  it('does not find invented lines, and ignores lines under 5 characters', () => {
    for (const l of ['电脑手机互联网', '机器人写诗歌，', '秋风吹落满地黄叶', '量子计算花开', '绿色地铁站台边']) expect(index.has(l)).toBe(false);
    expect(index.has('秦川')).toBe(false);
  });
});

describe('normalisation matches the Python writer', () => {
  const samples = [
    'Hello, World!  It’s “quoted” — yes…',
    'Ｆｕｌｌ　ｗｉｄｔｈ，ＡＢＣ！',
    'Cafe\u0301 au lait; ÉTÉ',
    'ΟΔΟΣ and İstanbul',
    'tab\there\u00a0nbsp\u3000ideo\u2028sep\u0085nel\u001ffs',
    '秋风吹落满地黄叶，',
    '「床前明月光」、疑是地上霜。',
    'zero\u200bwidth\ufeffbom',
  ];
  // Python 3 is part of every machine this project builds on (the training scripts need it); no skip without it.
  it.each(['en', 'zh'] as const)('agrees for %s', (lang) => {
    const out = execFileSync(PY, [path.join(root, 'models', 'train', 'corpus_index.py'), '--normalize', lang], {
      input: JSON.stringify(samples),
      encoding: 'utf8',
    });
    const py = JSON.parse(out) as [string, number][];
    expect(py.map(([n]) => n)).toEqual(samples.map((s) => normalizeLine(s, lang)));
    expect(py.map(([, h]) => h)).toEqual(samples.map((s) => fnv1a32(normalizeLine(s, lang))));
  });

  it('hashes like the reference FNV-1a 32', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('CorpusIndex (verse-en), from the index shipped in models/verse-en', () => {
  it('finds GCIDE verse lines regardless of case and punctuation, not invented ones', () => {
    const index = CorpusIndex.load(enIndex, 'en');
    // Milton and Spenser as quoted in Webster's 1913 (GCIDE).
    expect(index.has('In all her gates, Abaddon rues')).toBe(true);
    expect(index.has('THY BOLD ATTEMPT')).toBe(true);
    expect(index.has('And with thy blood abolish so reproachful blot.')).toBe(true);
    expect(index.has('The laptop hums beneath the neon moon')).toBe(false);
    expect(index.has('Thy bold')).toBe(false);
  });
});
