/**
 * @module verseEvents: a verse on the wire as every page sees it: `verse:start`, `verse:token`, `verse:line`,
 * `verse:end`, the snapshot a late page catches up from, and the prompt modes and end reasons they carry.
 */
import type { LineAuthor } from './coCreation.ts';

export type VerseSource = 'visitor' | 'attract' | 'performer';
/** How a prompt begins a verse (see engine/promptModes.ts): the first four for a model with form rules (Tang), `free` and `couplets` for English verse. */
export const PROMPT_MODES = ['title', 'opening', 'acrostic', 'keywords', 'free', 'couplets', 'ci'] as const;
export type PromptMode = (typeof PROMPT_MODES)[number];
/** Modes whose verse opens with the visitor's own words (their line is theirs, whoever else wrote it too). */
export const OPENING_MODES: readonly PromptMode[] = ['opening', 'free', 'couplets'];
/**
 * `skipped` is a performer's skip; `interrupted`: a crash or a shutdown cut it short, and its prompt was requeued;
 * `yielded`: an attract verse ended early at a line end because a prompt was waiting (a normal, calm end).
 */
export type VerseEndReason = 'done' | 'skipped' | 'error' | 'interrupted' | 'yielded';

export interface VerseStart {
  id: string;
  prompt: string;
  source: VerseSource;
  model: string;
  /** How the prompt began the verse: a `title`, the visitor's `opening` line, an `acrostic`, `keywords`; English: `free` verse or rhymed `couplets` (both open with the visitor's words). */
  mode?: PromptMode;
  /** Characters of the prompt the model does not know (left out of what it was given). */
  unknown?: string[];
  /** Set when no model can write and an archived verse is shown again (its own prompt and model). */
  replay?: true;
  /** The theme the model writes for when the language bridge changed the prompt (`autumn wind` -> 秋风). */
  theme?: string;
  /** Modern words of the prompt and the classical images they became (`coffee` -> 茶, `tea`), for the visitor to read. */
  became?: Array<{ from: string; to: string; image: string }>;
  /** Set when this verse revises (or continues) an earlier one: that verse's id. Its first `kept` lines are that verse's, unchanged. */
  revisionOf?: string;
  /** With `revisionOf`: how many lines at the start are kept as they were (displays keep them; the rest flow in anew). */
  kept?: number;
  /** A ci (mode `ci`): its tune's lines as planned, so pages shape lines of uneven length before each one ends. */
  tune?: TunePlan;
}

/** A ci tune's shape as pages need it: each line's length in characters, and whether it ends on a rhyme. */
export interface TunePlan {
  name: string;
  lines: number[];
  rhymes: boolean[];
}

export interface VerseToken {
  id: string;
  /** Counts from 0 per verse, with no gaps. */
  seq: number;
  text: string;
  /** Index of the line this token belongs to. */
  line: number;
  /** Uncertainty of the model at this token, in bits. */
  entropy?: number;
  /**
   * When the server emitted the token (milliseconds since the epoch, server clock). Display and sound
   * clients schedule from this, corrected by `StatePayload.serverTime`, not from when the message arrived.
   */
  at?: number;
}

export interface VerseLine {
  id: string;
  index: number;
  /** Stanza of the line (0-based); a blank line in the verse starts the next. */
  stanza?: number;
  text: string;
  gloss?: string;
  pinyin?: string;
  /** True when the line appears verbatim in the model's training corpus. */
  copied?: boolean;
  /** The poem a copied line comes from, when the source index knows it ("this line is Li Bai's"). */
  source?: LineSourceView;
  /** Who wrote the line: the visitor's own words (an opening, a revision) or the machine. */
  author?: LineAuthor;
}

export interface LineSourceView {
  poet: string;
  title: string;
  dynasty?: 'tang' | 'song';
}

export interface VerseEnd {
  id: string;
  text: string;
  reason: VerseEndReason;
}

/** The verse being written right now, as much of it as exists. */
export interface VerseSnapshot {
  start: VerseStart;
  tokens: VerseToken[];
  lines: VerseLine[];
  text: string;
  /** Set only in the `state` answering a `state:resume` for a verse that ended while the page was away. */
  end?: VerseEnd;
}
