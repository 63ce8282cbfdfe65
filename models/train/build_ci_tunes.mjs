#!/usr/bin/env node
/**
 * @module models/train/build_ci_tunes
 * Builds the tune patterns (词谱) of the most common ci tunes from the Song ci themselves
 * (`chinese-poetry` dist/songci), for decoding ci to a tune and for judging it: `models/prosody/ci-tunes.json`.
 *
 * For each tune (the `rhythmic` field; `失调名`, "tune lost", is skipped):
 *   - lines: the commonest sequence of line lengths among its ci (lines split at `，。！？；`, `、` read as `，`),
 *     with the share of ci that follow it exactly (`modeShare`): tunes have variant forms (又一体), so not all do;
 *   - ends: the commonest punctuation closing each line of that form;
 *   - rhyme: per line, a rhyme-set label ("A", "B", …) or null. Two lines are in one set when their last
 *     characters rhyme in at least RHYME_SHARE of the tune's ci of that form; a set of one line is no rhyme place.
 *     Tunes that change rhyme (菩萨蛮, 清平乐) get several sets. Characters rhyme when they share a group of the
 *     classical table (models/prosody/zh-classical.json), else a loose modern final (pinyin-pro).
 *   - tones: per line, a string of 平 (level), 仄 (oblique) or 中 (either) per slot: a slot is fixed where at
 *     least TONE_SHARE of the ci whose character there has a known class agree (classical table, entering tone known).
 *   - corpusRhymeRate: the share of rhyme-place pairs (two lines of one set) that rhyme in the corpus ci of that
 *     form: the figure generated ci are held to.
 *
 * Usage: node models/train/build_ci_tunes.mjs [--top 30] [--also 如梦令] [--out models/prosody/ci-tunes.json]
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, dflt) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : dflt);
if (process.argv.includes('--help')) {
  console.log('usage: node models/train/build_ci_tunes.mjs [--top 30] [--also 如梦令] [--out models/prosody/ci-tunes.json]');
  process.exit(0);
}
const TOP = Number(arg('top', '30'));
/** Tunes kept beside the top ones: 如梦令 is the tune visitors know best (李清照's 常记溪亭日暮). */
const ALSO = arg('also', '如梦令').split(',').filter(Boolean);
const OUT = path.resolve(arg('out', path.join(here, '..', 'prosody', 'ci-tunes.json')));
/** Two line ends rhyme in at least this share of a tune's ci -> one rhyme set. */
const RHYME_SHARE = 0.5;
/** A slot's tone is fixed when this share of known characters agree. */
const TONE_SHARE = 0.75;
const LINE_ENDS = '，。！？；';

const require = createRequire(import.meta.url);
const ciDir = path.join(path.dirname(require.resolve('chinese-poetry/package.json')), 'dist', 'songci');
const table = JSON.parse(fs.readFileSync(path.join(here, '..', 'prosody', 'zh-classical.json'), 'utf8'));
const toneOf = new Map();
for (const ch of table.level) toneOf.set(ch, '平');
for (const ch of table.oblique) toneOf.set(ch, '仄');
const groupsOf = new Map();
for (const [g, chars] of Object.entries(table.rhymeGroups)) for (const ch of chars) groupsOf.set(ch, [...(groupsOf.get(ch) ?? []), g]);

const LOOSE = { a: 'a', ia: 'a', ua: 'a', o: 'o', e: 'o', uo: 'o', ie: 'ie', ue: 'ie', ve: 'ie', i: 'i', v: 'i', er: 'i', u: 'u',
  ai: 'ai', uai: 'ai', ei: 'ei', ui: 'ei', uei: 'ei', ao: 'ao', iao: 'ao', ou: 'ou', iu: 'ou', iou: 'ou', an: 'an', ian: 'an', uan: 'an',
  van: 'an', en: 'en', in: 'en', un: 'en', uen: 'en', vn: 'en', ang: 'ang', iang: 'ang', uang: 'ang', eng: 'eng', ing: 'eng', ueng: 'eng',
  ong: 'eng', iong: 'eng' };
/** Rhyme groups of a character: the classical table's, else its loose modern final. */
function rhymeGroups(ch) {
  const g = groupsOf.get(ch);
  if (g) return g;
  const loose = LOOSE[pinyin(ch, { pattern: 'final', toneType: 'none', v: true })];
  return loose ? [loose] : [];
}
const rhymes = (a, b) => rhymeGroups(a).some((g) => rhymeGroups(b).includes(g));

function linesOf(paragraphs) {
  const s = paragraphs.join('').replace(/（[^）]*）|\([^)]*\)/gu, '').replace(/[《》「」『』〈〉“”‘’·\s]/gu, '').replace(/、/gu, '，');
  if (!s || !LINE_ENDS.includes(s.at(-1))) return null;
  for (const ch of s) if (!LINE_ENDS.includes(ch) && !/\p{Script=Han}/u.test(ch)) return null;
  return s.match(new RegExp(`[^${LINE_ENDS}]+[${LINE_ENDS}]`, 'gu'));
}

const byTune = new Map();
for (const f of fs.readdirSync(ciDir).filter((x) => /^ci\.song\.\d+\.json$/.test(x))) {
  for (const p of JSON.parse(fs.readFileSync(path.join(ciDir, f), 'utf8'))) {
    const tune = String(p.rhythmic ?? '').split(/[·・\s]/u)[0];
    const lines = linesOf(p.paragraphs ?? []);
    if (!tune || tune === '失调名' || !lines) continue;
    byTune.set(tune, [...(byTune.get(tune) ?? []), lines]);
  }
}

const mode = (values) => {
  const n = new Map();
  for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1])[0];
};

function rhymeSets(form) {
  const L = form[0].length;
  const parent = [...Array(L).keys()];
  const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < L; i++) {
    for (let j = i + 1; j < L; j++) {
      const share = form.filter((ls) => rhymes([...ls[i]].at(-2), [...ls[j]].at(-2))).length / form.length;
      if (share >= RHYME_SHARE) parent[find(j)] = find(i);
    }
  }
  const size = new Map();
  for (let i = 0; i < L; i++) size.set(find(i), (size.get(find(i)) ?? 0) + 1);
  const label = new Map();
  return [...Array(L).keys()].map((i) => {
    if (size.get(find(i)) < 2) return null;
    if (!label.has(find(i))) label.set(find(i), String.fromCharCode(65 + label.size));
    return label.get(find(i));
  });
}

/** Share of same-set line pairs whose ends rhyme, over the given ci (each as its lines). */
export function rhymeRate(ciLines, rhyme) {
  let hit = 0;
  let all = 0;
  for (const ls of ciLines) {
    for (let i = 0; i < rhyme.length; i++) {
      for (let j = i + 1; j < rhyme.length; j++) {
        if (!rhyme[i] || rhyme[i] !== rhyme[j]) continue;
        all++;
        if (rhymes([...ls[i]].at(-2), [...ls[j]].at(-2))) hit++;
      }
    }
  }
  return all ? hit / all : 1;
}

const tunes = {};
const sorted = [...byTune].sort((a, b) => b[1].length - a[1].length);
const ranked = [...sorted.slice(0, TOP), ...sorted.slice(TOP).filter(([t]) => ALSO.includes(t))];
for (const [tune, all] of ranked) {
  const [key, count] = mode(all.map((ls) => ls.map((l) => [...l].length - 1).join(',')));
  const lengths = key.split(',').map(Number);
  const form = all.filter((ls) => ls.map((l) => [...l].length - 1).join(',') === key);
  const ends = lengths.map((_, i) => mode(form.map((ls) => ([...ls[i]].at(-1) === '，' || [...ls[i]].at(-1) === '；' ? '，' : '。')))[0]);
  const rhyme = rhymeSets(form);
  const tones = lengths.map((len, i) => [...Array(len).keys()].map((k) => {
    const known = form.map((ls) => toneOf.get([...ls[i]][k])).filter(Boolean);
    const level = known.filter((t) => t === '平').length;
    if (known.length && level / known.length >= TONE_SHARE) return '平';
    if (known.length && (known.length - level) / known.length >= TONE_SHARE) return '仄';
    return '中';
  }).join(''));
  tunes[tune] = { lines: lengths, ends, rhyme, tones, ci: all.length, formCi: count, modeShare: Number((count / all.length).toFixed(3)),
    corpusRhymeRate: Number(rhymeRate(form, rhyme).toFixed(3)) };
}
const out = {
  about: 'Ci tune patterns (词谱) of the most common tunes, measured from the Song ci of chinese-poetry by models/train/build_ci_tunes.mjs. '
    + 'lines: line lengths of the commonest form; ends: its punctuation; rhyme: rhyme-set label per line (null: no rhyme place); '
    + 'tones: 平 level, 仄 oblique, 中 either per slot; corpusRhymeRate: share of same-set line pairs that rhyme in the corpus.',
  rhymeShare: RHYME_SHARE, toneShare: TONE_SHARE, tunes,
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(out, null, 1) + '\n');
console.log(`build_ci_tunes: ${Object.keys(tunes).length} tunes -> ${OUT}`);
for (const [t, p] of Object.entries(tunes)) console.log(`  ${t}: ${p.lines.join(' ')} | rhyme ${p.rhyme.map((r) => r ?? '-').join('')} | form ${p.formCi}/${p.ci} | corpus rhyme ${p.corpusRhymeRate}`);
