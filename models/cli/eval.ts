/**
 * @module models/cli/eval: `npm run models:eval -- <name> [options]`, the command line of `evaluateModel`.
 * Progress goes to stderr; the Markdown block for the model card goes to stdout, so `> file` captures just it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setLogLevel } from '../../engine/log.ts';
import { EVAL_DEFAULTS, evaluateModel } from './evaluate.ts';
import { evalMarkdown, shellWord } from './evalMarkdown.ts';
import { UsageError, intOption, parseCliArgs, runCli } from './cliMain.ts';

/** The model card's markers around the measured figures (as models/train/card.py writes them). */
const EVAL_BEGIN = '<!-- models:eval:begin -->';
const EVAL_END = '<!-- models:eval:end -->';

const USAGE = `Usage: npm run models:eval -- <name> [options]

Measures the model in models/<name>/ and prints a Markdown block for its model card (README.md,
between the models:eval markers): held-out perplexity, and kiosk verses with drafting on, drafting off
and (form models) the raw model, next to the held-out corpus: form, rhyme, level/oblique alternation,
couplet opposition, relevance to the prompt against shuffled prompts, attested bigrams and trigrams,
verbatim lines, repetition, lines cut at max_tokens, speed.

Options:
  --samples N     verses generated per run (default ${EVAL_DEFAULTS.samples})
  --seed N        seed of the first verse; verse i uses seed + i (default ${EVAL_DEFAULTS.seed})
  --heldout FILE  held-out text to score (.jsonl of {"text"} or .txt); default: the model folder's
                  heldout.*, else the training tool's split (models/train/<data>/val.jsonl)
  --windows N     score only the first N held-out windows (default all)
  --dtype TYPE    weights to use (default fp32 when present, else q8)
  --threads N     CPU threads for inference (default ${EVAL_DEFAULTS.threads}: all cores but one)
  --drafts N      drafts per line in the drafting run (default ${EVAL_DEFAULTS.drafts})
  --no-raw        skip the raw model run (form models)
  --no-ngrams     skip attested n-grams (they index the Tang corpus from npm chinese-poetry, ~20 s)
  --card          also write the block into the model card (models/<name>/README.md, between its
                  models:eval markers)
  --models-dir D  folder of model folders (default models/ in the project)
  -h, --help      this text`;

async function main(): Promise<number> {
  const { values, positionals } = parseCliArgs({
    allowPositionals: true,
    options: {
      samples: { type: 'string' },
      seed: { type: 'string' },
      heldout: { type: 'string' },
      windows: { type: 'string' },
      dtype: { type: 'string' },
      threads: { type: 'string' },
      drafts: { type: 'string' },
      'no-raw': { type: 'boolean' },
      'no-ngrams': { type: 'boolean' },
      card: { type: 'boolean' },
      'models-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'Give the name of the model folder to evaluate.' : `Give one model name, not ${positionals.length}.`);
  // The generator logs to stdout; keep stdout for the Markdown unless a level was asked for.
  if (!process.env.LOG_LEVEL) setLogLevel('error');

  const report = await evaluateModel({
    name: positionals[0]!,
    samples: intOption('samples', values.samples, EVAL_DEFAULTS.samples, 1),
    seed: intOption('seed', values.seed, EVAL_DEFAULTS.seed, 0),
    heldout: values.heldout,
    maxWindows: values.windows === undefined ? undefined : intOption('windows', values.windows, 0, 1),
    dtype: values.dtype,
    threads: intOption('threads', values.threads, EVAL_DEFAULTS.threads, 1),
    drafts: intOption('drafts', values.drafts, EVAL_DEFAULTS.drafts, 1),
    raw: !values['no-raw'],
    ngrams: !values['no-ngrams'],
    modelsDir: values['models-dir'],
    onProgress: (message) => {
      // A line per verse would bury the rest: every tenth, and the last.
      const m = /verse (\d+)\/(\d+)$/.exec(message);
      if (!m || Number(m[1]) % 10 === 0 || m[1] === m[2]) process.stderr.write(`${message}\n`);
    },
  });
  const command = ['npm run models:eval --', ...process.argv.slice(2).map(shellWord)].join(' ');
  const block = evalMarkdown(report, command);
  process.stdout.write(`${block}\n`);
  if (values.card) {
    const card = path.join(values['models-dir'] ?? EVAL_DEFAULTS.modelsDir, positionals[0]!, 'README.md');
    const text = readFileSync(card, 'utf8');
    const begin = text.indexOf(EVAL_BEGIN);
    const end = text.indexOf(EVAL_END);
    if (begin < 0 || end < begin) throw new UsageError(`${card} has no ${EVAL_BEGIN} … ${EVAL_END} markers to write between.`);
    writeFileSync(card, `${text.slice(0, begin + EVAL_BEGIN.length)}\n${block}\n${text.slice(end)}`);
    process.stderr.write(`wrote the figures into ${card}\n`);
  }
  return 0;
}

runCli(main, USAGE);
