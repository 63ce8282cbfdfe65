/**
 * @module models/cli/pull: `npm run models:pull -- <hub id> [options]`, the command line of `pullModel`.
 * Progress goes to stderr, the result and how to use it to stdout; a failure is one sentence and exit code 1.
 */
import path from 'node:path';
import { WEIGHT_FILES } from '../../engine/modelRegistry.ts';
import { PULL_DEFAULTS, defaultHost, pullModel, type PullDtype, type PullProgress } from './pullModel.ts';
import { UsageError, parseCliArgs, runCli } from './cliMain.ts';

const DTYPES = Object.keys(WEIGHT_FILES) as PullDtype[];

const USAGE = `Usage: npm run models:pull -- <hub id> [options]

Downloads a transformers.js model (ONNX weights) into models/<name>/ for an installation with internet.
  e.g. npm run models:pull -- onnx-community/Qwen2.5-0.5B-Instruct --dtype q8

Options:
  --revision REV    branch, tag or commit (default ${PULL_DEFAULTS.revision})
  --dtype TYPE      weights to fetch: ${DTYPES.join(', ')} (default the model's own
                    transformers.js_config.dtype, else fp32)
  --host URL        hub base URL (default env INKVERSE_HUB, else ${PULL_DEFAULTS.host})
  --as NAME         folder name under models/ (default the last part of the id)
  --language CODE   language written into a new inkverse.json (default en)
  --models-dir DIR  folder of model folders (default models/ in the project)
  --force           replace an existing model folder of the same name
  -h, --help        this text`;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

/** Renders progress on stderr: one rewritten line on a terminal, a line per 10% step otherwise (logs stay short). */
function progressPrinter(): (event: PullProgress) => void {
  const tty = process.stderr.isTTY === true;
  let lastStep = -1;
  return (event) => {
    if (event.type === 'absent') {
      process.stderr.write(`  ${event.file}: not on the host (optional)\n`);
      return;
    }
    if (event.type === 'done') {
      process.stderr.write(`${tty ? '\r\x1b[K' : ''}  ${event.file}: ${formatBytes(event.bytes)} done\n`);
      lastStep = -1;
      return;
    }
    const { file, received, total } = event;
    const pct = total ? Math.floor((received / total) * 100) : null;
    const line = `  ${file}: ${formatBytes(received)}${total ? ` of ${formatBytes(total)} (${pct}%)` : ''}`;
    if (tty) {
      process.stderr.write(`\r\x1b[K${line}`);
    } else if (pct !== null && total! > 1024 * 1024) {
      const step = Math.floor(pct / 10);
      if (step !== lastStep && step < 10) {
        lastStep = step;
        process.stderr.write(`${line}\n`);
      }
    }
  };
}

async function main(): Promise<number> {
  const { values, positionals } = parseCliArgs({
    allowPositionals: true,
    options: {
      revision: { type: 'string' },
      dtype: { type: 'string' },
      host: { type: 'string' },
      as: { type: 'string' },
      language: { type: 'string' },
      'models-dir': { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'Give the hub id of the model to pull.' : `Give one hub id, not ${positionals.length}.`);
  const dtype = values.dtype ?? null;
  if (dtype !== null && !(DTYPES as string[]).includes(dtype)) throw new UsageError(`--dtype must be one of ${DTYPES.join(', ')}, not "${dtype}".`);
  if (values.language !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(values.language)) {
    throw new UsageError(`--language takes a language code such as en or zh, not "${values.language}".`);
  }

  const id = positionals[0]!;
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const host = values.host ?? defaultHost();
  process.stderr.write(`Pulling ${id} (revision ${values.revision ?? PULL_DEFAULTS.revision}${dtype ? `, ${dtype}` : ''}) from ${host}\n`);
  const result = await pullModel({
    id,
    dtype: dtype as PullDtype | null,
    revision: values.revision,
    host,
    as: values.as,
    language: values.language,
    modelsDir: values['models-dir'],
    force: values.force === true,
    onProgress: progressPrinter(),
    signal: controller.signal,
  });

  const total = result.files.reduce((sum, f) => sum + f.bytes, 0);
  const relative = path.relative(process.cwd(), result.dir);
  const rel = relative && !relative.startsWith('..') ? relative : result.dir;
  const out = [
    `Pulled ${id} (${result.dtype} weights) into ${rel} (${result.files.length} files, ${formatBytes(total)}).`,
    result.wroteMeta
      ? `Wrote ${path.join(rel, 'inkverse.json')} with defaults (language ${result.info.language}, prompt template {prompt}, no form rules); edit it to suit the model.`
      : `Kept the model's own inkverse.json.`,
    `Use it: INKVERSE_MODEL=${result.name} npm start`,
  ];
  // The runtime's dtype "auto" only picks fp32 or q8 weights; other precisions must be named in the config.
  if (result.dtype !== 'fp32' && result.dtype !== 'q8') {
    out.push(`This model has ${result.dtype} weights only: set "model": { "dtype": "${result.dtype}" } in your installation config (INKVERSE_CONFIG).`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

runCli(main, USAGE);
