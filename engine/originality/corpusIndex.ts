/**
 * @module corpusIndex
 * Originality look-ups against a model's training corpus.
 *
 * A model folder ships `corpus-lines.u32`: the sorted, de-duplicated little-endian uint32
 * FNV-1a-32 hashes of the UTF-8 bytes of every normalised corpus line (written by
 * models/train/corpus_index.py at export).  `has(line)` normalises the same way and binary-
 * searches the hashes, so a generated line can be flagged as copied without shipping the
 * corpus text.  A hash index admits false positives at about n / 2^32 per look-up (roughly
 * 1 in 10,000 for 400,000 lines) and no false negatives.
 */
import { readFileSync } from 'node:fs';

/** Lines shorter than this (after normalisation) are not indexed: too common to mean copying. */
export const MIN_LINE_CHARS = 5;

/**
 * Punctuation (P*), separators (Z*) and the control characters Python's isspace() counts as
 * whitespace.  Spelled out rather than `\s` because `\s` and Python's isspace() disagree
 * (U+FEFF, U+001C..U+001F, U+0085), and both sides must hash identical strings.
 */
const STRIP = /[\p{P}\p{Z}\t\n\v\f\r\x1c-\x1f\x85]/gu;

export type CorpusLanguage = 'zh' | 'en';

/** NFC, lowercase for English, then punctuation and whitespace removed. */
export function normalizeLine(line: string, language: CorpusLanguage): string {
  let s = line.normalize('NFC');
  if (language === 'en') s = s.toLowerCase();
  return s.replace(STRIP, '');
}

/** FNV-1a 32-bit over the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  const bytes = new TextEncoder().encode(text);
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class CorpusIndex {
  private constructor(
    private readonly hashes: Uint32Array,
    readonly language: CorpusLanguage,
  ) {}

  /** Reads `corpus-lines.u32`; `language` decides case folding ('en' lowercases). */
  static load(path: string, language: CorpusLanguage = 'zh'): CorpusIndex {
    const buf = readFileSync(path);
    if (buf.byteLength % 4 !== 0) throw new Error(`${path}: size ${buf.byteLength} is not a multiple of 4`);
    // Copy into an aligned buffer and read little-endian explicitly, whatever the host order.
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const hashes = new Uint32Array(buf.byteLength / 4);
    for (let i = 0; i < hashes.length; i++) hashes[i] = view.getUint32(i * 4, true);
    return new CorpusIndex(hashes, language);
  }

  /** Builds an index in memory (tests, small corpora). */
  static fromLines(lines: Iterable<string>, language: CorpusLanguage): CorpusIndex {
    const set = new Set<number>();
    for (const line of lines) {
      const n = normalizeLine(line, language);
      if ([...n].length >= MIN_LINE_CHARS) set.add(fnv1a32(n));
    }
    return new CorpusIndex(Uint32Array.from([...set].sort((a, b) => a - b)), language);
  }

  get size(): number {
    return this.hashes.length;
  }

  normalizeLine(line: string): string {
    return normalizeLine(line, this.language);
  }

  /** Whether the line (normalised) is a corpus line; lines too short to index return false. */
  has(line: string): boolean {
    const n = normalizeLine(line, this.language);
    if ([...n].length < MIN_LINE_CHARS) return false;
    const h = fnv1a32(n);
    let lo = 0;
    let hi = this.hashes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.hashes[mid]!;
      if (v === h) return true;
      if (v < h) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
