/**
 * @module starChart: where each token's star sits. Each verse line becomes one constellation: it starts
 * at its own anchor in the sky and wanders from star to star in short, turning steps, kept inside the
 * frame. Positions depend only on the seed, the verse id, the line and the index, so every display (and
 * a display that reconnects) draws the same sky. Pure: no DOM; units are a share of the screen (0..1).
 */
import { seededRng } from '../../../engine/rng.ts';

export interface StarPoint {
  x: number;
  y: number;
}

/** FNV-1a, to fold a verse id into the seed. */
export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const MARGIN = 0.1;

/** Anchors for `lines` constellations, spread over the sky (a jittered grid so they rarely overlap). */
export function anchors(seed: number, verseId: string, lines: number, aspect: number): StarPoint[] {
  const rng = seededRng(seed ^ hashString(verseId));
  const cols = Math.max(1, Math.round(Math.sqrt(lines * aspect)));
  const rows = Math.max(1, Math.ceil(lines / cols));
  const cells = Array.from({ length: cols * rows }, (_, i) => i);
  // A seeded shuffle, so line order does not read as a grid.
  for (let i = cells.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [cells[i], cells[j]] = [cells[j]!, cells[i]!];
  }
  const span = 1 - 2 * MARGIN;
  return Array.from({ length: lines }, (_, i) => {
    const c = cells[i % cells.length]!;
    return {
      x: MARGIN + ((c % cols) + 0.2 + rng() * 0.3) * (span / cols),
      y: MARGIN + (Math.floor(c / cols) + 0.2 + rng() * 0.3) * (span / rows),
    };
  });
}

/** The stars of one line: `count` points walking from `start`, steps of `step` (share of the height). */
export function walk(seed: number, verseId: string, line: number, start: StarPoint, count: number, aspect: number, step = 0.075): StarPoint[] {
  const rng = seededRng((seed ^ hashString(verseId)) + line * 7919);
  const out: StarPoint[] = [];
  let { x, y } = start;
  let angle = rng() * Math.PI * 2;
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      angle += (rng() - 0.5) * 1.6;
      const len = step * (0.6 + rng() * 0.8);
      x += (Math.cos(angle) * len) / aspect;
      y += Math.sin(angle) * len;
      // Turn back at the frame's edge rather than leave the sky.
      if (x < MARGIN || x > 1 - MARGIN) {
        angle = Math.PI - angle;
        x = Math.min(1 - MARGIN, Math.max(MARGIN, x));
      }
      if (y < MARGIN || y > 1 - MARGIN) {
        angle = -angle;
        y = Math.min(1 - MARGIN, Math.max(MARGIN, y));
      }
    }
    out.push({ x, y });
  }
  return out;
}
