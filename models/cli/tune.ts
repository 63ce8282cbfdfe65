/**
 * @module models/cli/tune: `npm run models:tune -- --from <base> --corpus <poems> --name <name>`: fine-tunes a shipped
 * model on an artist's own poems and writes a model folder in the shipped layout (int8 ONNX, tokenizer, verse profile,
 * card). Steps: prepare (tunePrepare) -> train (train.py, resumable) -> export (export.py) into a staging folder ->
 * measure (tuneMeasure) -> card (tuneCard) -> the staging folder is moved into place. Nothing appears in the output
 * folder until the end. Progress goes to stderr, the summary to stdout.
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setLogLevel } from '../../engine/log.ts';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { ModelRegistry, readModelFolder } from '../../engine/modelRegistry.ts';
import { defaultThreads } from '../../engine/transformersGeneratorOptions.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { UsageError, intOption, parseCliArgs, runCli } from './cliMain.ts';
import { prepareTune } from './tunePrepare.ts';
import { TRAIN_DIR, exportTune, trainTune, type TrainSettings } from './tuneSteps.ts';
import { tuneCard } from './tuneCard.ts';
import { shellWord } from './evalMarkdown.ts';

// Measured on the sample poet (2 busy cores, ~40 steps): lr 1e-3 with dropout 0.1 raised held-out perplexity from 112
// to 125 in 20 steps (the base was trained without dropout; a large first step unsettles it), hence gentler settings.
const DEFAULTS = { minutes: 9, lr: 0.0003, batch: 16, dropout: 0, warmup: 0.15, mix: 0.5, heldout: 0.1, seed: 1234, samples: 20 };

const USAGE = `Usage: npm run models:tune -- --from <base> --corpus <poems> --name <name> [options]

Fine-tunes a shipped model (tang-poet-zh for Chinese, verse-en for English) on your own poems and writes
models/<name>/ (or --out DIR) in the shipped layout: int8 ONNX weights, tokenizer, the base's verse profile
(inkverse.json) and a model card (README.md) with held-out perplexity base vs tuned, your over-used characters
in base and tuned verses, the share of generated lines that copy your own, and the models:eval figures.
With 100-1,000 poems it takes about ${DEFAULTS.minutes + 4} minutes on 2 cores. Ctrl-C saves the training checkpoint;
the same command resumes it. Then: INKVERSE_MODEL=models/<name> npm start

The poems file: UTF-8 text, one poem per block of lines, a blank line between poems, an optional "# title"
line first; or JSON lines, one {"title": "...", "text": "..."} per line. At least 30 poems.

Options:
  --from NAME|PATH   base model: a folder under models/ or a path (required)
  --corpus FILE      your poems (required)
  --name NAME        the new model's name and folder under models/ (required unless --out)
  --out DIR          write the model folder here instead of models/<name>/
  --heldout-file F   poems to hold out (same format) instead of a tenth of --corpus
  --minutes N        training time budget in minutes (default ${DEFAULTS.minutes})
  --mix X            share of training text drawn from the base corpus, 0-0.9 (default ${DEFAULTS.mix})
  --lr X             peak learning rate (default ${DEFAULTS.lr})
  --samples N        verses per model for the card's measurements (default ${DEFAULTS.samples})
  --seed N           seed of the split, the mix, the training and the verses (default ${DEFAULTS.seed})
  --work DIR         the training folder (checkpoint, prepared text; default models/train/work/tune/<name>)
  --description TEXT the model's one-line description (inkverse.json, the card, the console's model list)
  --note TEXT        a line for the card's Notes (repeatable): where the poems come from, their licence
  --no-ngrams        skip attested n-grams in the card (Chinese; saves about 20 s)
  -h, --help         this text`;

function numberOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, not "${raw}".`);
  return n;
}

/** Moves the finished staging folder to `out` (copying when they are on different disks). */
function moveInto(staging: string, out: string): void {
  mkdirSync(path.dirname(out), { recursive: true });
  try {
    renameSync(staging, out);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const partial = `${out}.partial-${process.pid}`;
    cpSync(staging, partial, { recursive: true });
    renameSync(partial, out);
    rmSync(staging, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const { values } = parseCliArgs({
    options: {
      from: { type: 'string' }, corpus: { type: 'string' }, name: { type: 'string' }, out: { type: 'string' },
      'heldout-file': { type: 'string' }, work: { type: 'string' }, minutes: { type: 'string' }, mix: { type: 'string' }, lr: { type: 'string' },
      samples: { type: 'string' }, seed: { type: 'string' }, description: { type: 'string' }, note: { type: 'string', multiple: true }, 'no-ngrams': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.from) throw new UsageError('Give the base model: --from tang-poet-zh (Chinese) or --from verse-en (English), or a path to a model folder.');
  if (!values.corpus) throw new UsageError('Give your poems: --corpus my-poems.txt.');
  if (!values.name && !values.out) throw new UsageError('Give the new model a name: --name my-voice (or a folder: --out DIR).');
  const name = values.name ?? path.basename(path.resolve(values.out!));
  if (!/^[a-z0-9][a-z0-9._-]*$/iu.test(name)) throw new UsageError(`--name must be letters, digits, dots, dashes or underscores (a folder name), not "${name}".`);
  const out = path.resolve(values.out ?? path.join(PROJECT_ROOT, 'models', name));
  if (!process.env.LOG_LEVEL) setLogLevel('error');
  const progress = (m: string): void => void process.stderr.write(`models:tune: ${m}\n`);

  const base = new ModelRegistry(path.join(PROJECT_ROOT, 'models')).get(values.from);
  if (base.weights !== 'onnx') throw new InkverseError('INKVERSE_E_TUNE', `${base.name} is a profile-only model (no ONNX weights in ${base.dir}); tune a model with weights, such as tang-poet-zh or verse-en.`);
  if (existsSync(out)) throw new InkverseError('INKVERSE_E_TUNE', `${out} already exists; nothing was changed. Choose another --name or --out, or delete that folder first.`);
  const settings: TrainSettings = {
    minutes: numberOption('minutes', values.minutes, DEFAULTS.minutes, 0.1, 600), lr: numberOption('lr', values.lr, DEFAULTS.lr, 1e-6, 0.1),
    batch: DEFAULTS.batch, dropout: DEFAULTS.dropout, warmup: DEFAULTS.warmup, seed: intOption('seed', values.seed, DEFAULTS.seed, 0),
  };
  const samples = intOption('samples', values.samples, DEFAULTS.samples, 1);
  const workDir = path.resolve(values.work ?? path.join(TRAIN_DIR, 'work', 'tune', name));

  progress(`1/4 reading ${values.corpus} for ${base.name}`);
  const prep = prepareTune({
    corpus: values.corpus, heldoutFile: values['heldout-file'] ?? null, heldoutShare: DEFAULTS.heldout,
    mix: numberOption('mix', values.mix, DEFAULTS.mix, 0, 0.9), seed: settings.seed, trainSettings: { ...settings, minutes: undefined },
  }, base, workDir);
  progress(`${prep.trainPoems} poems to train on, ${prep.heldoutPoems} held out, ${prep.mixSamples} base samples mixed in; ` +
    `${prep.fit.mapped.length} characters mapped, ${prep.fit.missing.length} missing (${prep.fit.linesDropped} lines left out)`);
  progress(`2/4 training for ${settings.minutes} minutes of step time (ETA below is training only; export and measuring take about 3-5 minutes more)`);
  const train = await trainTune(base, workDir, settings);
  if (!train.final) throw new InkverseError('INKVERSE_E_TUNE', 'Training stopped before its budget; run the same command again to resume.');

  progress('3/4 exporting int8 weights');
  const staging = path.join(workDir, 'export', name);
  rmSync(staging, { recursive: true, force: true });
  const description = values.description ?? `${name}: ${base.name} tuned on ${prep.trainPoems} poems of ${path.basename(values.corpus)} (models:tune).`;
  await exportTune(base, workDir, staging, name, description);
  cpSync(path.join(workDir, 'val.jsonl'), path.join(staging, 'heldout.jsonl'));

  progress('4/4 measuring base and tuned model');
  const tuned = readModelFolder(staging);
  // Loaded here, not at the top: it pulls in transformers.js, which a refusal should not wait for.
  const { measureTune } = await import('./tuneMeasure.ts');
  const measures = await measureTune(base, tuned, prep.artistLines, prep.overused, { samples, seed: 1, threads: defaultThreads(), ngrams: !values['no-ngrams'], onProgress: progress });
  // The command as run, quoted for a shell; --note texts (already on the card) shortened.
  const argv = process.argv.slice(2).map((a, i, all) => (all[i - 1] === '--note' ? '…' : shellWord(a)));
  const command = `npm run models:tune -- ${argv.join(' ')}`;
  const card = tuneCard({
    name, description, base, command, corpusFile: path.basename(values.corpus), prep, train, settings, measures,
    wallSeconds: (Date.now() - started) / 1000, notes: values.note ?? [],
  });
  // The card names files where they will be (the model folder), not where they were measured (the staging folder).
  const shown = (p: string): string => (p.startsWith(PROJECT_ROOT + path.sep) ? path.relative(PROJECT_ROOT, p) : p);
  writeFileSync(path.join(staging, 'README.md'), card.split(staging).join(out).split(path.relative(PROJECT_ROOT, staging)).join(shown(out)));
  if (existsSync(out)) throw new InkverseError('INKVERSE_E_TUNE', `${out} appeared while tuning; nothing was changed. The finished folder is in ${staging}.`);
  moveInto(staging, out);
  const m = measures;
  process.stdout.write(`${name} -> ${out}\n` +
    `held-out perplexity on your poems: base ${m.base.perplexity.toFixed(1)}, tuned ${m.tuned.perplexity.toFixed(1)}\n` +
    `your over-used characters in verses: base ${(m.overused.base.rate * 100).toFixed(1)}%, tuned ${(m.overused.tuned.rate * 100).toFixed(1)}%\n` +
    `lines copying your own: ${m.verbatim.tuned.count} of ${m.verbatim.tuned.total}\n` +
    `wall time ${((Date.now() - started) / 60000).toFixed(1)} minutes. Use it: INKVERSE_MODEL=${out.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), out) : out} npm start\n`);
  return 0;
}

runCli(main, USAGE);
