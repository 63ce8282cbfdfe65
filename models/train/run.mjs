#!/usr/bin/env node
/**
 * @module models/train/run
 * `npm run models:train -- <name> [--minutes N]`: prepare -> train -> export -> check for one
 * built-in model described by models/train/specs/<name>.json.
 *
 * Options:
 *   --minutes N        total training budget (default: the spec's); a rerun resumes the
 *                      checkpoint in models/train/work/ and trains up to N minutes in all
 *   --fresh            ignore an existing checkpoint
 *   --skip-prepare     reuse the prepared corpus
 *   --skip-train       export (and check) the existing checkpoint only
 *   --dtype fp32|q8|both   which ONNX weights to ship (default: the spec's "ship", else fp32)
 *   --samples N        generation-check samples (default 50; 0 skips the check)
 *
 * Training needs Debian's torch: /usr/bin/python3 (not a pyenv/venv python3 on PATH).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const PY = '/usr/bin/python3';
const APT = 'apt-get install -y python3-torch python3-numpy python3-onnx libopenblas0-pthread dict-gcide';

const argv = process.argv.slice(2);
const flags = new Set();
const opts = {};
let name;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (['--fresh', '--skip-prepare', '--skip-train'].includes(a)) flags.add(a);
  else if (a.startsWith('--')) opts[a.slice(2)] = argv[++i];
  else name ??= a;
}
const specs = fs.readdirSync(path.join(here, 'specs')).map((f) => f.replace(/\.json$/, ''));
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(`usage: npm run models:train -- <${specs.join('|')}> [--minutes N] [--fresh] [--skip-prepare] [--skip-train] [--dtype fp32|q8|both] [--samples N]`);
  console.log('Prepares the corpus, trains, exports and checks one built-in model (models/train/README.md). Needs Debian python3-torch.');
  process.exit(0);
}
if (!name || !specs.includes(name)) {
  console.error(`usage: npm run models:train -- <${specs.join('|')}> [--minutes N] [--fresh] [--skip-prepare] [--skip-train] [--dtype fp32|q8|both] [--samples N]`);
  process.exit(2);
}
const specFile = path.join(here, 'specs', `${name}.json`);
const spec = JSON.parse(fs.readFileSync(specFile, 'utf8'));

function run(cmd, args) {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: here, stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    console.error(`models:train: step failed (exit ${r.status}): ${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

// The one prerequisite that fails confusingly when missing: torch under /usr/bin/python3.
const probe = spawnSync(PY, ['-c', 'import torch, numpy, onnx; print(torch.__version__)'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  console.error(
    `models:train needs ${PY} with torch, numpy and onnx (Debian packages).\n` +
      `  ${probe.error ? probe.error.message : probe.stderr.trim().split('\n').at(-1)}\n` +
      `Install them with:\n  sudo ${APT}\n` +
      `(a python3 from pyenv or a venv earlier on PATH does not see them: the tool always uses ${PY}).`,
  );
  process.exit(1);
}
console.log(`models:train ${name}: torch ${probe.stdout.trim()} at ${PY}`);

if (!flags.has('--skip-prepare') && !flags.has('--skip-train')) {
  const [cmd, ...args] = spec.prepare;
  const tsx = path.join(here, '..', '..', 'node_modules', '.bin', 'tsx');
  run(cmd === 'python3' ? PY : cmd === 'node' ? process.execPath : cmd === 'tsx' ? tsx : cmd, args);
}

if (!flags.has('--skip-train')) {
  const t = spec.train;
  const args = ['train.py', '--data', spec.data, '--minutes', String(opts.minutes ?? t.minutes),
    '--n-layer', String(t.n_layer), '--n-head', String(t.n_head), '--n-embd', String(t.n_embd),
    '--ctx', String(t.ctx), '--batch', String(t.batch), '--lr', String(t.lr),
    '--min-count', String(t.min_count), '--seed', String(t.seed), '--dropout', String(t.dropout ?? 0)];
  if (flags.has('--fresh')) args.push('--fresh');
  run(PY, args);
}

run(PY, ['export.py', '--spec', specFile, ...(opts.dtype ? ['--dtype', opts.dtype] : [])]);

const samples = Number(opts.samples ?? 50);
if (samples > 0 && spec.check?.prompt) {
  const modelDir = path.join(here, '..', spec.name);
  const tsx = path.join(here, '..', '..', 'node_modules', '.bin', 'tsx');
  run(tsx, ['check.mjs', modelDir, spec.check.prompt, '--samples', String(samples), '--seed', '1', '--quiet',
    '--json', path.join(here, spec.data, 'check.json')]);
  run(PY, ['card.py', specFile]); // re-render the card with the check's figures
}
console.log(`\nmodels:train ${name}: done -> models/${spec.name}/`);
