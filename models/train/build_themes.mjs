#!/usr/bin/env node
/**
 * @module models/train/build_themes
 * Builds the semantic classes a verse's theme memory and the coherence figures use (`models/prosody/zh-themes.json`):
 * which characters and two-character words mark a season (春夏秋冬) or a time of day, measured from the Tang corpus
 * by co-occurrence, then checked by hand.
 *
 * For each class the seed characters name it outright (秋 for autumn; 暮 and 夕 for evening). Every poem naming exactly
 * one class of a family (one season, say) is labelled with it. A character or two-character word then marks a class
 * when it appears in at least MIN_POEMS labelled poems and the share of them carrying that class is MIN_GAIN of the way
 * from the class's base rate to certainty, or, for a class as rare as summer or winter, RARE_LIFT times its base rate.
 *
 * Only seasons are built. The same measure over times of day (晓晨 / 暮夕 / 夜) proposed mostly noise, since Tang verse
 * pairs morning with evening (朝…暮, 旦夕) in one line: a reader could not check such classes, so none ship. The REJECTED table below holds the candidates a reader struck out by
 * hand (the measure's mistakes: words that follow a season by habit, not by meaning), each with the reason.
 *
 * Usage: node models/train/build_themes.mjs [--out models/prosody/zh-themes.json] [--candidates 40]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tangPoems } from './tangPoems.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, dflt) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : dflt);
if (process.argv.includes('--help')) {
  console.log('usage: node models/train/build_themes.mjs [--out models/prosody/zh-themes.json] [--candidates 40]');
  process.exit(0);
}
const OUT = path.resolve(arg('out', path.join(here, '..', 'prosody', 'zh-themes.json')));
const CANDIDATES = Number(arg('candidates', '40'));
const MIN_POEMS = 15;
/** How far from the class's base rate toward certainty a marker's share must be (a common class needs more). */
const MIN_GAIN = 0.4;
/** For a rare class (summer, winter: 2-3% of labelled poems) this many times its base rate is enough, at least RARE_FLOOR. */
const RARE_LIFT = 8;
const RARE_FLOOR = 0.25;

/** Families of classes, each class named by its seed characters. */
const FAMILIES = {
  season: { spring: '春', summer: '夏暑', autumn: '秋', winter: '冬腊' },
};

/**
 * Candidates struck out by hand, with why. Checked 2026-12-07 against the candidate list this script prints
 * (`--candidates 40`): what remains marks its class in any poem, not only in the poems that happened to name it.
 */
const REJECTED = {
  // spring
  '花': 'flowers bloom in every season, and 花 is a common metaphor', '暖': 'warmth: spring and summer alike',
  '梅': 'plum blossom opens in winter as well as early spring', '绣': 'embroidery: palace poems, not the season',
  '津': 'a ford: a place', '妆': 'make-up: palace poems', '娇': 'a quality', '滨': 'a shore: a place',
  '堤': 'an embankment: a place', '占': 'a verb', '风光': 'scenery in any season',
  // autumn
  '霜': 'frost also means white hair (两鬓霜), and falls in winter', '凉': 'coolness: summer nights and autumn alike',
  '月明': 'moonlight in any season', '澄': 'a quality (clear)', '簟': 'a bamboo mat: summer', '磬': 'a chime stone: temples',
  '巡': 'a verb (to tour)', '月色': 'moonlight', '寒山': 'cold hills: autumn and winter alike',
  '月满': 'the full moon in any season', '噪': 'noise', '清光': 'moonlight', '沧洲': 'a place', '蟾': 'the moon (toad)',
  // summer and winter: Tang verse seldom names them (4% and 3% of labelled poems), and 夏 there is often the monks'
  // summer retreat (坐夏), so what co-occurs is noise; these classes keep their seeds only
  '徂': 'a verb (to go)', '屦': 'straw sandals: monks', '亘': 'a verb', '蚊': 'mosquitoes: too few poems to judge',
  '坐石': 'sitting on a rock: monks', '膳': 'meals', '朔方': 'a place (the northern frontier)', '稔': 'a harvest year', '积雪': 'snow lies in spring verse too (春雪)',
  '雪下': 'snow falls in spring verse too', '八十': 'an age', '颠倒': 'a verb', '本作': "an editor's variant note",
};

const poems = [...tangPoems()].filter((lines) => lines.length).map((lines) => lines.map((l) => l.join('')));

/** Units of a poem: its characters and its within-line two-character words, each once. */
function unitsOf(lines) {
  const u = new Set();
  for (const l of lines) {
    const c = [...l];
    c.forEach((ch, i) => {
      u.add(ch);
      if (i + 1 < c.length) u.add(ch + c[i + 1]);
    });
  }
  return u;
}

const out = { about: '', families: {} };
for (const [family, classes] of Object.entries(FAMILIES)) {
  const seeds = new Set(Object.values(classes).join(''));
  const counts = new Map();
  const base = Object.fromEntries(Object.keys(classes).map((c) => [c, 0]));
  let labelled = 0;
  for (const lines of poems) {
    const text = lines.join('');
    const named = Object.entries(classes).filter(([, s]) => [...s].some((ch) => text.includes(ch))).map(([c]) => c);
    if (named.length !== 1) continue;
    labelled++;
    base[named[0]]++;
    for (const u of unitsOf(lines)) {
      if ([...u].some((ch) => seeds.has(ch))) continue; // naming the class outright is the seed's job
      const row = counts.get(u) ?? { all: 0 };
      row.all++;
      row[named[0]] = (row[named[0]] ?? 0) + 1;
      counts.set(u, row);
    }
  }
  const fam = { seeds: classes, labelledPoems: labelled, classes: {}, candidates: {} };
  for (const cls of Object.keys(classes)) {
    const rate = base[cls] / labelled;
    const cands = [...counts]
      .filter(([, r]) => r.all >= MIN_POEMS && (r[cls] ?? 0) / r.all >= Math.min(rate + (1 - rate) * MIN_GAIN, Math.max(RARE_LIFT * rate, RARE_FLOOR)))
      .map(([u, r]) => ({ unit: u, poems: r.all, share: (r[cls] ?? 0) / r.all }))
      .sort((a, b) => b.poems * Math.log(b.share / rate) - a.poems * Math.log(a.share / rate))
      .slice(0, CANDIDATES);
    // A word whose characters already mark the class adds nothing.
    const kept = [];
    for (const c of cands) {
      if (REJECTED[c.unit]) continue;
      if ([...c.unit].length === 2 && [...c.unit].some((ch) => kept.includes(ch))) continue;
      kept.push(c.unit);
    }
    fam.classes[cls] = [...classes[cls], ...kept];
    fam.candidates[cls] = cands.map((c) => `${c.unit} ${c.poems} ${(c.share * 100).toFixed(0)}%${REJECTED[c.unit] ? ' (rejected)' : ''}`);
    fam.baseRate = { ...(fam.baseRate ?? {}), [cls]: Number(rate.toFixed(3)) };
  }
  out.families[family] = fam;
}
// Stock phrases: the commonest within-line trigrams, and the share of all trigram positions they fill in the corpus
// (the rate a verse is held to: leaning on them more is formulaic, not using them at all is no aim either).
const STOCK = 20000;
const trigrams = new Map();
let positions = 0;
for (const lines of poems) {
  for (const l of lines) {
    const c = [...l];
    for (let i = 0; i + 3 <= c.length; i++, positions++) {
      const g = c.slice(i, i + 3).join('');
      trigrams.set(g, (trigrams.get(g) ?? 0) + 1);
    }
  }
}
const stock = [...trigrams].sort((a, b) => b[1] - a[1]).slice(0, STOCK);
out.stock = { trigrams: stock.map(([g]) => g), share: Number((stock.reduce((n, [, k]) => n + k, 0) / positions).toFixed(5)) };
out.about = `Semantic classes of the Tang corpus (${poems.length} poems, chinese-poetry, Simplified), by models/train/build_themes.mjs: `
  + `a unit marks a class when >= ${MIN_POEMS} labelled poems hold it and the share of them naming that class is ${MIN_GAIN * 100}% of the way from the base rate to certainty, or for a rare class ${RARE_LIFT}x its base rate (at least ${RARE_FLOOR * 100}%); `
  + 'hand-rejected candidates are listed in the script with reasons. classes: the seeds, then the markers kept; candidates: what the measure proposed. '
  + `stock: the ${STOCK} commonest within-line trigrams and the share of trigram positions they fill in the corpus.`;
out.rejected = REJECTED;
fs.writeFileSync(OUT, JSON.stringify(out, null, 1) + '\n');
console.log(`build_themes: ${poems.length} poems -> ${OUT}`);
for (const [family, fam] of Object.entries(out.families)) {
  for (const [cls, list] of Object.entries(fam.candidates)) console.log(`${family}.${cls} (base ${fam.baseRate[cls]}): ${list.join(' | ')}`);
}
