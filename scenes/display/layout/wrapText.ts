/**
 * @module wrapText: line breaking and fitting for horizontal text. Latin breaks between words, CJK between
 * characters, and closing punctuation never starts a line. `fitText` finds the largest font size at which
 * the wrapped text fits a box, so verses of any length fit. Pure: the caller passes a measure function.
 */

/** Width of `text` at a font size of 1 (the caller scales). */
export type Measure = (text: string) => number;

const CLOSING = /^[，。、；：！？」』）》,.;:!?)\]'"’”…]/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** Breakable pieces: words with their trailing space for Latin, single characters for CJK. */
function pieces(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of text) {
    if (CJK.test(ch)) {
      if (word) out.push(word);
      word = '';
      out.push(ch);
    } else if (ch === ' ') {
      out.push(word + ' ');
      word = '';
    } else word += ch;
  }
  if (word) out.push(word);
  // Closing punctuation rides with the piece before it.
  const merged: string[] = [];
  for (const p of out) {
    if (merged.length && CLOSING.test(p)) merged[merged.length - 1] += p;
    else merged.push(p);
  }
  return merged;
}

/** Wraps `text` into lines no wider than `maxWidth` at font size `size` (a single piece wider than that gets its own line). */
export function wrapText(text: string, maxWidth: number, size: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const p of pieces(text.trim())) {
    const next = line + p;
    if (line && measure(next.trimEnd()) * size > maxWidth) {
      lines.push(line.trimEnd());
      line = p.trimStart();
    } else line = next;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

export interface FitOptions {
  /** Largest and smallest font size to try. */
  maxSize: number;
  minSize: number;
  /** Line height as a multiple of the font size. */
  lineHeight: number;
}

/** The largest size (stepping down 4%) at which all paragraphs, wrapped, fit `width` x `height`. */
export function fitText(paragraphs: readonly string[], width: number, height: number, measure: Measure, o: FitOptions): { size: number; lines: string[][] } {
  let size = o.maxSize;
  for (;;) {
    const lines = paragraphs.map((p) => wrapText(p, width, size, measure));
    const rows = lines.reduce((n, l) => n + Math.max(1, l.length), 0);
    const widest = Math.max(0, ...lines.flat().map((l) => measure(l) * size));
    if ((rows * size * o.lineHeight <= height && widest <= width) || size <= o.minSize) return { size: Math.max(size, o.minSize), lines };
    size *= 0.96;
  }
}
