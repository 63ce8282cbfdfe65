/**
 * Line annotation: every Chinese line gets pinyin with tone marks and a word-by-word English gloss (longest
 * cc-cedict match, classical senses first); lines without Chinese characters get none.
 */
import { describe, expect, it } from 'vitest';
import { LineAnnotator } from '../../../engine/annotate/lineAnnotator.ts';
import { cleanGloss } from '../../../engine/annotate/cleanGloss.ts';

const annotator = LineAnnotator.load();

describe('LineAnnotator', () => {
  it('glosses a line word by word and gives its pinyin', () => {
    expect(annotator.annotate('床前明月光，')).toEqual({ gloss: 'bed · front · bright moon · light', pinyin: 'chuáng qián míng yuè guāng' });
    expect(annotator.annotate('白云入雨明')!.gloss).toMatch(/^white cloud · /);
    expect(annotator.annotate('云客')!.gloss).toBe('cloud · traveller');
  });

  it('leaves English lines alone', () => {
    expect(annotator.annotate('The moon is up, the tide is high')).toBeNull();
  });

  it('keeps a character the dictionary does not know as itself', () => {
    expect(new LineAnnotator({ 月: 'moon' }).annotate('月㒿')).toEqual({ gloss: 'moon · 㒿', pinyin: expect.any(String) });
  });

  it('cleans cc-cedict senses into short glosses', () => {
    expect(cleanGloss('surname Qiu')).toBeNull();
    expect(cleanGloss('old variant of 秋[qiu1]')).toBeNull();
    expect(cleanGloss('river (CL:條|条[tiao2],道[dao4])')).toBe('river');
    expect(cleanGloss('(bound form) the Milky Way')).toBe('the Milky Way');
    expect(cleanGloss('a very long explanation that goes on and on beyond any line')!.length).toBeLessThanOrEqual(28);
  });
});
