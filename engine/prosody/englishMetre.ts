/**
 * @module englishMetre: metre and end rhyme of English verse lines from the CMU pronouncing dictionary
 * (npm `cmu-pronouncing-dictionary`): how iambic a line is, whether two lines rhyme, and how many of its words
 * are words at all. The drafter scores English drafts with it in place of tones; the eval measures with it.
 * The dictionary (135k words) loads on first use.
 */
import { cmuDictionary } from './cmuDictionary.ts';

/** Words a line's metre leaves free (a monosyllable of these takes the stress the line gives it). */
const FUNCTION_WORDS = new Set(
  'a an the and or but nor of to in on at by for with from as is are was were be been am i you he she it we they me him her us them my thy his its our your their thee thou o oh not no so if than that this these those what when where who whom which while shall will would should can could may might must do did does has have had all'.split(
    ' ',
  ),
);

/** A line's words, lower-cased (letters with inner apostrophes). */
export const englishWords = (line: string): string[] => line.toLowerCase().match(/[a-z]+(?:['’][a-z]+)*/g) ?? [];
const words = englishWords;
const pron = (word: string): string | undefined => cmuDictionary()[word.replace('’', "'")];

/** Stress of each syllable of a word: 1 stressed, 0 unstressed, -1 free (a monosyllabic function word). */
function stresses(word: string): number[] | null {
  const p = pron(word);
  if (!p) return null;
  const vowels = p.split(' ').filter((ph) => /\d$/.test(ph));
  if (vowels.length === 1) return [FUNCTION_WORDS.has(word) ? -1 : 1];
  return vowels.map((v) => (v.endsWith('0') ? 0 : 1));
}

/** Share of a line's words found in the dictionary (1 for a line without words). */
export function wordShare(line: string): number {
  const ws = words(line);
  return ws.length === 0 ? 1 : ws.filter((w) => pron(w) !== undefined).length / ws.length;
}

/**
 * How iambic a line is: the share of its syllables with a known stress that fall where an iambic line puts them
 * (unstressed, stressed, ...). Null when no syllable's stress is known.
 */
export function iambicShare(line: string): number | null {
  let pos = 0;
  let checked = 0;
  let met = 0;
  for (const w of words(line)) {
    const s = stresses(w);
    if (!s) return null;
    for (const x of s) {
      if (x !== -1) {
        checked++;
        if (x === pos % 2) met++;
      }
      pos++;
    }
  }
  return checked === 0 ? null : met / checked;
}

/** The sounds of a word from its last stressed vowel on (what must match for a rhyme), or null when unknown. */
export function rhymePart(word: string): string | null {
  const p = pron(word.toLowerCase());
  if (!p) return null;
  const phones = p.split(' ');
  let i = phones.length - 1;
  while (i >= 0 && !/[12]$/.test(phones[i]!)) i--;
  if (i < 0) i = phones.findLastIndex((ph) => /\d$/.test(ph));
  return i < 0 ? null : phones.slice(i).join(' ').replace(/\d/g, '');
}

/** True when the last words of two lines rhyme (different words with the same rhyme part). */
export function linesRhyme(a: string, b: string): boolean {
  const wa = words(a).at(-1);
  const wb = words(b).at(-1);
  if (!wa || !wb || wa === wb) return false;
  const ra = rhymePart(wa);
  return ra !== null && ra === rhymePart(wb);
}
