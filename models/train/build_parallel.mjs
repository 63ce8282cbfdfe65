#!/usr/bin/env node
/**
 * @module models/train/build_parallel
 * Builds the parallelism table (对仗) of regulated verse from the corpus's own parallel couplets:
 * `models/prosody/zh-parallel.json`. In an eight-line Tang poem of 5- or 7-character lines the middle couplets
 * (lines 3-4 and 5-6) are parallel by rule: the characters in the same slot of the two lines are of one word class
 * (numbers face numbers, colours colours, nouns of nature nouns of nature). Every aligned pair of those couplets is
 * counted; a pair seen at least MIN_COUNT times is attested: the table holds those pairs (both orders). A couplet's
 * parallelism is the share of its slots whose pair is attested; the corpus rates (middle couplets, and for
 * comparison the other couplets of the same poems) are recorded.
 *
 * Poems in the held-out split of prepare_tang.mjs are left out, so the eval's corpus figure is honest.
 * Usage: node models/train/build_parallel.mjs [--out models/prosody/zh-parallel.json] [--heldout models/tang-poet-zh/heldout.jsonl]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tangPoems } from './tangPoems.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, dflt) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : dflt);
if (process.argv.includes('--help')) {
  console.log('usage: node models/train/build_parallel.mjs [--out models/prosody/zh-parallel.json] [--heldout models/tang-poet-zh/heldout.jsonl]');
  process.exit(0);
}
const OUT = path.resolve(arg('out', path.join(here, '..', 'prosody', 'zh-parallel.json')));
const HELDOUT = path.resolve(arg('heldout', path.join(here, '..', 'tang-poet-zh', 'heldout.jsonl')));
const MIN_COUNT = 2;
const HAN = /\p{Script=Han}/u;

const heldout = new Set(fs.readFileSync(HELDOUT, 'utf8').split('\n').filter(Boolean)
  .map((l) => [...JSON.parse(l).text.split('\n').at(-1)].filter((c) => HAN.test(c)).join('')));

/** Eight lines of one length (5 or 7), or null. */
function regulated(lines) {
  if (lines.length !== 8) return null;
  const n = lines[0].length;
  return (n === 5 || n === 7) && lines.every((l) => l.length === n) ? lines : null;
}

const poems = [];
let left = 0;
for (const all of tangPoems()) {
  const lines = regulated(all);
  if (!lines) continue;
  if (heldout.has(lines.map((l) => l.join('')).join(''))) {
    left++;
    continue;
  }
  poems.push(lines);
}
const counts = new Map();
const key = (a, b) => (a < b ? a + b : b + a);
for (const lines of poems) {
  for (const [i, j] of [[2, 3], [4, 5]]) {
    lines[i].forEach((a, k) => {
      const b = lines[j][k];
      if (a !== b) counts.set(key(a, b), (counts.get(key(a, b)) ?? 0) + 1);
    });
  }
}
const pairs = [...counts].filter(([, n]) => n >= MIN_COUNT).map(([p]) => p).sort();
const attested = new Set(pairs);
const share = (x, y) => x.filter((a, k) => a !== y[k] && attested.has(key(a, y[k]))).length / x.length;
const mean = (xs) => xs.reduce((s, v) => s + v, 0) / xs.length;
const middle = mean(poems.flatMap((l) => [share(l[2], l[3]), share(l[4], l[5])]));
const outer = mean(poems.flatMap((l) => [share(l[0], l[1]), share(l[6], l[7])]));
const out = {
  about: `Parallel pairs (对仗) of the middle couplets of ${poems.length} eight-line Tang poems (chinese-poetry, Simplified; ${left} held-out poems left out), `
    + `by models/train/build_parallel.mjs: two characters in the same slot of lines 3-4 or 5-6 at least ${MIN_COUNT} times. `
    + 'pairs: each pair as two characters (either order); middleRate / outerRate: mean share of attested slots in middle / first-and-last couplets.',
  minCount: MIN_COUNT,
  middleRate: Number(middle.toFixed(4)),
  outerRate: Number(outer.toFixed(4)),
  pairs: pairs.join(''),
};
fs.writeFileSync(OUT, JSON.stringify(out) + '\n');
console.log(`build_parallel: ${poems.length} poems, ${pairs.length} attested pairs; middle couplets ${(middle * 100).toFixed(1)}% of slots attested, first/last ${(outer * 100).toFixed(1)}% -> ${OUT}`);
