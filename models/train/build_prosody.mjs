#!/usr/bin/env node
/**
 * @module models/train/build_prosody
 * Builds the classical prosody tables the engine decodes with (`models/prosody/zh-classical.json`), from the
 * corpus itself:
 *   - level (平) / oblique (仄) class of each character: the per-character majority over every poem whose
 *     `chinese-poetry` strains pattern (dist/strains/json/poet.*.json, joined to the poem by `id`) aligns with
 *     its text character by character. It knows the entering tone (入声), which modern pinyin has lost.
 *     Characters read both ways often (minority ≥ EITHER_SHARE) are listed as `either`.
 *   - rhyme groups: the characters that end the even lines of regulated poems (4 or 8 lines, all 5 or all 7
 *     characters) rhyme together. Groups start from modern finals (pinyin-pro, the 13 loose classes) and each
 *     rhyme character then moves to the group it actually rhymes with most in the corpus (a few rounds of label
 *     propagation), so 斜 joins 家 as Tang poets used it. A character that rhymes with a second group in
 *     ≥ SECOND_SHARE of its rhymes is listed there too. Characters seen rhyming fewer than MIN_RHYMES times keep
 *     their modern group (the cross-check): the corpus decides only where it has evidence.
 * Text is converted to Simplified with opencc-js (tw -> cn), as prepare_tang.mjs does.
 *
 * Usage: node models/train/build_prosody.mjs [--out models/prosody/zh-classical.json]
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

const here = path.dirname(fileURLToPath(import.meta.url));
const outArg = process.argv.indexOf('--out');
const OUT = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(here, '..', 'prosody', 'zh-classical.json');
/** Fewest aligned occurrences for a character to get a tone class. */
const MIN_TONE = 2;
/** A minority reading this common makes the character `either`. */
const EITHER_SHARE = 0.3;
const MIN_RHYMES = 3;
const SECOND_SHARE = 0.3;

const require = createRequire(import.meta.url);
const dist = path.join(path.dirname(require.resolve('chinese-poetry/package.json')), 'dist');
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const HAN = /\p{Script=Han}/u;
const simple = new Map();
/** One character to Simplified, alone (a phrase-level conversion could change the length). */
const simplify = (ch) => {
  let s = simple.get(ch);
  if (s === undefined) {
    s = toSimplified(ch);
    if ([...s].length !== 1) s = ch;
    simple.set(ch, s);
  }
  return s;
};

/** The 13 loose rhyme classes (十三辙) of modern finals. Kept in step with engine/prosody/modernFinals.ts. */
const LOOSE = {
  a: 'a', ia: 'a', ua: 'a',
  o: 'o', e: 'o', uo: 'o',
  ie: 'ie', ue: 'ie', ve: 'ie',
  i: 'i', v: 'i', er: 'i',
  u: 'u',
  ai: 'ai', uai: 'ai',
  ei: 'ei', ui: 'ei', uei: 'ei',
  ao: 'ao', iao: 'ao',
  ou: 'ou', iu: 'ou', iou: 'ou',
  an: 'an', ian: 'an', uan: 'an', van: 'an',
  en: 'en', in: 'en', un: 'en', uen: 'en', vn: 'en',
  ang: 'ang', iang: 'ang', uang: 'ang',
  eng: 'eng', ing: 'eng', ong: 'eng', iong: 'eng', ueng: 'eng',
};
const looseOf = (ch) => LOOSE[pinyin(ch, { pattern: 'final', toneType: 'none', v: true })] ?? null;

function readAll(dir, prefix) {
  const out = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.json'))) {
    out.push(...JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  }
  return out;
}

const strains = new Map();
for (const s of readAll(path.join(dist, 'strains', 'json'), 'poet.')) strains.set(s.id, s.strains);
const poems = [...readAll(path.join(dist, 'quantangshi'), 'poet.tang.'), ...readAll(path.join(dist, 'quantangshi'), 'poet.song.')];

const tone = new Map(); // char -> [level, oblique]
const rhymePairs = new Map(); // char -> Map(char -> count)
const rhymeCount = new Map();
let aligned = 0;
let regulated = 0;
for (const poem of poems) {
  const lines = poem.paragraphs.join('').split(/[，。！？；]/u).map((l) => [...l].filter((c) => HAN.test(c)).map(simplify)).filter((l) => l.length > 0);
  const pattern = strains.get(poem.id);
  if (pattern) {
    const marks = pattern.join('').split(/[，。！？；]/u).map((l) => [...l].filter((c) => c === '平' || c === '仄' || c === '○')).filter((l) => l.length > 0);
    if (marks.length === lines.length && marks.every((m, i) => m.length === lines[i].length)) {
      aligned++;
      lines.forEach((line, i) =>
        line.forEach((ch, j) => {
          const m = marks[i][j];
          if (m === '○') return;
          const t = tone.get(ch) ?? [0, 0];
          t[m === '平' ? 0 : 1]++;
          tone.set(ch, t);
        }),
      );
    }
  }
  const len = lines[0]?.length;
  if ((lines.length === 4 || lines.length === 8) && (len === 5 || len === 7) && lines.every((l) => l.length === len)) {
    regulated++;
    const ends = lines.filter((_, i) => i % 2 === 1).map((l) => l.at(-1));
    for (const a of ends) {
      rhymeCount.set(a, (rhymeCount.get(a) ?? 0) + 1);
      for (const b of ends) {
        if (a === b) continue;
        const m = rhymePairs.get(a) ?? new Map();
        m.set(b, (m.get(b) ?? 0) + 1);
        rhymePairs.set(a, m);
      }
    }
  }
}

let level = '';
let oblique = '';
let either = '';
let agreeing = 0;
let occurrences = 0;
for (const [ch, [p, z]] of [...tone].sort((a, b) => a[0].localeCompare(b[0]))) {
  if (p + z < MIN_TONE) continue;
  occurrences += p + z;
  agreeing += Math.max(p, z);
  if (Math.min(p, z) / (p + z) >= EITHER_SHARE) either += ch;
  else if (p > z) level += ch;
  else oblique += ch;
}

// Rhyme groups: label propagation from the modern loose classes.
const label = new Map();
for (const ch of rhymeCount.keys()) label.set(ch, looseOf(ch));
for (let round = 0; round < 5; round++) {
  let moved = 0;
  for (const [ch, n] of rhymeCount) {
    if (n < MIN_RHYMES) continue;
    const votes = new Map();
    for (const [other, c] of rhymePairs.get(ch) ?? []) {
      const l = label.get(other);
      if (l) votes.set(l, (votes.get(l) ?? 0) + c);
    }
    const best = [...votes].sort((a, b) => b[1] - a[1])[0];
    if (best && best[0] !== label.get(ch)) {
      label.set(ch, best[0]);
      moved++;
    }
  }
  if (moved === 0) break;
}
const groups = new Map();
const add = (g, ch) => {
  if (!g) return;
  const set = groups.get(g) ?? new Set();
  set.add(ch);
  groups.set(g, set);
};
let modernAgree = 0;
for (const [ch, n] of rhymeCount) {
  const main = label.get(ch);
  add(main, ch);
  if (main === looseOf(ch)) modernAgree++;
  if (n < MIN_RHYMES) continue;
  const votes = new Map();
  let total = 0;
  for (const [other, c] of rhymePairs.get(ch) ?? []) {
    const l = label.get(other);
    if (!l) continue;
    votes.set(l, (votes.get(l) ?? 0) + c);
    total += c;
  }
  for (const [l, c] of votes) if (l !== main && c / total >= SECOND_SHARE) add(l, ch);
}

const table = {
  about:
    'Classical prosody tables built by models/train/build_prosody.mjs from npm chinese-poetry (Tang and Song shi, MIT): level/oblique class by per-character majority of the strains patterns; rhyme groups from even-line ends of regulated poems, seeded with modern finals (pinyin-pro). Simplified script.',
  stats: {
    poems: poems.length,
    alignedWithStrains: aligned,
    regulatedPoems: regulated,
    toneCharacters: level.length + oblique.length + either.length,
    majorityAgreement: Math.round((agreeing / occurrences) * 10000) / 10000,
    rhymeCharacters: rhymeCount.size,
    rhymeGroupAgreesWithModernFinal: Math.round((modernAgree / rhymeCount.size) * 10000) / 10000,
  },
  level,
  oblique,
  either,
  rhymeGroups: Object.fromEntries([...groups].sort((a, b) => a[0].localeCompare(b[0])).map(([g, set]) => [g, [...set].join('')])),
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(table, null, 1)}\n`);
process.stderr.write(`${OUT}: ${JSON.stringify(table.stats)}\n`);
