/**
 * @module inkGlyph: the ink scene's per-character state (a glyph, its stroke outlines loaded on demand and
 * how far the brush has written it) and the brush's pace through them, the paper palettes, and the hash
 * that seeds each verse's seal.
 */
import { Vector3 } from 'three';
import type { Seconds } from '../../../protocol/paramSpec.ts';
import type { SceneContext } from '../sceneModule.ts';
import type { CharStrokes } from '../strokeLoader.ts';
import { VISITOR_INK } from '../../ui/visitorInk.ts';
import { strokeLengths } from './brush.ts';

/** Paper, the machine's ink, and the visitor's (visitorInk.ts) on it. */
export const PALETTES = {
  rice: { paper: new Vector3(0.93, 0.895, 0.82), ink: new Vector3(0.07, 0.06, 0.055), visitor: new Vector3(...VISITOR_INK.onLight.rgb) },
  night: { paper: new Vector3(0.075, 0.07, 0.065), ink: new Vector3(0.86, 0.83, 0.75), visitor: new Vector3(...VISITOR_INK.onDark.rgb) },
} as const;

export interface Glyph {
  ch: string;
  /** Verse line and index among its visible characters. */
  line: number;
  index: number;
  /** undefined while the stroke file loads; null when the font draws it. */
  data: CharStrokes | null | undefined;
  paths: Path2D[];
  lengths: number[];
  /** Strokes (or 1 for a font glyph) and how far the brush is, in strokes. */
  total: number;
  progress: number;
  /** Characters already there when the scene mounted are shown written, not rewritten. */
  instant: boolean;
  /** Part of a line in the visitor's own words: drawn in the visitor's ink. */
  visitor: boolean;
}

/** A glyph not yet written; its stroke outlines load in the background. */
export function newGlyph(strokes: SceneContext['strokes'], ch: string, line: number, index: number, instant: boolean, visitor = false): Glyph {
  const g: Glyph = { ch, line, index, data: undefined, paths: [], lengths: [], total: 1, progress: 0, instant, visitor };
  void strokes.get(ch).then((data) => {
    g.data = data;
    if (data) {
      g.paths = data.strokes.map((d) => new Path2D(d));
      g.lengths = strokeLengths(data);
      g.total = data.strokes.length;
    }
  });
  return g;
}

/** Longest the brush spends on one character (strokes go faster in a complex one). */
const CHAR_TIME: Seconds = 1.1;

export interface WriteOptions {
  /** Seconds per stroke (`scene.ink.stroke_time`). */
  strokeTime: Seconds;
  /** Classical columns (else Latin lines). */
  columns: boolean;
  /** Whether the font can draw `ch` now (else it starts loading it and the brush waits). */
  fontReady: (ch: string) => boolean;
  /** Draws `g` from stroke `from` up to its new progress. */
  draw: (g: Glyph, from: number) => void;
}

/** Moves the brush for `dt`: one glyph at a time, in order, catching up when tokens come faster than it writes. */
export function writeGlyphs(glyphs: readonly Glyph[], dt: Seconds, o: WriteOptions): void {
  let budget = dt;
  const pending = glyphs.filter((g) => g.progress < g.total);
  for (const [n, g] of pending.entries()) {
    if (g.data === undefined) return;
    if (!g.data && !o.fontReady(g.ch)) return;
    const before = g.progress;
    if (g.instant) g.progress = g.total;
    else {
      // A character takes at most CHAR_TIME however many strokes it has, so the brush keeps pace with the verse.
      const perStroke = Math.min(o.strokeTime, CHAR_TIME / g.total);
      const strokeTime = perStroke * (g.data ? 1 : o.columns ? 1.5 : 0.4);
      const catchUp = 1 + Math.max(0, pending.length - n - 2) * 0.6;
      const rate = catchUp / strokeTime;
      const step = Math.min(g.total - g.progress, budget * rate);
      g.progress += step;
      budget -= step / rate;
    }
    o.draw(g, before);
    if (g.progress < g.total || budget <= 0) return;
  }
}

export function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
