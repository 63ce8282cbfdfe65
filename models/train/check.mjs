#!/usr/bin/env -S npx tsx
/**
 * @module models/train/check
 * Loads an exported model folder offline with @huggingface/transformers, generates from a
 * prompt with the folder's own inkverse.json sampling (plain transformers.js sampling, no
 * form constraints), and prints the text, load time and tokens/s.  With --samples N it also
 * measures the share of complete lines with 5 or 7 characters (zh) and of lines found
 * verbatim in the model's corpus-lines.u32.
 *
 * Run through tsx (it imports engine/originality/corpusIndex.ts):
 *   npx tsx models/train/check.mjs models/tang-poet-zh '秋风吹落满地黄叶，' [--samples 50] [--seed 1]
 *     [--dtype fp32|q8] [--max-tokens N] [--temperature T] [--top-k K] [--top-p P] [--json OUT.json] [--quiet]
 *
 * Note: @huggingface/transformers 4.3.2 applies temperature and top_k (default 50; 0 = whole
 * vocabulary) when sampling but not top_p (its TopPLogitsWarper is commented out).
 */
import fs from 'node:fs';
import path from 'node:path';
import { env, pipeline, random } from '@huggingface/transformers';
import { CorpusIndex, normalizeLine, MIN_LINE_CHARS } from '../../engine/originality/corpusIndex.ts';

const argv = process.argv.slice(2);
const positional = [];
const opts = { samples: '1', seed: '1', dtype: '', 'max-tokens': '', json: '', quiet: false, temperature: '', 'top-k': '', 'top-p': '' };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--quiet') opts.quiet = true;
  else if (a.startsWith('--')) opts[a.slice(2)] = argv[++i] ?? '';
  else positional.push(a);
}
const [folderArg, prompt] = positional;
if (!folderArg || prompt === undefined) {
  console.error('usage: npx tsx models/train/check.mjs <model-folder> <prompt> [--samples N] [--seed S] [--dtype fp32|q8] [--json OUT]');
  process.exit(2);
}
const folder = path.resolve(folderArg);
const ink = JSON.parse(fs.readFileSync(path.join(folder, 'inkverse.json'), 'utf8'));
const config = JSON.parse(fs.readFileSync(path.join(folder, 'config.json'), 'utf8'));
const dtype = opts.dtype || config['transformers.js_config']?.dtype || 'fp32';
const samples = Number(opts.samples);
const seed = Number(opts.seed);
const maxTokens = Number(opts['max-tokens'] || ink.sampling.max_tokens);

// Offline: only the local folder, never the Hub.
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = path.dirname(folder) + path.sep;

const t0 = performance.now();
const generator = await pipeline('text-generation', path.basename(folder), { dtype, device: 'cpu' });
const loadMs = performance.now() - t0;

const indexPath = path.join(folder, 'corpus-lines.u32');
const index = fs.existsSync(indexPath) ? CorpusIndex.load(indexPath, ink.language === 'en' ? 'en' : 'zh') : null;
const breaks = ink.lineBreaks;
// Overrides for trying sampling settings before writing them into a spec.
const s = { ...ink.sampling };
if (opts.temperature) s.temperature = Number(opts.temperature);
if (opts['top-k']) s.top_k = Number(opts['top-k']);
if (opts['top-p']) s.top_p = Number(opts['top-p']);

let genTokens = 0;
let genMs = 0;
let lines = 0;
let formLines = 0;
let indexed = 0;
let verbatim = 0;
const outputs = [];
for (let i = 0; i < samples; i++) {
  random.seed(seed + i); // transformers.js samples with its own Mersenne Twister
  const t = performance.now();
  // The check is of the raw model: the prompt is sent as written (a poem opening or a line to continue).
  const [out] = await generator(prompt, {
    do_sample: true,
    temperature: s.temperature,
    top_k: s.top_k,
    top_p: s.top_p,
    repetition_penalty: s.repetition_penalty,
    max_new_tokens: maxTokens,
    return_full_text: false,
  });
  genMs += performance.now() - t;
  const text = out.generated_text;
  // Char-level tokenizer: one token per character; +1 for an end-of-text token when it
  // stopped early (skipped in the text but generated all the same).
  const n = [...text].length;
  genTokens += n < maxTokens ? n + 1 : n;
  outputs.push(text);
  // Complete lines only (a line cut off by max_tokens says nothing about form), and only lines
  // with generated characters: a prompt that stops mid-line is finished by the model.
  const full = [...(prompt + text)];
  const promptLen = [...prompt].length;
  let cur = '';
  full.forEach((ch, k) => {
    if (ch === '\n' && !breaks.includes(ch)) {
      cur = ''; // a title line (`title\n` prompt format): not a verse line
      return;
    }
    if (!breaks.includes(ch)) {
      cur += ch;
      return;
    }
    if (k >= promptLen) {
      lines++;
      if (ink.language === 'zh' && [5, 7].includes([...cur].length)) formLines++;
      if (index && [...normalizeLine(cur, index.language)].length >= MIN_LINE_CHARS) {
        indexed++;
        if (index.has(cur)) verbatim++;
      }
    }
    cur = '';
  });
  if (!opts.quiet) console.log(`[${i}] ${prompt}${text}`);
}
const result = {
  model: path.basename(folder),
  dtype,
  prompt,
  samples,
  seed,
  sampling: { ...s, max_tokens: maxTokens },
  loadMs,
  tokensPerSecond: genTokens / (genMs / 1000),
  generatedTokens: genTokens,
  lines,
  lineLengthShare: ink.language === 'zh' ? formLines / Math.max(1, lines) : null,
  indexedLines: indexed,
  verbatimShare: verbatim / Math.max(1, indexed),
  example: prompt + (outputs[0] ?? ''),
};
console.log(
  `${result.model} ${dtype}: load ${loadMs.toFixed(0)} ms | ${result.tokensPerSecond.toFixed(1)} tokens/s over ${genTokens} tokens` +
    ` | ${lines} complete lines` +
    (result.lineLengthShare !== null ? ` | 5/7-char lines ${(result.lineLengthShare * 100).toFixed(1)}%` : '') +
    (index ? ` | verbatim corpus lines ${verbatim}/${indexed} (${(result.verbatimShare * 100).toFixed(1)}%)` : ''),
);
if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(result, null, 2) + '\n');
