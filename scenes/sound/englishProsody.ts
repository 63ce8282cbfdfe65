/**
 * @module englishProsody: syllables, stress and vowel colour of an English word, by rule (no
 * pronouncing dictionary in the browser: it would weigh megabytes). Pure and browser-safe.
 * Good enough for rhythm: most words get their syllable count right; stress follows the usual
 * patterns (first syllable, except for unstressed prefixes and a few stress-pulling suffixes).
 */
import type { Hertz } from '../../protocol/paramSpec.ts';

export interface Syllable {
  /** The vowel letters at its core (`ea`, `o`, `y`). */
  nucleus: string;
  /** Carries the word's stress. */
  stressed: boolean;
  /** Second formant of the vowel: where its colour sits (bright `ee` high, dark `oo` low). */
  formant: Hertz;
}

/** Short words that are spoken unstressed in verse. */
const FUNCTION_WORDS = new Set(
  ('a an the and or but nor of to in on at by for from with as is are was were be been am do does did ' +
    'has have had i me my we us our you your he him his she her it its they them their that this these ' +
    'those than then so if no not o oh shall will would should could can may might must upon unto into thy thee thou').split(' '),
);

const UNSTRESSED_PREFIX = /^(a|be|de|re|un|in|im|ex|con|com|dis|mis|en|em|for|per|pre|pro)(?=[^aeiouy])/;
/** Suffixes that pull the stress onto the syllable before them (nation, music, city). */
const PENULT_SUFFIX = /(tion|sion|cian|ic|ical|ial|ious|eous)$/;
const ANTEPENULT_SUFFIX = /(ity|ety|ify|ogy|graphy)$/;

const GROUP = /[aeiouy]+/g;

/** Vowel groups of the word, with silent endings dropped (`love`, `loved`, `loves`) and `-le` kept. */
function nuclei(word: string): string[] {
  const groups: Array<{ text: string; at: number }> = [];
  for (const m of word.matchAll(GROUP)) {
    // A word-initial `y` is a consonant (yes, young).
    if (m.index === 0 && m[0].startsWith('y')) {
      if (m[0].length > 1) groups.push({ text: m[0].slice(1), at: 1 });
      continue;
    }
    groups.push({ text: m[0], at: m.index });
  }
  if (groups.length > 1) {
    const last = groups[groups.length - 1]!;
    const tail = word.slice(last.at);
    const before = word[last.at - 1] ?? '';
    const silentE = tail === 'e' && !(before === 'l' && !/[aeiouy]/.test(word[last.at - 2] ?? 'a'));
    const silentEs = tail === 'es' && !/[sxzh]/.test(before) && !/(ch|sh|ge|ce)$/.test(word.slice(0, last.at + 1));
    const silentEd = tail === 'ed' && !/[td]/.test(before);
    if (silentE || silentEs || silentEd) groups.pop();
  }
  return groups.length > 0 ? groups.map((g) => g.text) : [word.replace(/[^a-z]/g, '').slice(0, 1) || 'e'];
}

/** Index of the stressed syllable in a word of `count` syllables, or -1 for an unstressed function word. */
function stressIndex(word: string, count: number): number {
  if (FUNCTION_WORDS.has(word)) return -1;
  if (count === 1) return 0;
  if (ANTEPENULT_SUFFIX.test(word) && count >= 3) return count - 3;
  if (PENULT_SUFFIX.test(word)) return count - 2;
  if (UNSTRESSED_PREFIX.test(word)) return 1;
  return 0;
}

/** F2 of the vowel a nucleus most often spells: front vowels bright, back vowels dark. */
export function vowelFormant(nucleus: string): Hertz {
  if (/^(ee|ie|ea|ei|i|y|ey)$/.test(nucleus)) return 2300;
  if (/^(e|ai|ay|ae)$/.test(nucleus)) return 1900;
  if (/^(a|au|aw)$/.test(nucleus)) return 1300;
  if (/^(u|ue|ui)$/.test(nucleus)) return 1100;
  if (/^(ou|ow|oi|oy)$/.test(nucleus)) return 1000;
  if (/^(o|oo|oa|oe)$/.test(nucleus)) return 850;
  return 1500;
}

/** The syllables of one word (letters and apostrophes; anything else is ignored). */
export function syllablesOf(word: string): Syllable[] {
  const w = word.toLowerCase().replace(/[^a-z']/g, '').replace(/'/g, '');
  if (!w) return [];
  const groups = nuclei(w);
  const stress = stressIndex(w, groups.length);
  return groups.map((nucleus, i) => ({ nucleus, stressed: i === stress, formant: vowelFormant(nucleus) }));
}

/** Whether a token text continues an English word (letters, apostrophes). */
export function isWordText(text: string): boolean {
  return /^[A-Za-z']+$/.test(text);
}
