/**
 * @module models/cli/verseStats: the figures an evaluation reports about generated verses, from their
 * text alone: lines, line lengths against a form, poems of one line length, lines copied from the corpus.
 * Pure, so the definitions are tested without a model.
 */

export interface GeneratedVerse {
  /** The model input (template applied). */
  input: string;
  /** What the model wrote after it. */
  body: string;
  seed: number;
  /** Tokens the generator yielded. */
  tokens: number;
  /** True when the verse stopped at max_tokens, so its last unterminated line may be cut short. */
  truncated: boolean;
  ms: number;
}

/** A count out of a total; `share` is null when the total is 0. */
export interface Share {
  count: number;
  total: number;
  share: number | null;
}

export function share(count: number, total: number): Share {
  return { count, total, share: total > 0 ? count / total : null };
}

/**
 * The lines a verse's writer produced: the prompt's unfinished last line joined to the body (a prompt
 * `The sea` makes the first line `The sea ...`), split at the line breaks and newlines. A line still open
 * when the verse stopped counts only if the verse ended on its own (end of text), not at max_tokens.
 */
export function verseLines(verse: Pick<GeneratedVerse, 'input' | 'body' | 'truncated'>, lineBreaks: readonly string[]): string[] {
  const breaks = new Set([...lineBreaks.filter((b) => [...b].length === 1), '\n']);
  let start = verse.input.length;
  while (start > 0 && !breaks.has(verse.input[start - 1]!)) start--;
  const text = verse.input.slice(start) + verse.body;
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (breaks.has(ch)) {
      if (line.trim()) lines.push(line.trim());
      line = '';
    } else {
      line += ch;
    }
  }
  if (line.trim() && !verse.truncated) lines.push(line.trim());
  return lines;
}

/** Characters in a line, whitespace aside (one Han character, one letter: one character). */
export function lineLength(line: string): number {
  return [...line.replace(/\s/gu, '')].length;
}

export interface FormFigures {
  /** Lines whose length is one the form allows (Tang: exactly 5 or 7). */
  allowedLength: Share;
  /** Poems of 2+ lines whose lines all share one length. */
  oneLength: Share;
}

export function formFigures(linesPerVerse: readonly string[][], lineLengths: readonly number[]): FormFigures {
  const all = linesPerVerse.flat();
  const poems = linesPerVerse.filter((lines) => lines.length >= 2);
  return {
    allowedLength: share(all.filter((l) => lineLengths.includes(lineLength(l))).length, all.length),
    oneLength: share(poems.filter((lines) => new Set(lines.map(lineLength)).size === 1).length, poems.length),
  };
}

/** Lines of at least `minChars` characters (after the index's own normalisation) found verbatim in the corpus. */
export function copiedLines(lines: readonly string[], index: { has(line: string): boolean; normalizeLine(line: string): string }, minChars: number): Share {
  const eligible = lines.filter((l) => [...index.normalizeLine(l)].length >= minChars);
  return share(eligible.filter((l) => index.has(l)).length, eligible.length);
}
