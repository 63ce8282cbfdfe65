/**
 * Originality: a line found in an existing poem is named with its poet and poem (the shipped source index,
 * checked against the model's corpus index), and with redrafting on (the originality judge in line drafting,
 * real Tang model, real worker) no line of 50 seeded verses is verbatim from the corpus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVisitorHooks } from '../../engine/visitor/visitorHooks.ts';
import { LineAnnotator } from '../../engine/annotate/lineAnnotator.ts';
import { Originality } from '../../engine/originality/originality.ts';
import { systemClock } from '../../engine/clock.ts';
import { PromptQueue } from '../../engine/promptQueue.ts';
import { VerseLoop } from '../../engine/verseLoop.ts';
import { CorpusIndex } from '../../models/corpusIndex.ts';
import type { VerseLine } from '../../protocol/events.ts';
import { realGenerator } from '../helpers/realModel.ts';

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

  describe('with redrafting on', () => {
    beforeAll(() => generator.load());
    afterAll(() => generator.close());

    it('no line of 50 seeded verses is verbatim from the corpus', async () => {
      let refused = 0;
      const judge = { name: 'originality', judge: (l: string) => (originality.judge(l).ok ? { ok: true as const } : (refused++, originality.judge(l))) };
      const loop = new VerseLoop({
        generator,
        model,
        params,
        queue: new PromptQueue(),
        clock: systemClock,
        seed: 11,
        attract: ['秋风', '明月', '春雨', '江上', '山中', '送别', '边塞', '寒梅'],
        visitor: createVisitorHooks({ originality }),
        judges: [judge],
      });
      const lines: VerseLine[] = [];
      let verses = 0;
      loop.events.on('verse:line', (l) => lines.push(l));
      const done = new Promise<void>((resolve) => loop.events.on('verse:end', (e) => e.reason === 'done' && ++verses === 50 && resolve()));
      loop.start();
      await done;
      await loop.close();
      expect(lines.length).toBeGreaterThan(100);
      expect(lines.filter((l) => l.copied)).toEqual([]);
      expect(lines.filter((l) => corpus.has(l.text) || originality.origin(l.text).copied)).toEqual([]);
      console.info(`originality redraft: ${lines.length} lines in 50 verses, ${refused} drafts refused and redrafted`);
    }, 600_000);
  });
});
