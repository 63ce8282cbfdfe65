/**
 * @module cmuDictionary: the CMU pronouncing dictionary (npm `cmu-pronouncing-dictionary`, 134,000 words), read on
 * first use. Imported statically it cost every installation 20 MB of heap (its 4.5 MB module source and the parsed
 * object), English or not; a Chinese installation now never reads it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let dictionary: Readonly<Record<string, string>> | null = null;

/** Word (lower case, alternates as `word(2)`) -> ARPAbet phonemes with stress digits. */
export function cmuDictionary(): Readonly<Record<string, string>> {
  if (!dictionary) {
    // The package is one ES module, `export const dictionary = { ... }`, whose object literal is JSON.
    const source = readFileSync(createRequire(import.meta.url).resolve('cmu-pronouncing-dictionary'), 'utf8');
    dictionary = JSON.parse(source.slice(source.indexOf('= {') + 2, source.lastIndexOf('}') + 1)) as Record<string, string>;
  }
  return dictionary;
}
