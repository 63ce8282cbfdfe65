/**
 * @module models/cli/tuneCorpus: reads an artist's poems for `models:tune` and refuses a file that cannot make a tune,
 * each refusal one sentence with its `INKVERSE_E_TUNE_*` code.
 *
 * Two formats, told apart by the first non-blank character of the file:
 *   - plain UTF-8 text: one poem per block of lines, blocks separated by a blank line, an optional `# title` line first;
 *   - JSON lines (the file starts with `{`): one `{ "title": "...", "text": "..." }` per line, `title` optional.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InkverseError } from '../../protocol/errors.ts';

/** One poem as the artist wrote it: its lines (trimmed, none empty) and its title ('' without). */
export interface ArtistPoem {
  title: string;
  lines: string[];
}

export interface CorpusCheckOptions {
  /** Language of the base model ('zh', 'en', ...): the script the poems must be in. */
  language: string;
  /** Fewest poems a tune accepts (count); default 30. */
  minPoems: number;
  /** Least share of the letters that must be in the base model's script (0-1); default 0.8. */
  minScriptShare: number;
}

export const CORPUS_CHECK_DEFAULTS = {
  minPoems: 30,
  minScriptShare: 0.8,
} satisfies Partial<CorpusCheckOptions>;

/** The script each base language writes in, as a Unicode property regex over letters, and its name for messages. */
const SCRIPTS: Record<string, { re: RegExp; name: string; hint: string }> = {
  zh: { re: /\p{Script=Han}/u, name: 'Chinese (Han characters)', hint: '--from verse-en for English poems' },
  en: { re: /\p{Script=Latin}/u, name: 'English (Latin letters)', hint: '--from tang-poet-zh for Chinese poems' },
};

/** Reads the file as UTF-8 (a byte-order mark dropped); a missing, unreadable or non-UTF-8 file is refused. */
function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (err as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a folder, not a file' : 'cannot be read';
    throw new InkverseError('INKVERSE_E_TUNE_CORPUS', `The corpus file ${file} ${why}. Give a UTF-8 text file of your poems (blank line between poems) or JSON lines of {"title","text"}.`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/u, '');
  } catch {
    throw new InkverseError('INKVERSE_E_TUNE_CORPUS', `The corpus file ${file} is not UTF-8 text. Save it as UTF-8 (most editors: "Save with encoding" > UTF-8) and run the tune again.`);
  }
}

const toLines = (text: string): string[] => text.split(/\r?\n/u).map((l) => l.trim()).filter((l) => l.length > 0);

/** Blank-line-separated blocks, each an optional `# title` line and the poem's lines. */
function parsePlain(text: string): ArtistPoem[] {
  const poems: ArtistPoem[] = [];
  for (const block of text.split(/\r?\n[ \t\u3000]*(?:\r?\n[ \t\u3000]*)+/u)) {
    const lines = toLines(block);
    const title = lines[0]?.startsWith('#') ? lines.shift()!.replace(/^#+/u, '').trim() : '';
    if (lines.length > 0) poems.push({ title, lines });
  }
  return poems;
}

/** One `{ title?, text }` object per non-blank line; the first bad line is refused by its number. */
function parseJsonLines(text: string, file: string): ArtistPoem[] {
  const poems: ArtistPoem[] = [];
  const rows = text.split(/\r?\n/u);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!.trim();
    if (!row) continue;
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch {
      value = undefined;
    }
    const obj = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    if (!obj || typeof obj.text !== 'string' || (obj.title !== undefined && typeof obj.title !== 'string')) {
      throw new InkverseError('INKVERSE_E_TUNE_CORPUS', `Line ${i + 1} of ${file} is not a JSON object with a "text" string (and an optional "title" string). A JSON-lines corpus holds one {"title": "...", "text": "..."} per line.`);
    }
    const lines = toLines(obj.text);
    if (lines.length > 0) poems.push({ title: ((obj.title as string | undefined) ?? '').trim(), lines });
  }
  return poems;
}

/** Parses corpus text (plain or JSON lines, see the module comment); `file` names it in messages. */
export function parseArtistCorpus(text: string, file: string): ArtistPoem[] {
  return text.trimStart().startsWith('{') ? parseJsonLines(text, file) : parsePlain(text);
}

/** Share of the letters of `poems` (titles included) in `re`'s script, and the letter count. */
function scriptShare(poems: readonly ArtistPoem[], re: RegExp): { share: number; letters: number } {
  let letters = 0;
  let inScript = 0;
  for (const p of poems) {
    for (const ch of [p.title, ...p.lines].join('')) {
      if (!/\p{L}/u.test(ch)) continue;
      letters++;
      if (re.test(ch)) inScript++;
    }
  }
  return { share: letters ? inScript / letters : 0, letters };
}

/** Refuses poems too few to tune on, or in a script the base model does not write. */
export function checkArtistCorpus(poems: readonly ArtistPoem[], file: string, options: Pick<CorpusCheckOptions, 'language'> & Partial<CorpusCheckOptions>): void {
  const o: CorpusCheckOptions = { ...CORPUS_CHECK_DEFAULTS, ...options };
  const base = path.basename(file);
  if (poems.length === 0) {
    throw new InkverseError('INKVERSE_E_TUNE_EMPTY', `${base} holds no poem. Write one poem per block of lines, with a blank line between poems (an optional "# title" line first), or JSON lines of {"title","text"}.`);
  }
  const script = SCRIPTS[o.language.split('-')[0]!];
  if (script) {
    const { share } = scriptShare(poems, script.re);
    if (share < o.minScriptShare) {
      throw new InkverseError('INKVERSE_E_TUNE_SCRIPT', `${base} is not written in the base model's script: ${Math.round(share * 100)}% of its letters are ${script.name}, and at least ${Math.round(o.minScriptShare * 100)}% must be. Tune a base model of your poems' language (${script.hint}).`);
    }
  }
  if (poems.length < o.minPoems) {
    throw new InkverseError('INKVERSE_E_TUNE_TOO_FEW', `${base} holds ${poems.length} poem${poems.length === 1 ? '' : 's'}; a tune needs at least ${o.minPoems} (100 to 1,000 give a voice worth hearing), since a tenth is held out to measure it.`);
  }
}

/** Reads and checks an artist's corpus file (see parseArtistCorpus and checkArtistCorpus). */
export function readArtistCorpus(file: string, options: Pick<CorpusCheckOptions, 'language'> & Partial<CorpusCheckOptions>): ArtistPoem[] {
  const poems = parseArtistCorpus(readText(file), file);
  checkArtistCorpus(poems, file, options);
  return poems;
}
