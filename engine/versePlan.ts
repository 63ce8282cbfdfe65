/**
 * @module versePlan: what a prompt asks of the verse beyond the model's form, as the decoder enforces it
 * (built by `promptModes`, carried to the generator worker with each generation). Plain data, structured-clonable.
 */

/** A ci tune pattern (see ciTunes): per line, its length, end mark, rhyme set (null: no rhyme there) and tones (平 仄 中). */
export interface CiTune {
  name: string;
  lines: number[];
  ends: string[];
  rhyme: (string | null)[];
  tones: string[];
}

export interface VersePlan {
  /** Line n must begin with the n-th character (acrostic, 藏头诗); an empty string leaves that line free. */
  lineStarts?: string[];
  /** Exact number of lines the verse has (an acrostic of four characters has four). */
  lines?: number;
  /** Characters favoured wherever they may stand (keywords, and the title's own characters). */
  keywords?: string;
  /** How much a keyword not yet in the verse is favoured, in nats added to its logit. */
  keywordWeight?: number;
  /** Characters discouraged throughout (the seasons a verse of another season should not name); see themeMemory. */
  avoid?: string;
  /** How much an avoided character is discouraged, in nats taken off its logit. */
  avoidWeight?: number;
  /** A ci's tune (词谱): the verse has its lines, each of its length, end mark, rhyme set and tones. */
  tune?: CiTune;
  /** Fewest lines before the verse may end (a continued verse goes on past where it ended). */
  minLines?: number;
  /** English `couplets`: lines in pairs whose last words rhyme, the verse ending only after a whole pair (see coupletForm). */
  couplets?: boolean;
}
