#!/usr/bin/env node
/**
 * @module models/train/sample_artist
 * Writes the sample artist's poems as an artist would hand them to `npm run models:tune`: plain UTF-8 text, one poem
 * per block, a `# title` line first, a blank line between poems. The poems are one Tang poet's from npm
 * `chinese-poetry` (public domain), converted to Simplified with opencc-js as the base model's corpus was.
 *
 * Two files: `<out>/<slug>.txt` (--train poems) and `<out>/<slug>-heldout.txt` (--heldout poems). The held-out file
 * takes first the poet's poems that are also in tang-poet-zh's own held-out set (poems neither model has seen), then
 * seeded random others. Poems whose lines are not all 5 or all 7 characters are left out, as in the base corpus.
 *
 * Usage: npx tsx models/train/sample_artist.mjs [--poet 李商隱] [--slug li-shangyin] [--train 300] [--heldout 50]
 *        [--out models/train/work/sample] [--seed 17]
 * Then:  npm run models:tune -- --from tang-poet-zh --corpus models/train/work/sample/li-shangyin.txt \
 *          --heldout-file models/train/work/sample/li-shangyin-heldout.txt --name li-shangyin-zh
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { seededRng } from '../../engine/rng.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = { poet: '李商隱', slug: 'li-shangyin', train: '300', heldout: '50', out: path.join(here, 'work', 'sample'), seed: '17' };
const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log('usage: npx tsx models/train/sample_artist.mjs [--poet 李商隱] [--slug li-shangyin] [--train 300] [--heldout 50] [--out DIR] [--seed 17]');
  process.exit(0);
}
for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];

const require = createRequire(import.meta.url);
const dir = path.join(path.dirname(require.resolve('chinese-poetry/package.json')), 'dist', 'quantangshi');
const simplify = OpenCC.Converter({ from: 'tw', to: 'cn' });
const MARKS = '，。！？；';

function clean(paragraphs) {
  const s = simplify(paragraphs.join('')).replace(/（[^）]*）|\([^)]*\)/gu, '').replace(/\[([^\]]*)\]|〖([^〗]*)〗/gu, (_, a, b) => a ?? b ?? '')
    .replace(/[《》「」『』〈〉“”‘’·\s]/gu, '');
  if (!s || ![...s].every((c) => MARKS.includes(c) || /\p{Script=Han}/u.test(c)) || !MARKS.includes(s.at(-1))) return null;
  const lines = s.match(/[^，。！？；]+[，。！？；]/gu) ?? [];
  const len = lines.length >= 4 ? [...lines[0]].length - 1 : 0;
  return (len === 5 || len === 7) && lines.join('') === s && lines.every((l) => [...l].length - 1 === len) ? lines : null;
}

const base = new Set(fs.readFileSync(path.join(here, '..', 'tang-poet-zh', 'heldout.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).poem));
const poems = [];
const seen = new Set();
for (const f of fs.readdirSync(dir).filter((x) => /^poet\.tang\.\d+\.json$/.test(x)).sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]))) {
  for (const p of JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))) {
    if (p.author !== args.poet) continue;
    const lines = clean(p.paragraphs);
    if (!lines || seen.has(lines.join(''))) continue;
    seen.add(lines.join(''));
    const title = simplify(p.title ?? '').replace(/（[^）]*）|\([^)]*\)|[[\]〖〗]/gu, '').split(/\s+/u)[0];
    poems.push({ title, lines, unseen: base.has(lines.join('')) });
  }
}
const rand = seededRng(Number(args.seed));
for (let i = poems.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [poems[i], poems[j]] = [poems[j], poems[i]];
}
const nHeld = Number(args.heldout);
const heldout = [...poems.filter((p) => p.unseen), ...poems.filter((p) => !p.unseen)].slice(0, nHeld);
const train = poems.filter((p) => !heldout.includes(p)).slice(0, Number(args.train));
// Two lines to a text line, as poems are usually printed: 锦瑟无端五十弦，一弦一柱思华年。
const block = (p) => [`# ${p.title}`, ...p.lines.reduce((rows, l, i) => (i % 2 ? rows.with(-1, rows.at(-1) + l) : [...rows, l]), [])].join('\n');
fs.mkdirSync(args.out, { recursive: true });
fs.writeFileSync(path.join(args.out, `${args.slug}.txt`), train.map(block).join('\n\n') + '\n');
fs.writeFileSync(path.join(args.out, `${args.slug}-heldout.txt`), heldout.map(block).join('\n\n') + '\n');
console.log(`sample_artist: ${args.poet}: ${poems.length} poems of 4+ lines of 5 or 7 characters; ${train.length} -> ${args.slug}.txt, ` +
  `${heldout.length} held out (${heldout.filter((p) => p.unseen).length} also held out of tang-poet-zh) -> ${args.slug}-heldout.txt in ${args.out}`);
