/**
 * @module hanziProsody: what the sonification needs to know about a Chinese character: its Mandarin
 * tone (from `pinyin-pro`), whether it is level (平) or oblique (仄), and the pitch contour the tone
 * draws. Pure and browser-safe.
 *
 * Level/oblique comes from the modern tone (1, 2 level; 3, 4 oblique). Characters of the old entering
 * tone that modern Mandarin reads as tone 1 or 2 are therefore heard as level; a classical prosody
 * table would fix that, at the cost of shipping it to the browser.
 */
import { pinyin } from 'pinyin-pro';

/** Mandarin tone: 1 level, 2 rising, 3 dipping, 4 falling, 0 neutral. */
export type MandarinTone = 0 | 1 | 2 | 3 | 4;

const HAN = /^\p{Script=Han}$/u;

export function isHan(text: string): boolean {
  return HAN.test(text);
}

/** The character's tone (its most common reading), or null when it is not a Han character. */
export function toneOf(char: string): MandarinTone | null {
  if (!isHan(char)) return null;
  const [num] = pinyin(char, { pattern: 'num', type: 'array' });
  const tone = Number(num);
  return tone >= 0 && tone <= 4 && num !== '' ? (tone as MandarinTone) : 0;
}

/** Level (平: tones 1 and 2) or oblique (仄: tones 3, 4 and the neutral tone). */
export function isLevel(tone: MandarinTone): boolean {
  return tone === 1 || tone === 2;
}

/**
 * The pitch contour of a tone in semitones around the note's scale pitch, at the start, middle and end
 * of the glide (after Chao's tone letters: 55, 35, 214, 51). Every contour lands on the scale note, so
 * the melody stays in key while each syllable still rises, dips or falls as it is spoken.
 */
export const TONE_CONTOURS: Record<MandarinTone, readonly [number, number, number]> = {
  0: [0, 0, 0],
  1: [0, 0, 0],
  2: [-4, -2, 0],
  3: [-1, -4, 0],
  4: [5, 2, 0],
};

/** Line-ending marks of classical verse (full-width only: ASCII ones belong to English text). */
const WEAK_END = /^[，、；：]$/u;
const STRONG_END = /^[。！？]$/u;

/** 'couplet' for the marks that close a couplet (。！？), 'line' for the others (，；), null otherwise. */
export function lineMark(text: string): 'line' | 'couplet' | null {
  const t = text.trim();
  if (STRONG_END.test(t)) return 'couplet';
  if (WEAK_END.test(t)) return 'line';
  return null;
}
