/**
 * @module tune corpus tests: `models:tune` reads an artist's poems (plain text blocks or JSON lines, real files) and
 * refuses an unusable file with its INKVERSE_E_TUNE_* code and a sentence naming what was wrong and what is allowed;
 * the poems are fitted to the shipped Tang model's real vocabulary (Traditional mapped to Simplified, lines with
 * characters it lacks left out and reported), and the poet's over-used characters are found against a reference.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../engine/projectRoot.ts';
import { seededRng } from '../../../engine/rng.ts';
import { checkArtistCorpus, parseArtistCorpus, readArtistCorpus, type ArtistPoem } from '../../../models/cli/tuneCorpus.ts';
import { fitPoems } from '../../../models/cli/tuneText.ts';
import { overusedRate, overusedUnits } from '../../../models/cli/overusedUnits.ts';
import { thrown } from '../../helpers/thrown.ts';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'inkverse-tune-corpus-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, text: string | Buffer): string {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
}

const poem = (i: number): string => `# 夜雨${i}\n君问归期未有期，巴山夜雨涨秋池。\n何当共剪西窗烛，却话巴山夜雨时。`;
const poems = (n: number): string => Array.from({ length: n }, (_, i) => poem(i)).join('\n\n');
const tangVocab = (): Set<string> => new Set(Object.keys((JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'models', 'tang-poet-zh', 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } }).model.vocab));

describe('reading an artist corpus', () => {
  it('plain text: blank-line-separated poems, an optional # title, Windows line ends and extra blank lines', () => {
    const text = '# 锦瑟\n锦瑟无端五十弦，一弦一柱思华年。\r\n\r\n\r\n  \n庄生晓梦迷蝴蝶，\n望帝春心托杜鹃。\n';
    expect(parseArtistCorpus(text, 'x.txt')).toEqual([
      { title: '锦瑟', lines: ['锦瑟无端五十弦，一弦一柱思华年。'] },
      { title: '', lines: ['庄生晓梦迷蝴蝶，', '望帝春心托杜鹃。'] },
    ]);
  });

  it('JSON lines of {title, text}: the title optional, blank lines skipped', () => {
    const text = '{"title":"无题","text":"相见时难别亦难，\\n东风无力百花残。"}\n\n{"text":"春蚕到死丝方尽，蜡炬成灰泪始干。"}\n';
    expect(parseArtistCorpus(text, 'x.jsonl')).toEqual([
      { title: '无题', lines: ['相见时难别亦难，', '东风无力百花残。'] },
      { title: '', lines: ['春蚕到死丝方尽，蜡炬成灰泪始干。'] },
    ]);
  });

  it('reads a real file with a byte-order mark', () => {
    expect(readArtistCorpus(file('bom.txt', `\uFEFF${poems(30)}`), { language: 'zh' })).toHaveLength(30);
  });

  it('refuses a JSON line that is not {title, text}, naming its line: INKVERSE_E_TUNE_CORPUS', () => {
    const err = thrown(() => parseArtistCorpus('{"text":"一，二。"}\n{"title": 3, "text": "x"}\n', 'mine.jsonl'));
    expect(err.code).toBe('INKVERSE_E_TUNE_CORPUS');
    expect(err.message).toBe('Line 2 of mine.jsonl is not a JSON object with a "text" string (and an optional "title" string). A JSON-lines corpus holds one {"title": "...", "text": "..."} per line.');
  });

  it('refuses a missing file and a file that is not UTF-8: INKVERSE_E_TUNE_CORPUS', () => {
    const missing = thrown(() => readArtistCorpus(path.join(tmp, 'nope.txt'), { language: 'zh' }));
    expect(missing.code).toBe('INKVERSE_E_TUNE_CORPUS');
    expect(missing.message).toContain('nope.txt does not exist');
    const latin1 = thrown(() => readArtistCorpus(file('gbk.txt', Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x0a])), { language: 'zh' }));
    expect(latin1.code).toBe('INKVERSE_E_TUNE_CORPUS');
    expect(latin1.message).toContain('is not UTF-8 text. Save it as UTF-8');
  });

  it('refuses an empty file: INKVERSE_E_TUNE_EMPTY', () => {
    for (const text of ['', '\n\n  \n', '# only a title\n']) {
      const err = thrown(() => readArtistCorpus(file('empty.txt', text), { language: 'zh' }));
      expect(err.code).toBe('INKVERSE_E_TUNE_EMPTY');
      expect(err.message).toMatch(/^empty\.txt holds no poem\. Write one poem per block of lines, with a blank line between poems/);
    }
  });

  it('refuses too few poems, saying how many it has and needs: INKVERSE_E_TUNE_TOO_FEW', () => {
    const err = thrown(() => readArtistCorpus(file('few.txt', poems(12)), { language: 'zh' }));
    expect(err.code).toBe('INKVERSE_E_TUNE_TOO_FEW');
    expect(err.message).toBe('few.txt holds 12 poems; a tune needs at least 30 (100 to 1,000 give a voice worth hearing), since a tenth is held out to measure it.');
    expect(() => readArtistCorpus(file('enough.txt', poems(30)), { language: 'zh' })).not.toThrow();
  });

  it('refuses poems in the wrong script for the base model, naming the model to use: INKVERSE_E_TUNE_SCRIPT', () => {
    const english: ArtistPoem[] = Array.from({ length: 40 }, () => ({ title: 'Rain', lines: ['The night rain fills the autumn pools', 'when shall we trim the candle'] }));
    const zh = thrown(() => checkArtistCorpus(english, 'rain.txt', { language: 'zh' }));
    expect(zh.code).toBe('INKVERSE_E_TUNE_SCRIPT');
    expect(zh.message).toBe("rain.txt is not written in the base model's script: 0% of its letters are Chinese (Han characters), and at least 80% must be. Tune a base model of your poems' language (--from verse-en for English poems).");
    const en = thrown(() => checkArtistCorpus(parseArtistCorpus(poems(40), 'x'), 'ye.txt', { language: 'en' }));
    expect(en.code).toBe('INKVERSE_E_TUNE_SCRIPT');
    expect(en.message).toContain('--from tang-poet-zh for Chinese poems');
    // The script is checked before the count: a short file in the wrong script is told about its script.
    expect(thrown(() => checkArtistCorpus(english.slice(0, 3), 'rain.txt', { language: 'zh' })).code).toBe('INKVERSE_E_TUNE_SCRIPT');
  });
});

describe('fitting poems to the Tang model (its real vocabulary)', () => {
  const vocab = tangVocab();

  it('writes each poem as one run with its marks, closing unmarked lines with ，/。, titles on 70% of samples', () => {
    const { poems: fitted, report } = fitPoems([{ title: '夜雨寄北', lines: ['君问归期未有期', '巴山夜雨涨秋池', '何当共剪西窗烛', '却话巴山夜雨时'] }], vocab, 'zh', seededRng(1));
    expect(fitted[0]!.body).toBe('君问归期未有期，巴山夜雨涨秋池。何当共剪西窗烛，却话巴山夜雨时。');
    expect(fitted[0]!.lines).toEqual(['君问归期未有期', '巴山夜雨涨秋池', '何当共剪西窗烛', '却话巴山夜雨时']);
    expect([fitted[0]!.body, `夜雨寄北\n${fitted[0]!.body}`]).toContain(fitted[0]!.sample);
    expect(report).toMatchObject({ poemsRead: 1, poemsKept: 1, linesDropped: 0, characters: 32, mapped: [], missing: [] });
  });

  it('maps Traditional characters to the Simplified ones the model knows, and ASCII marks to its marks', () => {
    const { poems: fitted, report } = fitPoems([{ title: '', lines: ['錦瑟無端五十弦,一弦一柱思華年.'] }], vocab, 'zh', seededRng(1));
    expect(fitted[0]!.body).toBe('锦瑟无端五十弦，一弦一柱思华年。');
    expect(report.mapped).toEqual(expect.arrayContaining([{ from: '錦', to: '锦', count: 1 }, { from: '無', to: '无', count: 1 }, { from: '華', to: '华', count: 1 }]));
  });

  it('leaves out a line holding a character the vocabulary lacks, keeps the rest, and reports the character', () => {
    const lacking = '𠀋'; // a CJK Extension B character no Tang poem in the corpus uses
    expect(vocab.has(lacking)).toBe(false);
    const { poems: fitted, report } = fitPoems([
      { title: '', lines: [`君问归期未有${lacking}，巴山夜雨涨秋池。`, '何当共剪西窗烛，却话巴山夜雨时。'] },
      { title: '', lines: [`${lacking}${lacking}${lacking}${lacking}${lacking}，巴山夜雨涨秋池。`] },
    ], vocab, 'zh', seededRng(1));
    expect(fitted.map((p) => p.body)).toEqual(['巴山夜雨涨秋池。何当共剪西窗烛，却话巴山夜雨时。']);
    expect(report).toMatchObject({ poemsRead: 2, poemsKept: 1, linesDropped: 2, missing: [{ char: lacking, count: 6 }] });
  });
});

describe("the poet's over-used characters", () => {
  it('are those used at least twice as often as in the reference, 8+ times; their rate in verses counts Han characters only', () => {
    const poet = ['蝶蝶蝶蝶蝶蝶蝶蝶烛烛烛烛烛烛烛烛山山山山山山山山', '月月月月'];
    const reference = ['山山山山山山山山山山月月月月月月月月月月蝶烛水水水水'];
    const units = overusedUnits(poet, reference, { language: 'zh' });
    expect(units.map((u) => u.unit).sort()).toEqual(['烛', '蝶']);
    expect(units[0]!.ratio).toBeGreaterThan(2);
    expect(overusedRate(['蝶舞，山高。', '月明。'], units, 'zh')).toEqual({ rate: 1 / 6, units: 6, hits: 1 });
  });

  it('English: words, lowercased', () => {
    const units = overusedUnits(['The moth the moth the moth the moth the moth the moth the moth the moth'], ['the sea the sea the sea the wind the night'], { language: 'en' });
    expect(units.map((u) => u.unit)).toEqual(['moth']);
    expect(overusedRate(['A Moth, a star'], units, 'en').hits).toBe(1);
  });
});
