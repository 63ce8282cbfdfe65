/**
 * @module render-audio: `npm run render:audio -- <verse id> <out.wav>` renders an archived verse to a
 * WAV file with the /sound page's own SoundEngine (Tone.Offline in headless Chromium), for
 * documentation and listening back. Reads the archive in `INKVERSE_DATA` (default `./data`) read-only.
 * The archive keeps a verse's lines, not its token times: tokens are spread at the verse's tempo, and
 * the parameter moves made while it was written are applied at the tokens where they came.
 * Sound parameters other than the defaults can be given as `--sound.<name>=<value>`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ParamChangeRecord } from '../engine/archivedVerse.ts';
import { InkverseError } from '../protocol/errors.ts';
import type { ParamsPayload, VerseEndReason, VerseSource } from '../protocol/events.ts';
import { scoreFromLines } from '../scenes/sound/verseScore.ts';
import { encodeWav, renderOffline } from './offlineAudio.ts';

interface VerseRow {
  source: VerseSource;
  lines: string;
  params: string;
  reason: VerseEndReason;
  /** JSON `ParamChangeRecord[]`: the moves performers made while the verse was written. */
  param_changes: string;
}

/** One archived verse by id, read without touching the archive. */
function readVerse(dataDir: string, id: string): VerseRow {
  const file = path.join(dataDir, 'inkverse.db');
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new InkverseError('INKVERSE_E_NOT_FOUND', `There is no archive at ${file}; set INKVERSE_DATA to the installation's data folder.`);
  }
  try {
    const row = db.prepare('SELECT source, lines, params, reason, param_changes FROM verses WHERE id = ?').get(id) as VerseRow | undefined;
    if (!row) throw new InkverseError('INKVERSE_E_NOT_FOUND', `No verse "${id}" in ${file}; GET /api/verses lists the archived ones.`);
    return row;
  } finally {
    db.close();
  }
}

/** `--sound.reverb=0` style overrides, numbers parsed. */
function overrides(args: string[]): ParamsPayload {
  const out: ParamsPayload = {};
  for (const a of args) {
    const m = /^--(sound\.[a-z_]+)=(.*)$/.exec(a);
    if (m) out[m[1]!] = m[2] !== '' && Number.isFinite(Number(m[2])) ? Number(m[2]) : m[2]!;
  }
  return out;
}

const USAGE = `Usage: npm run render:audio -- <verse id> <out.wav> [--sound.<name>=<value> ...]
Renders an archived verse (ids from GET /api/verses; archive in INKVERSE_DATA, default ./data) to a WAV file
with the sound page's engine, offline in headless Chromium. Example: --sound.instrument=bells`;

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(`${USAGE}\n`);
  const positional = argv.filter((a) => !a.startsWith('--'));
  const [id, out] = positional;
  if (!id || !out) throw new InkverseError('INKVERSE_E_BAD_REQUEST', USAGE);
  const row = readVerse(process.env.INKVERSE_DATA ?? './data', id);
  const params = { ...(JSON.parse(row.params) as ParamsPayload), ...overrides(argv) };
  // The performers' moves are heard where they were made.
  const changes = (JSON.parse(row.param_changes) as ParamChangeRecord[]).map((c) => ({ atToken: c.atToken, params: c.values }));
  const score = scoreFromLines({ source: row.source, lines: JSON.parse(row.lines) as string[], params, reason: row.reason, changes });
  const r = await renderOffline(score);
  writeFileSync(out, encodeWav(r.channels, r.sampleRate));
  const notes = r.events.filter((e) => e.kind === 'note' && e.role !== 'harmony' && e.role !== 'cadence').length;
  process.stdout.write(`${out}: ${score.tokens.length} tokens, ${notes} notes, ${(r.channels[0]!.length / r.sampleRate).toFixed(1)} s rendered\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    const msg = err instanceof InkverseError ? `${err.code}: ${err.message}` : String(err);
    process.stderr.write(`${msg}\n`);
    process.exit(1);
  },
);
