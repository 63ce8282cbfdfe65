/**
 * @module visitorInk: how every page marks the visitor's own lines (`verse:line` `author: 'visitor'`), declared once.
 * Their lines are written in malachite green (石绿, the mineral green of classical painting): calm beside the
 * machine's black ink, apart from the seal's red and from the sky's white and blue stars, and the same hue on a
 * light ground (rice paper, the paper theme) and a dark one (night paper, the ink theme, the constellation's sky).
 */

export interface InkColour {
  /** For canvas and CSS. */
  css: string;
  /** 0..1, for shaders. */
  rgb: readonly [number, number, number];
}

const colour = (css: string): InkColour => {
  const n = Number.parseInt(css.slice(1), 16);
  return { css, rgb: [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255] };
};

export const VISITOR_INK = {
  /** Deep malachite, for a light ground. */
  onLight: colour('#28704e'),
  /** Pale malachite, for a dark ground. */
  onDark: colour('#7ad698'),
} as const;
