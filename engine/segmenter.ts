/**
 * @module segmenter: cuts a stream of token texts into lines, so every token carries its line index
 * and each finished line is announced once. Line breaks are the model's (`，。` for Tang, `\n` for English).
 */

/** How many lines `text` ends: each occurrence of one of the model's line breaks counts once. */
export function countLineBreaks(text: string, lineBreaks: readonly string[]): number {
  return lineBreaks.reduce((n, b) => n + text.split(b).length - 1, 0);
}

export interface SegmentedToken {
  text: string;
  /** Index of the line the token belongs to. */
  line: number;
}

export interface FinishedLine {
  index: number;
  /** Stanza the line belongs to; a blank line starts the next one. */
  stanza: number;
  /** The line's text, trimmed; for CJK it keeps its closing mark (`春眠不觉晓，`). */
  text: string;
}

export class Segmenter {
  readonly #breaks: string[];
  #line = 0;
  #stanza = 0;
  /** A blank line was seen since the last line of text. */
  #blank = false;
  #current = '';
  readonly lines: FinishedLine[] = [];

  constructor(lineBreaks: readonly string[]) {
    if (lineBreaks.length === 0) throw new Error('Segmenter needs at least one line-break string, e.g. "\\n".');
    this.#breaks = [...lineBreaks];
  }

  /** Adds one token; returns the token's line and any lines it finished. */
  push(text: string): { token: SegmentedToken; finished: FinishedLine[] } {
    const token = { text, line: this.#line };
    const finished: FinishedLine[] = [];
    let rest = text;
    for (;;) {
      let at = -1;
      let br = '';
      for (const b of this.#breaks) {
        const i = rest.indexOf(b);
        if (i !== -1 && (at === -1 || i < at)) {
          at = i;
          br = b;
        }
      }
      if (at === -1) break;
      this.#current += rest.slice(0, at) + (br.trim() ? br : '');
      rest = rest.slice(at + br.length);
      const line = this.#close();
      if (line) finished.push(line);
    }
    this.#current += rest;
    return { token, finished };
  }

  /** Closes the last line at the end of a verse (if it has any text). */
  flush(): FinishedLine[] {
    const line = this.#close();
    return line ? [line] : [];
  }

  /** The line being written, unfinished. */
  get current(): string {
    return this.#current;
  }

  #close(): FinishedLine | null {
    const text = this.#current.trim();
    this.#current = '';
    // Blank lines (stanza breaks in English verse) do not get an index of their own.
    if (!text) {
      this.#blank = this.#line > 0;
      return null;
    }
    if (this.#blank) this.#stanza++;
    this.#blank = false;
    const line = { index: this.#line++, stanza: this.#stanza, text };
    this.lines.push(line);
    return line;
  }
}
