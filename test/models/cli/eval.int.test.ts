/**
 * @module test/models/eval
 * `evaluateModel` on the shipped Tang model (5 verses per run, two held-out windows) gives sane figures and
 * a pasteable Markdown block; the verse figures and the held-out look-up are checked on their own, model-free.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusIndex } from '../../../engine/originality/corpusIndex.ts';
import { evalMarkdown } from '../../../models/cli/evalMarkdown.ts';
import { evaluateModel, type EvalReport } from '../../../models/cli/evaluate.ts';
import { findHeldout, readHeldout } from '../../../models/cli/heldout.ts';
import { copiedLines, formFigures, verseLines } from '../../../models/cli/verseStats.ts';
import { attestedNgrams, coupletOpposition, evenRhyme, modernRhyme, relevance, repetition, toneAlternation } from '../../../models/cli/craftStats.ts';
import { NgramIndex } from '../../../models/cli/ngramIndex.ts';
import { modernTone } from '../../../engine/prosody/modernFinals.ts';

const TANG_BREAKS = ['，', '。', '！', '？', '；'];
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'inkverse-eval-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('verse figures (no model)', () => {
  it('joins the prompt’s open line to the body, and leaves out a line cut off at max_tokens', () => {
    expect(verseLines({ input: 'The sea', body: ' is calm tonight\nThe tide is full', truncated: false }, ['\n'])).toEqual(['The sea is calm tonight', 'The tide is full']);
    expect(verseLines({ input: 'The sea', body: ' is calm tonight\nThe tide is', truncated: true }, ['\n'])).toEqual(['The sea is calm tonight']);
    expect(verseLines({ input: '明月\n', body: '床前明月光，疑是地上霜。举头', truncated: true }, TANG_BREAKS)).toEqual(['床前明月光', '疑是地上霜']);
    expect(verseLines({ input: '秋风吹落满地黄叶，', body: '一片红衣一花上。', truncated: false }, TANG_BREAKS)).toEqual(['一片红衣一花上']);
  });

  it('counts allowed line lengths, one-length poems and copied lines', () => {
    const poems = [['床前明月光', '疑是地上霜'], ['一片红衣一花上', '春风'], ['孤帆']];
    const f = formFigures(poems, [5, 7]);
    expect(f.allowedLength).toEqual({ count: 3, total: 5, share: 0.6 });
    // The one-line poem has no second line to agree with: not counted.
    expect(f.oneLength).toEqual({ count: 1, total: 2, share: 0.5 });
    const index = CorpusIndex.fromLines(['床前明月光', '疑是地上霜'], 'zh');
    expect(copiedLines(['床前明月光。', '一片红衣一花上', '春风'], index, 5)).toEqual({ count: 1, total: 2, share: 0.5 });
    expect(copiedLines([], index, 5).share).toBeNull();
  });
});

describe('held-out text', () => {
  it('reads .jsonl samples, and .txt samples by blank lines or else by lines', () => {
    writeFileSync(path.join(tmp, 'a.jsonl'), '{"text":"明月\\n床前明月光，疑是地上霜。"}\n{"text":"x"}\n');
    writeFileSync(path.join(tmp, 'b.txt'), 'The sea is calm\nThe tide is full\n\nO night\n');
    writeFileSync(path.join(tmp, 'c.txt'), '床前明月光，疑是地上霜。\n春眠不觉晓，处处闻啼鸟。\n');
    expect(readHeldout(path.join(tmp, 'a.jsonl')).samples).toEqual(['明月\n床前明月光，疑是地上霜。', 'x']);
    expect(readHeldout(path.join(tmp, 'b.txt')).samples).toEqual(['The sea is calm\nThe tide is full', 'O night']);
    expect(readHeldout(path.join(tmp, 'c.txt')).samples).toHaveLength(2);
  });

  it("prefers the model folder's own file, then the training split its spec names, else none", () => {
    const root = path.join(tmp, 'project');
    const modelDir = path.join(root, 'models', 'poet');
    mkdirSync(modelDir, { recursive: true });
    expect(findHeldout(modelDir, 'poet', root)).toBeNull();
    mkdirSync(path.join(root, 'models', 'train', 'specs'), { recursive: true });
    mkdirSync(path.join(root, 'models', 'train', 'work', 'data'), { recursive: true });
    writeFileSync(path.join(root, 'models', 'train', 'specs', 'poet.json'), '{"data": "work/data"}');
    writeFileSync(path.join(root, 'models', 'train', 'work', 'data', 'val.jsonl'), '{"text":"a"}\n');
    expect(findHeldout(modelDir, 'poet', root)).toBe(path.join(root, 'models', 'train', 'work', 'data', 'val.jsonl'));
    writeFileSync(path.join(modelDir, 'heldout.txt'), 'a\n');
    expect(findHeldout(modelDir, 'poet', root)).toBe(path.join(modelDir, 'heldout.txt'));
  });
});

describe('craft figures (no model)', () => {
  const poems = [
    ['床前明月光', '疑是地上霜', '举头望明月', '低头思故乡'],
    ['春眠不觉晓', '处处闻啼鸟', '夜来风雨声', '花落知多少'],
  ];

  it('even-line rhyme under modern finals, strict and loose', () => {
    expect(evenRhyme(poems, modernRhyme('strict'))).toEqual({ count: 2, total: 2, share: 1 });
    // 霜/乡 rhyme (ang); 鸟/少 rhyme (ao).
    // 心 (in) and 人 (en): different finals, one loose class; a poem of fewer than four lines is not counted.
    expect(evenRhyme([['春风', '江上心', '明月', '故人']], modernRhyme('strict')).share).toBe(0);
    expect(evenRhyme([['春风', '江上心', '明月', '故人']], modernRhyme('loose')).share).toBe(1);
    expect(evenRhyme([['床前明月光', '疑是地上霜']], modernRhyme('loose')).total).toBe(0);
    expect(evenRhyme([['春风一片来', '江上白云天', '山中明月色', '花落满江边']], modernRhyme('loose')).share).toBe(1);
    expect(evenRhyme([['春风一片来', '江上白云天', '山中明月色', '花落满江东']], modernRhyme('loose')).share).toBe(0);
  });

  it('level/oblique alternation at 2/4(/6) and couplet opposition at 2, unknown tones left out', () => {
    // 前(level) 月(oblique): alternates; 是(oblique) 上(oblique): does not.
    expect(toneAlternation(['床前明月光', '疑是地上霜'], modernTone)).toEqual({ count: 1, total: 2, share: 0.5 });
    expect(coupletOpposition([['床前明月光', '疑是地上霜']], modernTone)).toEqual({ count: 1, total: 1, share: 1 });
  });

  it('relevance, repetition and attested n-grams', () => {
    expect(relevance([{ prompt: '明月', text: '床前明月光' }, { prompt: '江南', text: '疑是地上霜' }, { prompt: 'x', text: '' }])).toEqual({ count: 1, total: 2, share: 0.5 });
    expect(repetition(['明月明月'], 'zh')).toEqual({ count: 2, total: 4, share: 0.5 });
    const index = new NgramIndex();
    index.addLine([...'床前明月光']);
    expect(attestedNgrams(['床前明', '明月光好'], 3, index.grams(3))).toEqual({ count: 2, total: 3, share: 2 / 3 });
    expect(attestedNgrams(['前明'], 2, index.grams(2)).share).toBe(1);
  });
});

describe('evaluateModel on the shipped Tang model', () => {
  let report: EvalReport;
  const inUnit = (x: number | null | undefined): void => {
    expect(x).not.toBeNull();
    expect(x!).toBeGreaterThanOrEqual(0);
    expect(x!).toBeLessThanOrEqual(1);
  };

  beforeAll(async () => {
    const heldout = path.join(tmp, 'tang-heldout.jsonl');
    const poems = ['静夜思\n床前明月光，疑是地上霜。举头望明月，低头思故乡。', '春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。', '登鹳雀楼\n白日依山尽，黄河入海流。欲穷千里目，更上一层楼。'];
    writeFileSync(heldout, poems.map((text) => JSON.stringify({ text })).join('\n'));
    // Few verses, no n-gram index (it reads the whole Tang corpus): the figures' definitions are tested above.
    report = await evaluateModel({ name: 'tang-poet-zh', samples: 3, seed: 1, heldout, maxWindows: 2, threads: 1, ngrams: false });
  }, 300_000);

  it('scores the held-out text', () => {
    const p = report.perplexity;
    if ('reason' in p) throw new Error(`no perplexity: ${p.reason}`);
    expect(p.perplexity).toBeGreaterThan(1);
    expect(Number.isFinite(p.perplexity)).toBe(true);
    expect(p.perCharacter).toBe(true);
    expect(p.windows).toBeGreaterThanOrEqual(1);
    expect(p.windows).toBeLessThanOrEqual(2);
    expect(p.tokens).toBe(p.windows * p.context);
  });

  it('writes kiosk verses with drafting on and off that keep the form, in the mode each prompt’s shape suggests', () => {
    expect(report.runs.map((r) => r.kind)).toEqual(['drafted', 'streamed', 'raw']);
    for (const run of report.runs.slice(0, 2)) {
      expect(run.verses.map((v) => [v.prompt, v.mode, v.seed])).toEqual([
        ['秋风吹落满地黄叶，', 'opening', 1],
        ['明月', 'title', 2],
        ['江南', 'title', 3],
      ]);
      expect(run.verses[0]!.input + run.verses[0]!.body).toMatch(/^秋风吹落满地黄叶，/u);
      expect(run.form!.allowedLength.share).toBe(1);
      expect(run.cutLines.count).toBe(0);
      inUnit(run.copied!.share);
      if (run.craft.language !== 'zh') throw new Error('expected Chinese figures');
      inUnit(run.craft.rhymeLoose.share);
      inUnit(run.craft.relevance!.share);
      expect(run.craft.trigrams).toBeNull();
      expect(run.tokensPerSecond).toBeGreaterThan(0);
    }
  });

  it('measures the held-out corpus the same way', () => {
    expect(report.corpus).toMatchObject({ poems: 3, lines: 12 });
    const c = report.corpus!.craft;
    if (c.language !== 'zh') throw new Error('expected Chinese figures');
    expect(c.rhymeStrict).toEqual({ count: 3, total: 3, share: 1 });
    expect(c.relevance).toBeNull();
    // The season table ships beside the prosody table, so the corpus gets the coherence figures too.
    expect(c.seasonConflict?.total).toBe(3);
    expect(c.finalDoubling.total).toBe(12);
  });

  it('renders a Markdown block with the command, runs and corpus side by side, the bar and three verses', () => {
    const md = evalMarkdown(report, 'npm run models:eval -- tang-poet-zh --samples 3');
    expect(md).toContain('`npm run models:eval -- tang-poet-zh --samples 3`');
    expect(md).toMatch(/Held-out perplexity \(per character\): \*\*\d+\.\d\*\*/);
    expect(md).toContain('| drafting on (what visitors see) | drafting off | raw model, no form rules | held-out corpus (3 poems) |');
    expect(md).toContain('| lines of 5 or 7 characters | 100.0% (');
    expect(md).toContain('even lines all rhyme (looser grouping, 13 classes)');
    expect(md).toContain('Against the bar');
    expect(md).toContain('| verses naming two seasons (春, 夏/暑, 秋, 冬/腊) |');
    expect(md).toMatch(/- verses naming two seasons: (\d+\.\d\d×|n\/a) the corpus rate \(bar ≤ 1\.25×\)/);
    expect(md.match(/```text\n/g)).toHaveLength(3);
    expect(md).toContain('秋风吹落满地黄叶，');
  });
});
