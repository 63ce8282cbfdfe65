/**
 * @module revisionPlan: a verse written again from one of its lines (the visitor revised it, picked one of the
 * machine's other drafts, or asked for another line there) or continued past its end. The plan rides with the
 * queued prompt: the loop opens the new verse with the kept lines and the visitor's line, and the writer continues
 * from them, so the form's rhyme and tone rules read the visitor's line like any other. Pure: checks and text only.
 */
import { InkverseError } from '../protocol/errors.ts';
import type { LineAuthor } from '../protocol/coCreation.ts';
import type { PromptMode } from '../protocol/events.ts';
import type { FormRules } from './form.ts';

export interface RevisionPlan {
  /** The verse this one revises or continues. */
  of: string;
  /** The start of that verse kept word for word: its lines before the revised one, line ends included. */
  kept: string;
  /** Who wrote each kept line, then (when `line` is set) the revised line. */
  authors: LineAuthor[];
  /** The line that stands at the revised place, with its line end; '' when the machine writes it anew. */
  line: string;
  /** The machine's other drafts, per line, carried over for the kept lines and the revised one. */
  alternatives: string[][];
  /** The verse ends no sooner than this many lines (continuing a quatrain asks for regulated verse). */
  minLines?: number;
  /** The earlier verse's mode and theme, so the rest is written for the same words. */
  mode?: PromptMode;
  theme?: string;
}

/** What the plan is made from: an archived verse as the archive keeps it. */
export interface RevisableVerse {
  id: string;
  text: string;
  lines: string[];
  authors?: LineAuthor[];
  alternatives?: string[][];
  mode?: PromptMode;
  theme?: string;
}

/** The model's form as a revision needs it. */
export interface RevisionForm {
  language: string;
  form: FormRules | null;
  /** Characters the model can write (null: any). */
  known: ReadonlySet<string> | null;
}

/** English lines a visitor may write: words, at most. */
export const ENGLISH_LINE_WORDS = { min: 2, max: 14 };

const HAN = /\p{Script=Han}/u;
/** A line without its closing punctuation and spaces, to compare lines as a reader would. */
export const bare = (line: string): string => line.replace(/[\s\p{P}]+$/u, '').trim();

/** The verse text before line `index` (its lines and whatever separates them), as it was written. */
export function textBefore(verse: Pick<RevisableVerse, 'text' | 'lines'>, index: number): string {
  let pos = 0;
  for (let i = 0; i < index; i++) {
    const at = verse.text.indexOf(verse.lines[i]!, pos);
    if (at === -1) return verse.lines.slice(0, index).join(verse.text.includes('\n') ? '\n' : '') + (verse.text.includes('\n') ? '\n' : '');
    pos = at + verse.lines[i]!.length;
  }
  if (index >= verse.lines.length) return verse.text;
  const next = verse.text.indexOf(verse.lines[index]!, pos);
  return verse.text.slice(0, next === -1 ? pos : next);
}

/** The line length of a verse with form rules (its first line's characters), or null. */
function verseLineLength(verse: RevisableVerse, rules: FormRules): number | null {
  const first = verse.lines[0] ? [...bare(verse.lines[0])].length : 0;
  return rules.lineLengths.includes(first) ? first : null;
}

/** The visitor's line made ready to stand at `index`, or `INKVERSE_E_LINE_MISFIT` saying what would fit. */
export function fitLine(text: string, index: number, verse: RevisableVerse, f: RevisionForm): string {
  const clean = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!f.form) {
    const words = clean.split(' ').filter((w) => /\p{L}/u.test(w));
    if (words.length < ENGLISH_LINE_WORDS.min || words.length > ENGLISH_LINE_WORDS.max) {
      throw new InkverseError('INKVERSE_E_LINE_MISFIT', `Your line has ${words.length} ${words.length === 1 ? 'word' : 'words'}; a line of this verse has ${ENGLISH_LINE_WORDS.min} to ${ENGLISH_LINE_WORDS.max}.`);
    }
    return `${clean}\n`;
  }
  const chars = [...clean.replace(/[\s\p{P}\p{S}]/gu, '')];
  const length = verseLineLength(verse, f.form) ?? f.form.lineLengths[0]!;
  const other = chars.filter((c) => !HAN.test(c));
  if (other.length > 0) {
    throw new InkverseError('INKVERSE_E_LINE_MISFIT', `A line of this verse is ${length} Chinese characters; "${other.join('')}" cannot stand in it. Write ${length} characters, for example 明月照高楼.`);
  }
  if (chars.length !== length) {
    const hint = chars.length < length ? `add ${length - chars.length}` : `take away ${chars.length - length}`;
    throw new InkverseError('INKVERSE_E_LINE_MISFIT', `Your line has ${chars.length} characters; each line of this verse has ${length}. Please ${hint} — for example ${length === 5 ? '明月照高楼' : '明月照我西楼上'}.`);
  }
  const unknown = f.known ? chars.filter((c) => !f.known!.has(c)) : [];
  if (unknown.length > 0) {
    throw new InkverseError('INKVERSE_E_LINE_MISFIT', `The poet does not know ${[...new Set(unknown)].join('、')}; try another character with the same meaning.`);
  }
  const ends = f.form.lineEnds;
  return chars.join('') + ends[index % ends.length]!;
}

/** A revision of line `index`: `text` is the visitor's (checked against the form), or null for a new machine line. */
export function planRevision(verse: RevisableVerse, index: number, text: string | null, f: RevisionForm): RevisionPlan {
  if (index >= verse.lines.length) {
    throw new InkverseError('INKVERSE_E_NOT_FOUND', `The verse has ${verse.lines.length} lines (0 to ${verse.lines.length - 1}); there is no line ${index}.`);
  }
  const authors = verse.lines.map((_, i) => verse.authors?.[i] ?? 'machine');
  const alternatives = verse.lines.map((_, i) => verse.alternatives?.[i] ?? []);
  const kept = textBefore(verse, index);
  const base = { of: verse.id, kept, ...(verse.mode ? { mode: verse.mode } : {}), ...(verse.theme ? { theme: verse.theme } : {}) };
  if (text === null) return { ...base, authors: authors.slice(0, index), line: '', alternatives: alternatives.slice(0, index) };
  const line = fitLine(text, index, verse, f);
  // A line picked from the machine's drafts stays the machine's; the line it replaces becomes one of the choices.
  const picked = alternatives[index]!.some((a) => bare(a) === bare(line));
  const replaced = verse.lines[index]!;
  const choices = [...alternatives[index]!.filter((a) => bare(a) !== bare(line)), ...(authors[index] === 'machine' && bare(replaced) !== bare(line) ? [replaced] : [])];
  return { ...base, authors: [...authors.slice(0, index), picked ? 'machine' : 'visitor'], line, alternatives: [...alternatives.slice(0, index), choices] };
}

/** The poem goes on: a quatrain becomes regulated verse (eight lines); an English verse gains a stanza. */
export function planContinuation(verse: RevisableVerse, f: RevisionForm): RevisionPlan {
  const n = verse.lines.length;
  const authors = verse.lines.map((_, i) => verse.authors?.[i] ?? 'machine');
  const alternatives = verse.lines.map((_, i) => verse.alternatives?.[i] ?? []);
  const base = { of: verse.id, authors, line: '', alternatives, ...(verse.mode ? { mode: verse.mode } : {}), ...(verse.theme ? { theme: verse.theme } : {}) };
  if (!f.form) return { ...base, kept: `${verse.text.replace(/\s+$/u, '')}\n\n`, minLines: n + 2 };
  const target = f.form.maxLines >= 8 && n < 8 ? 8 : n + 2;
  if (target > f.form.maxLines) {
    throw new InkverseError('INKVERSE_E_VERSE_TOO_LONG', `This verse already has ${n} lines, as many as its form allows (${f.form.maxLines}); revise a line instead, or write a new verse.`);
  }
  return { ...base, kept: verse.text, minLines: target };
}
