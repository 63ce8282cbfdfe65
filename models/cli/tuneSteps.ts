/**
 * @module models/cli/tuneSteps: the Python steps of `models:tune`: fine-tune with models/train/train.py from the base
 * folder's weights (time-budgeted, resumable), and export int8 with models/train/export.py into a staging folder that
 * then gets the base's verse profile. An interrupt (Ctrl-C, SIGTERM) lets train.py write its checkpoint first.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { InkverseError } from '../../protocol/errors.ts';
import type { ModelInfo } from '../../engine/modelRegistry.ts';

export const TRAIN_DIR = path.join(PROJECT_ROOT, 'models', 'train');
export const PYTHON = '/usr/bin/python3';

export interface TrainSettings {
  /** Training time budget, minutes of step time summed across resumes. */
  minutes: number;
  /** Peak learning rate. */
  lr: number;
  /** Windows per step. */
  batch: number;
  dropout: number;
  /** Share of the budget the learning rate warms up over (0-1): a gentle start keeps the base's skill. */
  warmup: number;
  seed: number;
}

/** What train.py writes beside its checkpoint (`ckpt.pt.json`). */
export interface TrainSummary {
  step: number;
  tokens: number;
  /** Seconds of step time. */
  elapsed: number;
  final: boolean;
  train_tokens: number;
  val_tokens: number;
  hparams: { n_positions: number };
  history: { step: number; val_loss: number; full?: boolean }[];
}

/** Runs a child with inherited output; SIGINT/SIGTERM are passed to it and waited for, then reported as an interrupt. */
function runChild(cmd: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: TRAIN_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
    let interrupted = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      interrupted = true;
      child.kill(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const done = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    child.on('error', (err) => {
      done();
      reject(new InkverseError('INKVERSE_E_TUNE', `Could not start ${cmd} for ${what}: ${err.message}. models:tune needs Debian's ${PYTHON} with python3-torch, python3-numpy and python3-onnx (models/train/README.md).`));
    });
    child.on('exit', (code, signal) => {
      done();
      if (interrupted) reject(new InkverseError('INKVERSE_E_TUNE', `Interrupted during ${what}; the training checkpoint is saved. Run the same command again to resume.`));
      else if (code === 0) resolve();
      else reject(new InkverseError('INKVERSE_E_TUNE', `${what} failed (${signal ?? `exit ${code}`}); see the output above. Nothing was written to the model folder.`));
    });
  });
}

/** Fine-tunes from the base model's weights on `workDir`'s train.jsonl; resumes a checkpoint there. */
export async function trainTune(base: ModelInfo, workDir: string, s: TrainSettings): Promise<TrainSummary> {
  await runChild(PYTHON, [
    'train.py', '--data', workDir, '--init-from', base.dir, '--minutes', String(s.minutes), '--lr', String(s.lr),
    '--batch', String(s.batch), '--dropout', String(s.dropout), '--warmup', String(s.warmup), '--seed', String(s.seed),
    '--log-every', '5', '--eval-seconds', '120', '--eval-windows', '48', '--ckpt-seconds', '60',
  ], 'training');
  return JSON.parse(readFileSync(path.join(workDir, 'ckpt.pt.json'), 'utf8')) as TrainSummary;
}

/** The base's verse profile as a JSON object (its own keys kept), for the tuned model's inkverse.json. */
function baseProfile(base: ModelInfo): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(base.dir, 'inkverse.json'), 'utf8')) as Record<string, unknown>;
}

/** Exports the checkpoint as int8 into `staging` with the base's verse profile, renamed; returns nothing on success. */
export async function exportTune(base: ModelInfo, workDir: string, staging: string, name: string, description: string): Promise<void> {
  const profile = baseProfile(base);
  const inkverse = Object.fromEntries(Object.entries(profile).filter(([k]) => !['name', 'language', 'description', 'contextLength'].includes(k)));
  const spec = {
    name,
    language: base.language,
    description,
    data: workDir,
    inkverse,
    card: { corpus: '', licence: '', promptFormat: '', notes: [] },
    ship: 'q8',
  };
  const specFile = path.join(workDir, 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec, null, 2) + '\n');
  await runChild(PYTHON, ['export.py', '--spec', specFile, '--ckpt', path.join(workDir, 'ckpt.pt'), '--out', staging, '--dtype', 'q8'], 'export');
  // The base's profile with this model's name: the same prompt template, form, prosody and modes.
  const ink = { ...profile, name, description, base: base.name };
  writeFileSync(path.join(staging, 'inkverse.json'), JSON.stringify(ink, null, 2) + '\n');
  if (!existsSync(path.join(staging, 'onnx', 'model_quantized.onnx'))) {
    throw new InkverseError('INKVERSE_E_TUNE', `The export wrote no onnx/model_quantized.onnx in ${staging}; see the output above.`);
  }
}
