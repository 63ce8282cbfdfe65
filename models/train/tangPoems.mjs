/**
 * @module models/train/tangPoems
 * The Tang poems of `chinese-poetry` as the build scripts read them: Simplified one character at a time (a phrase-level
 * conversion could change a line's length), editorial notes (（一作…）) dropped, split into lines at the line marks, each
 * line its Han characters. Shared by build_themes.mjs and build_parallel.mjs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as OpenCC from 'opencc-js';

const HAN = /\p{Script=Han}/u;
const require = createRequire(import.meta.url);
const dir = path.join(path.dirname(require.resolve('chinese-poetry/package.json')), 'dist', 'quantangshi');
const convert = OpenCC.Converter({ from: 'tw', to: 'cn' });
const simple = new Map();

/** One character in Simplified script, alone. */
export function simplify(ch) {
  let s = simple.get(ch);
  if (s === undefined) {
    s = convert(ch) ?? ch;
    if ([...s].length !== 1) s = ch;
    simple.set(ch, s);
  }
  return s;
}

/** Every Tang poem as its lines (arrays of Simplified Han characters), empty lines left out. */
export function* tangPoems() {
  for (const f of fs.readdirSync(dir).filter((x) => /^poet\.tang\.\d+\.json$/.test(x))) {
    for (const p of JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))) {
      const text = p.paragraphs.join('').replace(/（[^）]*）|\([^)]*\)/gu, '');
      yield text.split(/[，。！？；、：]/u).map((l) => [...l].filter((c) => HAN.test(c)).map(simplify)).filter((l) => l.length);
    }
  }
}
