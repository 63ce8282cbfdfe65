/**
 * Originality: a line found in an existing poem is named with its poet and poem (the shipped source index,
 * checked against the model's corpus index), and with redrafting on (`originality.copied: 'redraft'`: the judges
 * the server composes, in line drafting, real Tang model, real worker) no line of 50 seeded verses is verbatim
 * from the corpus; the same seeds with the switch off do copy (at a low temperature, where copying is likeliest),
 * so the check can fail.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/loadConfig.ts';
import { Archive } from '../../../engine/archive.ts';
import { createVisitorHooks } from '../../../engine/visitor/visitorHooks.ts';
import { LineAnnotator } from '../../../engine/annotate/lineAnnotator.ts';
import { Originality } from '../../../engine/originality/originality.ts';
import { systemClock } from '../../../engine/clock.ts';
import { PromptQueue } from '../../../engine/promptQueue.ts';
import { VerseLoop } from '../../../engine/verseLoop.ts';
import { modelSamplingParams } from '../../../engine/verseProfile.ts';
import { CorpusIndex } from '../../../engine/originality/corpusIndex.ts';
import type { VerseLine } from '../../../protocol/events.ts';
import { createVisitor } from '../../../server/visitorServices.ts';
import { realGenerator } from '../../helpers/realModel.ts';

const { model, params, generator } = realGenerator('tang-poet-zh', { tempo: 0, verse_gap: 0.05, drafts: 4 });
const corpus = CorpusIndex.load(model.corpusIndex!, 'zh');
const originality = Originality.forChinese(corpus);

describe('originality', () => {
  it('names the poet and poem of a corpus line, and leaves a new line alone', () => {
    expect(originality.origin('横看成岭侧成峰')).toEqual({ copied: true, source: { poet: '苏轼', title: '题西林壁', dynasty: 'song' } });
    const tang = originality.origin('白日依山尽，');
    expect(tang.copied).toBe(true);
    expect(tang.source?.dynasty).toBe('tang');
    expect(originality.origin('玉马向风微')).toEqual({ copied: false });
    // Famous lines in their popular reading, which the edition behind the index reads (or credits) otherwise.
    expect(originality.origin('床前明月光，')).toEqual({ copied: true, source: { poet: '李白', title: '静夜思', dynasty: 'tang' } });
    expect(originality.origin('白日依山尽')).toEqual({ copied: true, source: { poet: '王之涣', title: '登鹳雀楼', dynasty: 'tang' } });
    expect(originality.judge('举头望明月')).toMatchObject({ ok: false, reason: 'copied', detail: '李白 · 静夜思' });
    expect(originality.judge('横看成岭侧成峰')).toMatchObject({ ok: false, reason: 'copied', detail: '苏轼 · 题西林壁' });
    expect(originality.judge('玉马向风微')).toEqual({ ok: true });
    expect(originality.sourceSize.poems).toBe(65_536);
  });

  it('marks a copied line in the stream with its source, gloss and pinyin', () => {
    const hooks = createVisitorHooks({ originality, annotator: LineAnnotator.load() });
    const line = hooks.line({ id: 'v', index: 0, text: '横看成岭侧成峰，' });
    expect(line).toMatchObject({ copied: true, source: { poet: '苏轼', title: '题西林壁' }, pinyin: 'héng kàn chéng lǐng cè chéng fēng' });
    expect(line.gloss).toMatch(/[a-z]/);
  });

  describe('line drafting with the config switch `originality.copied` (the server\'s own judges, real Tang model, real worker)', () => {
    const archive = new Archive(mkdtempSync(path.join(os.tmpdir(), 'inkverse-originality-')));
    beforeAll(() => generator.load());
    afterAll(async () => {
      await generator.close();
      archive.close();
    });

    /** 50 seeded verses written as the installation writes them (the model's sampling defaults) with `originality.copied` set so. */
    async function fifty(copied: 'mark' | 'redraft', temperature?: number): Promise<{ lines: VerseLine[]; redrafts: number }> {
      let redrafts = 0;
      const visitor = createVisitor({
        config: parseConfig({ originality: { copied } }),
        model,
        corpus,
        archive,
        clock: systemClock,
        onRedraft: (judge) => judge === 'originality' && redrafts++,
      });
      params.set({ ...modelSamplingParams(model).params, ...(temperature ? { temperature } : {}) }, 'test');
      const loop = new VerseLoop({
        generator,
        model,
        params,
        queue: new PromptQueue(),
        clock: systemClock,
        seed: 11,
        attract: ['秋风', '明月', '春雨', '江上', '山中', '送别', '边塞', '寒梅'],
        visitor: visitor.hooks,
        judges: visitor.judges,
      });
      const lines: VerseLine[] = [];
      let verses = 0;
      loop.events.on('verse:line', (l) => lines.push(l));
      const done = new Promise<void>((resolve) => loop.events.on('verse:end', (e) => e.reason === 'done' && ++verses === 50 && resolve()));
      loop.start();
      await done;
      await loop.close();
      return { lines, redrafts };
    }

    const verbatim = (lines: VerseLine[]): string[] => lines.filter((l) => l.copied || corpus.has(l.text) || originality.origin(l.text).copied).map((l) => l.text);

    it('no line of 50 seeded verses is verbatim from the corpus', async () => {
      const on = await fifty('redraft');
      expect(on.lines.length).toBeGreaterThan(100);
      expect(verbatim(on.lines)).toEqual([]);
      console.info(`originality redraft (temperature ${params.get('temperature')}): ${on.lines.length} lines in 50 verses, ${on.redrafts} drafts refused and redrafted`);
    }, 600_000);

    // 0.1, not 0.3: the drafter now scores stock phrases down (coherencePenalty), so at 0.3 it copied one line in 50 verses.
    it('where the model copies most (temperature 0.1), the same 50 seeds copy lines with redrafting off and none with it on', async () => {
      const off = await fifty('mark', 0.1);
      // The switch off: copied lines reach the room, marked, and nothing is redrafted.
      expect(verbatim(off.lines).length).toBeGreaterThan(2);
      expect(off.lines.filter((l) => l.copied).length).toBe(verbatim(off.lines).length);
      expect(off.redrafts).toBe(0);
      const on = await fifty('redraft', 0.1);
      expect(on.redrafts).toBeGreaterThan(0);
      expect(on.lines.length).toBeGreaterThan(100);
      expect(verbatim(on.lines)).toEqual([]);
      console.info(`originality at temperature 0.1: off ${verbatim(off.lines).length} copied of ${off.lines.length} lines; on 0 of ${on.lines.length}, ${on.redrafts} drafts redrafted`);
    }, 600_000);
  });
});
