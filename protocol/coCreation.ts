/**
 * @module coCreation: writing with the machine, as the kiosk (and the console) ask for it. A visitor revises one
 * line of a finished verse (their own words, or "another line here" from the machine), sees the machine's other
 * drafts of a line, or asks the poem to go on. Payloads are checked with these schemas, once, where they arrive.
 */
import { z } from 'zod';

/** Who wrote a line: the visitor (their own words, a revision) or the machine. */
export type LineAuthor = 'visitor' | 'machine';

/** Longest line a visitor may type, in characters (code points); a line must also fit the verse's form. */
export const REVISE_MAX_CHARS = 120;
/** Highest line index a request may name (a verse has far fewer lines). */
const MAX_LINE_INDEX = 63;

const VerseId = z.string().min(1).max(100);
const LineIndex = z.number().int().min(0).max(MAX_LINE_INDEX);

/** `verse:revise`: line `index` of verse `id` becomes `text` (the visitor's), or without `text` a new machine line; the lines after it are written anew. */
export const VerseReviseSchema = z.strictObject({ id: VerseId, index: LineIndex, text: z.string().max(REVISE_MAX_CHARS).optional() });
export const VERSE_REVISE_SHAPE = `{ id: string, index: line number 0..${MAX_LINE_INDEX}, text?: string (at most ${REVISE_MAX_CHARS}) }`;
export type VerseRevise = z.infer<typeof VerseReviseSchema>;

/** `line:alternatives`: the machine's other drafts of line `index` of verse `id`. */
export const LineAlternativesSchema = z.strictObject({ id: VerseId, index: LineIndex });
export const LINE_ALTERNATIVES_SHAPE = `{ id: string, index: line number 0..${MAX_LINE_INDEX} }`;
export type LineAlternativesRequest = z.infer<typeof LineAlternativesSchema>;

/** `verse:continue`: the poem goes on (a quatrain becomes regulated verse; an English verse gains a stanza). */
export const VerseContinueSchema = z.strictObject({ id: VerseId });
export const VERSE_CONTINUE_SHAPE = '{ id: string }';
export type VerseContinue = z.infer<typeof VerseContinueSchema>;

/** One of the machine's other drafts of a line, with what a reader needs to read it. */
export interface AlternativeLine {
  text: string;
  gloss?: string;
  pinyin?: string;
}
