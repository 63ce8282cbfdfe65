/**
 * @module models/cli/evalCi: `npm run models:eval-ci -- <name> [--per-tune N] [--seed N] [--drafts N]`: writes N ci to
 * each tune the model has (as the kiosk does: `<tune> <theme>`, drafting on) and prints, per tune, how many match the
 * tune's line lengths and end marks exactly, and how often its rhyme places rhyme, beside the Song ci's own rate.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setLogLevel } from '../../engine/log.ts';
import { CiTunes, CI_TUNES_FILE } from '../../engine/ciTunes.ts';
import { ModelRegistry, modelSamplingParams } from '../../engine/modelRegistry.ts';
import { engineSurface } from '../../engine/control/controlSurface.ts';
import { readProsodyProfile } from '../../engine/prosody/prosodyProfile.ts';
import { ProsodyTable } from '../../engine/prosody/prosodyTable.ts';
import { TransformersGenerator } from '../../engine/transformersGenerator.ts';
import { verseWriter } from '../../engine/verseWriter.ts';
import type { CiTune } from '../../engine/versePlan.ts';
import { EVAL_DEFAULTS } from './evalOptions.ts';
import { UsageError, intOption, parseCliArgs, runCli } from './cliMain.ts';

const USAGE = `Usage: npm run models:eval-ci -- <name> [options]

Writes ci to every tune of the model's ci-tunes.json (beside its prosody table) and prints a Markdown table: per tune,
ci whose lines all have the tune's lengths and end marks, and the share of rhyme-place pairs that rhyme, beside the
Song ci's own rate for that tune.

Options:
  --per-tune N    ci written per tune (default 10)
  --seed N        seed of the first ci of each tune (default 1)
  --drafts N      drafts per line (default 4, as at the kiosk)
  --themes LIST   themes in turn, comma-separated (default 秋思,春愁,离别,江南,明月)
  --threads N     CPU threads (default ${EVAL_DEFAULTS.threads})
  --models-dir D  folder of model folders (default models/ in the project)
  -h, --help      this text`;

const LINE = /[^，。！？；]+[，。！？；]/gu;

/** Rhyme-place pairs of one ci that rhyme, out of those its tune has. */
function rhymePairs(tune: CiTune, lines: readonly string[], table: ProsodyTable): { hit: number; all: number } {
  let hit = 0;
  let all = 0;
  for (let i = 0; i < tune.lines.length; i++) {
    for (let j = i + 1; j < tune.lines.length; j++) {
      if (!tune.rhyme[i] || tune.rhyme[i] !== tune.rhyme[j]) continue;
      all++;
      const a = lines[i] ? [...lines[i]!].at(-2) : undefined;
      const b = lines[j] ? [...lines[j]!].at(-2) : undefined;
      if (a && b && table.rhymes(a, b)) hit++;
    }
  }
  return { hit, all };
}

async function main(): Promise<number> {
  const { values, positionals } = parseCliArgs({
    allowPositionals: true,
    options: { 'per-tune': { type: 'string' }, seed: { type: 'string' }, drafts: { type: 'string' }, themes: { type: 'string' }, threads: { type: 'string' }, 'models-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('Give the name of one model folder.');
  if (!process.env.LOG_LEVEL) setLogLevel('error');
  const model = new ModelRegistry(values['models-dir'] ?? EVAL_DEFAULTS.modelsDir).get(positionals[0]!);
  const tunes = CiTunes.forModel(model.dir);
  const profile = readProsodyProfile(model.dir);
  if (!tunes || !profile?.tableFile) throw new UsageError(`${model.name} has no ${CI_TUNES_FILE} beside a classical prosody table: it writes no ci.`);
  const table = ProsodyTable.load(profile.tableFile);
  const corpus = JSON.parse(readFileSync(path.join(path.dirname(profile.tableFile), CI_TUNES_FILE), 'utf8')) as { tunes: Record<string, { corpusRhymeRate?: number }> };
  const perTune = intOption('per-tune', values['per-tune'], 10, 1);
  const seed = intOption('seed', values.seed, 1, 0);
  const themes = (values.themes ?? '秋思,春愁,离别,江南,明月').split(',').filter(Boolean);
  const params = engineSurface({ ...modelSamplingParams(model).params, drafts: intOption('drafts', values.drafts, 4, 1), tempo: 0 });
  const generator = new TransformersGenerator({ model, device: 'cpu', dtype: 'auto', params, threads: intOption('threads', values.threads, EVAL_DEFAULTS.threads, 1) });
  const rows: string[] = [];
  let shapeOk = 0;
  let total = 0;
  let tunesMet = 0;
  try {
    await generator.load();
    for (const name of tunes.names) {
      const tune = tunes.get(name)!;
      let ok = 0;
      let hit = 0;
      let all = 0;
      for (let k = 0; k < perTune; k++) {
        const writer = verseWriter({ generator, model, prompt: `${name} ${themes[k % themes.length]}`, mode: 'ci', replay: false, params, judges: [] });
        let text = '';
        for await (const t of writer.stream('', seed + k, new AbortController().signal)) text += t.text;
        const lines = text.match(LINE) ?? [];
        if (lines.map((l) => `${[...l].length - 1}${l.at(-1)}`).join(' ') === tune.lines.map((n, i) => `${n}${tune.ends[i]}`).join(' ')) ok++;
        const r = rhymePairs(tune, lines, table);
        hit += r.hit;
        all += r.all;
      }
      const rate = all ? hit / all : 1;
      const corpusRate = corpus.tunes[name]?.corpusRhymeRate ?? null;
      if (ok === perTune && (corpusRate === null || rate >= corpusRate)) tunesMet++;
      shapeOk += ok;
      total += perTune;
      rows.push(`| ${name} | ${ok}/${perTune} | ${(rate * 100).toFixed(1)}% | ${corpusRate === null ? 'n/a' : `${(corpusRate * 100).toFixed(1)}%`} |`);
      process.stderr.write(`${name}: ${ok}/${perTune} in form, rhyme ${(rate * 100).toFixed(1)}%\n`);
    }
  } finally {
    await generator.close();
    params.dispose();
  }
  process.stdout.write([
    `_\`npm run models:eval-ci -- ${process.argv.slice(2).join(' ')}\` on ${new Date().toISOString().slice(0, 10)}: ${perTune} ci per tune, drafting on._`,
    '',
    '| tune | lines of the tune\'s lengths and ends | rhyme places that rhyme | Song ci of that tune |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    '',
    `In form: ${shapeOk} of ${total}. Tunes meeting both (every ci in form, rhyme at least the corpus's): ${tunesMet} of ${tunes.names.length}.`,
  ].join('\n') + '\n');
  return 0;
}

runCli(main, USAGE);
