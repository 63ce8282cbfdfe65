/**
 * @module test/models/eval
 * `evaluateModel` on the shipped Tang model (5 verses per run, two held-out windows) gives sane figures and
 * a pasteable Markdown block; the verse figures and the held-out look-up are checked on their own, model-free.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusIndex } from '../../models/corpusIndex.ts';
import { evalMarkdown } from '../../models/cli/evalMarkdown.ts';
import { evaluateModel, type EvalReport, type RunReport } from '../../models/cli/evaluate.ts';
import { findHeldout, readHeldout } from '../../models/cli/heldout.ts';
import { copiedLines, formFigures, verseLines } from '../../models/cli/verseStats.ts';

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

describe('evaluateModel on the shipped Tang model', () => {
  let report: EvalReport;
  const inUnit = (x: number | null): void => {
    expect(x).not.toBeNull();
    expect(x!).toBeGreaterThanOrEqual(0);
    expect(x!).toBeLessThanOrEqual(1);
  };

  beforeAll(async () => {
    const heldout = path.join(tmp, 'tang-heldout.jsonl');
    const poems = ['静夜思\n床前明月光，疑是地上霜。举头望明月，低头思故乡。', '春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。', '登鹳雀楼\n白日依山尽，黄河入海流。欲穷千里目，更上一层楼。'];
    writeFileSync(heldout, poems.map((text) => JSON.stringify({ text })).join('\n'));
    report = await evaluateModel({ name: 'tang-poet-zh', samples: 5, seed: 1, heldout, maxWindows: 2, threads: 1 });
  }, 180_000);

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

  it('writes verses that keep the form with form rules on: every line 5 or 7 characters', () => {
    const served: RunReport = report.served;
    expect(served.verses).toHaveLength(5);
    expect(served.verses.map((v) => v.seed)).toEqual([1, 2, 3, 4, 5]);
    expect(served.lines).toBeGreaterThanOrEqual(10);
    expect(served.form!.allowedLength.share).toBe(1);
    expect(served.form!.oneLength.share).toBe(1);
    inUnit(served.copied!.share);
    expect(served.tokensPerSecond).toBeGreaterThan(0);
  });

  it('also samples the raw model, same prompts and seeds, without form rules', () => {
    const raw = report.raw!;
    expect(raw.kind).toBe('raw');
    expect(raw.verses.map((v) => [v.input, v.seed])).toEqual(report.served.verses.map((v) => [v.input, v.seed]));
    inUnit(raw.form!.allowedLength.share);
    if (raw.form!.oneLength.total > 0) inUnit(raw.form!.oneLength.share);
    if (raw.copied!.total > 0) inUnit(raw.copied!.share);
    expect(raw.tokensPerSecond).toBeGreaterThan(0);
  });

  it('renders a Markdown block with the command, the figures and three verses', () => {
    const md = evalMarkdown(report, 'npm run models:eval -- tang-poet-zh --samples 5');
    expect(md).toContain('`npm run models:eval -- tang-poet-zh --samples 5`');
    expect(md).toMatch(/Held-out perplexity \(per character\): \*\*\d+\.\d\*\*/);
    expect(md).toContain('| lines of 5 or 7 characters | 100.0% (');
    expect(md).toContain('tokens/s');
    expect(md.match(/```text\n/g)).toHaveLength(3);
    expect(md).toContain('秋风吹落满地黄叶，');
  });
});
