#!/usr/bin/env node
/**
 * @module models/train/prepare_ci
 * Builds the shi + ci (词) training corpus: the Tang shi split written by prepare_tang.mjs plus the Song ci
 * of `chinese-poetry` (dist/songci), each ci prefixed by its tune so the model learns to write to one.
 *
 * Sample formats (what the model learns; what the engine sends for a ci):
 *   - ci:  `词牌<tune>\n<ci>`   e.g. `词牌如梦令\n常记溪亭日暮，沉醉不知归路。…`
 *   - shi: as prepare_tang.mjs writes them (`<title>\n<poem>` or `<poem>`).
 * "词牌" opens no shi title of the corpus, so it marks the tune without a character the vocabulary lacks.
 * The ci is one run of text with its line punctuation (`，。！？；`, `、` read as `，`), no newlines.
 *
 * With --vocab <tokenizer.json> (fine-tuning an existing model), a ci with a character outside that
 * vocabulary is left out rather than taught as <unk>.
 *
 * Usage: npx tsx models/train/prepare_ci.mjs [--tang work/tang] [--out work/tangci] [--vocab FILE]
 *        [--seed 1234] [--heldout 0.03] [--ci-repeat 2]
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { seededRng } from '../../engine/rng.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = { tang: path.join(here, 'work', 'tang'), out: path.join(here, 'work', 'tangci'), vocab: '', seed: '1234', heldout: '0.03', 'ci-repeat': '2' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) args[argv[i].slice(2)] = argv[++i] ?? '';
if (argv.includes('--help')) {
  console.log('usage: npx tsx models/train/prepare_ci.mjs [--tang DIR] [--out DIR] [--vocab tokenizer.json] [--seed N] [--heldout 0.03] [--ci-repeat 2]');
  process.exit(0);
}
const LINE_ENDS = '，。！？；';
export const TUNE_PREFIX = '词牌';

const require = createRequire(import.meta.url);
const ciDir = path.join(path.dirname(require.resolve('chinese-poetry/package.json')), 'dist', 'songci');
const vocab = args.vocab ? new Set(Object.keys(JSON.parse(fs.readFileSync(args.vocab, 'utf8')).model.vocab)) : null;

/** One ci's text, or null when it has lacunae, markup or (with a vocabulary) characters the model lacks. */
function cleanCi(paragraphs) {
  let s = paragraphs.join('').replace(/（[^）]*）|\([^)]*\)/gu, '').replace(/[《》「」『』〈〉“”‘’·\s]/gu, '').replace(/、/gu, '，');
  if (!s || !LINE_ENDS.includes(s.at(-1))) return null;
  for (const ch of s) {
    if (LINE_ENDS.includes(ch)) continue;
    if (!/\p{Script=Han}/u.test(ch)) return null;
    if (vocab && !vocab.has(ch)) return 'oov';
  }
  return s;
}

const rand = seededRng(Number(args.seed));
const files = fs.readdirSync(ciDir).filter((f) => /^ci\.song\.\d+\.json$/.test(f)).sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]));
const ciTrain = [];
const ciHeld = [];
const counts = { read: 0, kept: 0, oov: 0, unusable: 0 };
const tunes = new Map();
for (const f of files) {
  for (const p of JSON.parse(fs.readFileSync(path.join(ciDir, f), 'utf8'))) {
    counts.read++;
    const tune = String(p.rhythmic ?? '').split(/[·・\s]/u)[0];
    const text = cleanCi(p.paragraphs ?? []);
    if (text === 'oov') { counts.oov++; continue; }
    // 失调名 ("tune name lost") names no tune: those ci would teach the prefix nothing.
    if (!text || !tune || tune === '失调名' || ![...tune].every((c) => /\p{Script=Han}/u.test(c) && (!vocab || vocab.has(c)))) { counts.unusable++; continue; }
    counts.kept++;
    tunes.set(tune, (tunes.get(tune) ?? 0) + 1);
    const row = { text: `${TUNE_PREFIX}${tune}\n${text}`, tune, poem: text, author: p.author, form: 'ci' };
    (rand() < Number(args.heldout) ? ciHeld : ciTrain).push(row);
  }
}
const readJsonl = (file) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const shi = readJsonl(path.join(args.tang, 'train.jsonl'));
const train = [...shi];
for (let r = 0; r < Number(args['ci-repeat']); r++) train.push(...ciTrain);
const shuffle = seededRng(Number(args.seed) + 7);
for (let i = train.length - 1; i > 0; i--) {
  const j = Math.floor(shuffle() * (i + 1));
  [train[i], train[j]] = [train[j], train[i]];
}
fs.mkdirSync(args.out, { recursive: true });
const write = (name, rows) => fs.writeFileSync(path.join(args.out, name), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
write('train.jsonl', train);
write('val.jsonl', ciHeld); // the held-out figure that moves is the ci one; the Tang held-out set stays beside it
fs.copyFileSync(path.join(args.tang, 'val.jsonl'), path.join(args.out, 'val_shi.jsonl'));
const top = [...tunes].sort((a, b) => b[1] - a[1]);
const meta = {
  corpus: 'chinese-poetry songci (ci.song.*.json, already Simplified) with the tune as a prefix, plus the Tang shi training split of prepare_tang.mjs',
  licence: 'MIT (chinese-poetry)', seed: Number(args.seed), tunePrefix: TUNE_PREFIX, ciRead: counts.read, ciKept: counts.kept,
  ciOutOfVocabulary: counts.oov, ciUnusable: counts.unusable, ciTrain: ciTrain.length, ciHeldout: ciHeld.length,
  ciRepeat: Number(args['ci-repeat']), shiTrain: shi.length, train: train.length, tunes: tunes.size, topTunes: top.slice(0, 30),
  lineBreaks: [...LINE_ENDS], language: 'zh',
};
fs.writeFileSync(path.join(args.out, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
console.log(`prepare_ci: ${counts.read} ci read, ${counts.kept} kept (${counts.oov} with characters outside the vocabulary, ${counts.unusable} unusable), ${tunes.size} tunes; ${train.length} train samples (${shi.length} shi + ${ciTrain.length} ci x${args['ci-repeat']}), ${ciHeld.length} ci held out -> ${args.out}`);
