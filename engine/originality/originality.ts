/**
 * @module originality: whether a generated line is a line of an existing poem, and whose. The model's own
 * corpus index (`corpus-lines.u32`, every training line) says "copied"; the shipped source index (sources.bin:
 * all Tang poems and famous Song poets, 4.2 MB, built by scripts/build-visitor-data.ts) names the poet and the
 * poem, after a small hand-checked table of famous lines in their popular reading (popularLines.ts). As a
 * LineJudge it refuses copied lines, so the drafter writes them again when redrafting is on.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../projectRoot.ts';
import type { LineJudge, LineVerdict } from '../lineJudge.ts';
import { popularSource } from './popularLines.ts';
import { decodeSourceIndex, type LineSource } from './sourceFormat.ts';

export const SOURCE_INDEX = projectPath('engine', 'originality', 'sources.bin');

export type { LineSource };

export interface LineOrigin {
  copied: boolean;
  /** Poet and poem, when the source index knows the line. */
  source?: LineSource;
}

export class Originality implements LineJudge {
  readonly name = 'originality';
  readonly #corpus: { has(line: string): boolean } | null;
  readonly #sources: ReturnType<typeof decodeSourceIndex> | null;

  /** Either index may be missing (an English model has no source index). */
  constructor(corpus: { has(line: string): boolean } | null, sources: ReturnType<typeof decodeSourceIndex> | null) {
    this.#corpus = corpus;
    this.#sources = sources;
  }

  /** The shipped source index (Chinese) beside the model's corpus index. */
  static forChinese(corpus: { has(line: string): boolean } | null, file: string = SOURCE_INDEX): Originality {
    return new Originality(corpus, decodeSourceIndex(readFileSync(file)));
  }

  /** Lines and poems in the source index. */
  get sourceSize(): { lines: number; poems: number } {
    return { lines: this.#sources?.size ?? 0, poems: this.#sources?.poems ?? 0 };
  }

  origin(line: string): LineOrigin {
    const source = (this.#sources && (popularSource(line) ?? this.#sources.lookup(line))) ?? undefined;
    const copied = Boolean(source) || (this.#corpus?.has(line) ?? false);
    return source ? { copied, source } : { copied };
  }

  judge(line: string): LineVerdict {
    const o = this.origin(line);
    if (!o.copied) return { ok: true };
    return { ok: false, reason: 'copied', ...(o.source ? { detail: `${o.source.poet} · ${o.source.title}` } : {}) };
  }
}
