/**
 * @module modernFinals: rhyme classes and tones of characters in modern Mandarin (npm pinyin-pro), the yardstick a
 * modern reader hears, next to the classical tables: `strict` groups finals with their medials dropped
 * (iang -> ang), `loose` groups them into the 13 rhyme classes of Northern verse (十三辙: an/ian/uan/üan rhyme,
 * en/in/un/ün rhyme, eng/ing/ong rhyme, ...). Tones 1-2 are level (平), 3-4 oblique (仄).
 */
import { pinyin } from 'pinyin-pro';
import type { Tone } from './prosodyTable.ts';

const STRICT: Record<string, string> = {
  a: 'a', ia: 'a', ua: 'a', o: 'o', uo: 'o', e: 'e', ie: 'ie', ve: 'ie', ue: 'ie',
  i: 'i', v: 'v', u: 'u', er: 'er', ai: 'ai', uai: 'ai', ei: 'ei', ui: 'ei', uei: 'ei',
  ao: 'ao', iao: 'ao', ou: 'ou', iu: 'ou', iou: 'ou', an: 'an', ian: 'an', uan: 'an', van: 'an',
  en: 'en', un: 'en', uen: 'en', in: 'in', vn: 'in', ang: 'ang', iang: 'ang', uang: 'ang',
  eng: 'eng', ueng: 'eng', ing: 'ing', ong: 'ong', iong: 'ong',
};

/** Strict class -> loose class (十三辙). */
const LOOSE: Record<string, string> = {
  a: 'a', o: 'o', e: 'o', ie: 'ie', i: 'i', v: 'i', er: 'i', u: 'u', ai: 'ai', ei: 'ei', ao: 'ao', ou: 'ou',
  an: 'an', en: 'en', in: 'en', ang: 'ang', eng: 'eng', ing: 'eng', ong: 'eng',
};

const finalCache = new Map<string, string | null>();

function strictOf(ch: string): string | null {
  let c = finalCache.get(ch);
  if (c === undefined) {
    c = STRICT[pinyin(ch, { pattern: 'final', toneType: 'none', v: true })] ?? null;
    finalCache.set(ch, c);
  }
  return c;
}

/** Rhyme class of a character's modern final; null when it has none (not a Han character). */
export function modernRhymeClass(ch: string, grouping: 'strict' | 'loose'): string | null {
  const s = strictOf(ch);
  return s === null ? null : grouping === 'strict' ? s : (LOOSE[s] ?? s);
}

const toneCache = new Map<string, Tone | null>();

/** Level (tones 1, 2) or oblique (3, 4) in modern Mandarin; null for the neutral tone or a non-Han character. */
export function modernTone(ch: string): Tone | null {
  let t = toneCache.get(ch);
  if (t === undefined) {
    const n = pinyin(ch, { pattern: 'num', type: 'array' })[0];
    t = n === '1' || n === '2' ? 'level' : n === '3' || n === '4' ? 'oblique' : null;
    toneCache.set(ch, t);
  }
  return t;
}
