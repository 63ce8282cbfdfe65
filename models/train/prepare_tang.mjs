#!/usr/bin/env node
/**
 * @module models/train/prepare_tang
 * Builds the Tang-poem training corpus for the `tang-poet-zh` model.
 *
 * Reads every Tang poem from the `chinese-poetry` npm package (traditional script),
 * converts it to Simplified with opencc-js, keeps regulated-verse-shaped poems (every
 * line 5 characters, or every line 7) and writes a seeded train / held-out split as
 * JSON lines under `models/train/work/tang/`.
 *
 * Prompt format (what the model learns, and what the engine should send):
 *   - with a title:   `<title>\n<poem>`   e.g. `秋夜\n秋风吹落满地黄叶，...`
 *   - without:        `<poem>`            e.g. `秋风吹落满地黄叶，...`
 * The poem is one run of text with its line punctuation kept (`，` `。` `？` `！` `；`)
 * and no newlines.  Each sample ends with the end-of-text token (added by train.py).
 * TITLE_FREE_FRACTION of the samples carry no title, so a raw poem opening such as
 * `秋风吹落满地黄叶，` is continued as a poem, while `秋夜\n` asks for a poem on a title.
 *
 * Usage: npx tsx models/train/prepare_tang.mjs [--out DIR] [--seed N] [--heldout 0.02]
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
// The engine's own seeded RNG (this script runs under tsx, which loads the .ts module).
import { seededRng } from '../../engine/rng.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2), {
  out: path.join(here, 'work', 'tang'),
  seed: '1234',
  heldout: '0.02',
  'title-free': '0.3',
  song: 'false',
  'tang-repeat': '1',
});
// Song poems join the training split only: the Tang held-out set stays the yardstick, so
// perplexities compare with models trained on Tang alone. Tang can be repeated in the
// training stream (--tang-repeat 2) so the larger Song corpus does not drown its style.
const WITH_SONG = args.song === 'true';
const TANG_REPEAT = Math.max(1, Math.floor(Number(args['tang-repeat'])));
const SEED = Number(args.seed);
const HELDOUT = Number(args.heldout);
const TITLE_FREE_FRACTION = Number(args['title-free']);

/** Line-ending punctuation the model keeps; everything else non-Han is removed or rejects the poem. */
const LINE_ENDS = '，。！？；';
// Quotation and title marks sit inside lines in a few poems (《長恨曲》); they are not
// characters of the verse, so they go rather than breaking the 5/7 count.
const DROP_MARKS = /[《》「」『』〈〉“”‘’·]/gu;

const require = createRequire(import.meta.url);
const poetryDir = path.join(path.dirname(require.resolve('chinese-poetry/package.json')), 'dist', 'quantangshi');
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const key = a.slice(2);
    out[key] = argv[i + 1] ?? '';
    i++;
  }
  return out;
}

/** Cleans one poem body; returns null when it cannot be used as verse. */
function cleanPoem(paragraphs) {
  let s = paragraphs.join('');
  s = s.replace(/（[^）]*）|\([^)]*\)/gu, ''); // editorial notes
  s = s.replace(/\[([^\]]*)\]|〖([^〗]*)〗/gu, (_, a, b) => a ?? b ?? ''); // editor-restored characters: keep them
  s = s.replace(DROP_MARKS, '');
  s = s.replace(/\s+/gu, '');
  if (!s) return null;
  // Anything other than Han characters and line punctuation means a lacuna (□) or markup.
  for (const ch of s) {
    if (LINE_ENDS.includes(ch)) continue;
    if (!/\p{Script=Han}/u.test(ch)) return null;
  }
  if (!LINE_ENDS.includes(s.at(-1))) return null;
  const lines = s.match(new RegExp(`[^${LINE_ENDS}]+[${LINE_ENDS}]`, 'gu')) ?? [];
  if (lines.join('') !== s || lines.length < 2) return null;
  const len = [...lines[0]].length - 1;
  if (len !== 5 && len !== 7) return null;
  if (!lines.every((l) => [...l].length - 1 === len)) return null;
  return { text: s, lines: lines.length, len };
}

function cleanTitle(title) {
  let t = (title ?? '').replace(/（[^）]*）|\([^)]*\)|\[|\]|〖|〗/gu, '').replace(DROP_MARKS, '');
  // "帝京篇十首 一": the numbering after the space says which poem of a set; drop it.
  t = t.split(/\s+/u)[0] ?? '';
  if (!t || [...t].length > 16) return '';
  for (const ch of t) if (!/\p{Script=Han}/u.test(ch)) return '';
  return t;
}

const listFiles = (kind) => fs.readdirSync(poetryDir).filter((f) => new RegExp(`^poet\\.${kind}\\.\\d+\\.json$`).test(f))
  .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]));
const files = listFiles('tang');
const rand = seededRng(SEED);
const seen = new Set();
const train = [];
const heldout = [];
let total = 0;
let kept = 0;
let chars = 0;
for (const f of files) {
  const poems = JSON.parse(fs.readFileSync(path.join(poetryDir, f), 'utf8'));
  for (const p of poems) {
    total++;
    const body = cleanPoem(p.paragraphs.map((x) => toSimplified(x)));
    if (!body) continue;
    if (seen.has(body.text)) continue; // the corpus repeats a few poems under several titles
    seen.add(body.text);
    kept++;
    const title = cleanTitle(toSimplified(p.title ?? ''));
    const withTitle = title && rand() >= TITLE_FREE_FRACTION;
    const sample = withTitle ? `${title}\n${body.text}` : body.text;
    chars += [...sample].length;
    (rand() < HELDOUT ? heldout : train).push({ text: sample, title, poem: body.text, author: p.author });
  }
}

// Song after Tang, with its own RNG, so the Tang split above is the same with or without it.
let songKept = 0;
const songTrain = [];
if (WITH_SONG) {
  const songRand = seededRng(SEED + 1);
  for (const f of listFiles('song')) {
    const poems = JSON.parse(fs.readFileSync(path.join(poetryDir, f), 'utf8'));
    for (const p of poems) {
      total++;
      const body = cleanPoem(p.paragraphs.map((x) => toSimplified(x)));
      if (!body || seen.has(body.text)) continue;
      seen.add(body.text);
      kept++;
      songKept++;
      const title = cleanTitle(toSimplified(p.title ?? ''));
      const sample = title && songRand() >= TITLE_FREE_FRACTION ? `${title}\n${body.text}` : body.text;
      chars += [...sample].length;
      songTrain.push({ text: sample, title, poem: body.text, author: p.author });
    }
  }
}
const tangTrain = train.length;
for (let r = 1; r < TANG_REPEAT; r++) for (let i = 0; i < tangTrain; i++) train.push(train[i]);
for (const row of songTrain) train.push(row);
// Interleave so every stretch of the stream mixes both dynasties (seeded Fisher-Yates).
const shuffleRand = seededRng(SEED + 2);
if (WITH_SONG) {
  for (let i = train.length - 1; i > 0; i--) {
    const j = Math.floor(shuffleRand() * (i + 1));
    [train[i], train[j]] = [train[j], train[i]];
  }
}

fs.mkdirSync(args.out, { recursive: true });
const write = (name, rows) => fs.writeFileSync(path.join(args.out, name), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
write('train.jsonl', train);
write('val.jsonl', heldout);
const meta = {
  corpus: WITH_SONG
    ? 'chinese-poetry quantangshi (poet.tang.*.json and poet.song.*.json), converted to Simplified with opencc-js (tw -> cn); Song poems in the training split only'
    : 'chinese-poetry quantangshi (poet.tang.*.json), converted to Simplified with opencc-js (tw -> cn)',
  tangTrain,
  tangRepeat: TANG_REPEAT,
  songKept,
  licence: 'MIT (chinese-poetry)',
  seed: SEED,
  poemsRead: total,
  poemsKept: kept,
  train: train.length,
  heldout: heldout.length,
  characters: chars,
  titleFreeFraction: TITLE_FREE_FRACTION,
  lineBreaks: [...LINE_ENDS],
  language: 'zh',
};
fs.writeFileSync(path.join(args.out, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
console.log(`prepare_tang: read ${total} poems, kept ${kept} (5/7-char lines; Song ${songKept}), ${train.length} train / ${heldout.length} held out, ${chars} characters -> ${args.out}`);
