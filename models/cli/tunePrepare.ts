/**
 * @module models/cli/tunePrepare: the first step of `models:tune`: reads and checks the artist's poems, fits them to
 * the base model, splits off held-out poems, draws the base-corpus mix and writes the training folder
 * (`train.jsonl`, `val.jsonl`, `prep.json`) that models/train/train.py reads. Nothing is written before every check
 * has passed. A rerun with the same inputs writes the same files (seeded), so the training checkpoint resumes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InkverseError } from '../../protocol/errors.ts';
import type { ModelInfo } from '../../engine/modelRegistry.ts';
import { seededRng } from '../../engine/rng.ts';
import { readArtistCorpus, type ArtistPoem } from './tuneCorpus.ts';
import { fitPoems, type FitReport, type FittedPoem } from './tuneText.ts';
import { drawMix, mixPool } from './tuneMix.ts';
import { overusedUnits, type OverusedUnit } from './overusedUnits.ts';

export interface TunePrepOptions {
  corpus: string;
  /** Poems to hold out instead of a share of the corpus (a second corpus file), or null. */
  heldoutFile: string | null;
  /** Share of the poems held out to measure the tune (0-1); default 0.1. */
  heldoutShare: number;
  /** Share of the training characters drawn from the base corpus (0-0.9); default 0.5. */
  mix: number;
  seed: number;
  /** Settings the checkpoint depends on beyond the data (learning rate, batch...): a change starts training over. The time budget is not one: a rerun with more minutes trains on. */
  trainSettings: Record<string, unknown>;
}

/** What the card says about the data; written to prep.json. */
export interface TunePrep {
  fingerprint: string;
  fit: FitReport;
  heldoutFit: FitReport | null;
  trainPoems: number;
  heldoutPoems: number;
  trainCharacters: number;
  heldoutCharacters: number;
  mixSamples: number;
  mixCharacters: number;
  mixSource: string;
  overused: OverusedUnit[];
  /** Every line of the artist's kept poems (marks removed), for the verbatim share. */
  artistLines: string[];
}

const MIN_HELDOUT = 5;
const chars = (xs: readonly string[]): number => xs.reduce((n, s) => n + [...s].length, 0);

function readVocab(base: ModelInfo): Set<string> {
  const tok = JSON.parse(readFileSync(path.join(base.dir, 'tokenizer.json'), 'utf8')) as { model?: { vocab?: Record<string, number> } };
  return new Set(Object.keys(tok.model?.vocab ?? {}).filter((t) => [...t].length === 1));
}

/** Splits the fitted poems into training and held-out, seeded. */
function split(poems: FittedPoem[], share: number, seed: number): { train: FittedPoem[]; heldout: FittedPoem[] } {
  const rng = seededRng(seed + 7);
  const order = poems.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const n = Math.max(MIN_HELDOUT, Math.round(poems.length * share));
  const held = new Set(order.slice(0, n));
  return { train: poems.filter((_, i) => !held.has(i)), heldout: poems.filter((_, i) => held.has(i)) };
}

type Fitted = FittedPoem & { sample: string };

function fitAll(o: TunePrepOptions, base: ModelInfo): { train: Fitted[]; heldout: Fitted[]; fit: FitReport; heldoutFit: FitReport | null } {
  const vocab = readVocab(base);
  const poems: ArtistPoem[] = readArtistCorpus(o.corpus, { language: base.language });
  const extra = o.heldoutFile ? readArtistCorpus(o.heldoutFile, { language: base.language, minPoems: MIN_HELDOUT }) : null;
  const fitted = fitPoems(poems, vocab, base.language, seededRng(o.seed));
  if (extra) {
    const held = fitPoems(extra, vocab, base.language, seededRng(o.seed + 1));
    return { train: fitted.poems, heldout: held.poems, fit: fitted.report, heldoutFit: held.report };
  }
  if (fitted.poems.length < 30) {
    throw new InkverseError('INKVERSE_E_TUNE_TOO_FEW', `Only ${fitted.poems.length} of the ${poems.length} poems of ${path.basename(o.corpus)} are left with two or more lines after leaving out the lines with characters ${base.name} cannot write (${fitted.report.missing.slice(0, 10).map((m) => m.char).join(' ')}); a tune needs at least 30.`);
  }
  const { train, heldout } = split(fitted.poems, o.heldoutShare, o.seed);
  return { train: train as Fitted[], heldout: heldout as Fitted[], fit: fitted.report, heldoutFit: null };
}

/** Writes the training folder; returns what the card needs. Refusals (bad corpus) happen before anything is written. */
export function prepareTune(o: TunePrepOptions, base: ModelInfo, workDir: string): TunePrep {
  const { train, heldout, fit, heldoutFit } = fitAll(o, base);
  const zh = base.language.startsWith('zh');
  const mixRng = seededRng(o.seed + 3);
  const pool = mixPool(base.dir, base.language, [...train, ...heldout].map((p) => p.body), mixRng);
  const trainChars = chars(train.map((p) => p.sample));
  const mix = drawMix(pool, Math.round((trainChars * o.mix) / (1 - o.mix)), mixRng);
  const rows = [...train.map((p) => ({ text: p.sample, poem: p.body })), ...mix.map((s) => ({ text: s, poem: zh && s.includes('\n') ? s.slice(s.indexOf('\n') + 1) : s }))];
  const shuffle = seededRng(o.seed + 5);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const trainJsonl = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  // Held-out poems are scored as bodies, without titles: the same text for the base and the tuned model.
  const valJsonl = heldout.map((p) => JSON.stringify({ text: p.body, title: p.title })).join('\n') + '\n';
  const fingerprint = createHash('sha256').update(trainJsonl).update(valJsonl).update(JSON.stringify({ base: base.dir, ...o.trainSettings })).digest('hex').slice(0, 16);
  const prep: TunePrep = {
    fingerprint,
    fit,
    heldoutFit,
    trainPoems: train.length,
    heldoutPoems: heldout.length,
    trainCharacters: chars(train.map((p) => p.body)),
    heldoutCharacters: chars(heldout.map((p) => p.body)),
    mixSamples: mix.length,
    mixCharacters: chars(mix),
    mixSource: pool.source,
    overused: overusedUnits(train.map((p) => p.body), pool.bodies, { language: base.language }),
    artistLines: [...train, ...heldout].flatMap((p) => p.lines),
  };
  mkdirSync(workDir, { recursive: true });
  const prepFile = path.join(workDir, 'prep.json');
  const old = existsSync(prepFile) ? (JSON.parse(readFileSync(prepFile, 'utf8')) as { fingerprint?: string }).fingerprint : undefined;
  if (old !== fingerprint) rmSync(path.join(workDir, 'ckpt.pt'), { force: true }); // other poems or settings: start over
  writeFileSync(path.join(workDir, 'train.jsonl'), trainJsonl);
  writeFileSync(path.join(workDir, 'val.jsonl'), valJsonl);
  writeFileSync(prepFile, JSON.stringify(prep) + '\n');
  return prep;
}
