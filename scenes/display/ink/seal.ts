/**
 * @module seal: the red seal stamped at the end of a verse, naming where it came from: 客 a visitor's
 * prompt, 演 a performer's, 夢 the installation dreaming on its own (attract). Carved in relief: the
 * character is cut out of a red square with worn, uneven edges.
 */
import type { VerseSource } from '../../../protocol/events.ts';
import type { Rng } from '../../../engine/rng.ts';

export const SEAL_CHARS: Readonly<Record<VerseSource, string>> = { visitor: '客', performer: '演', attract: '夢' };

const SEAL_RED = '#b3241b';

/** Draws the seal into a square canvas of `size` pixels. */
export function drawSeal(ctx: CanvasRenderingContext2D, size: number, ch: string, font: (px: number) => string, rng: Rng): void {
  ctx.clearRect(0, 0, size, size);
  const m = size * 0.08;
  ctx.fillStyle = SEAL_RED;
  ctx.beginPath();
  // A square whose edges wander a little, as old stone does.
  const corners: Array<[number, number]> = [[m, m], [size - m, m], [size - m, size - m], [m, size - m]];
  corners.forEach(([x, y], i) => {
    const [nx, ny] = corners[(i + 1) % 4]!;
    for (let k = 0; k < 8; k++) {
      const t = k / 8;
      const j = (rng() - 0.5) * size * 0.025;
      const px = x + (nx - x) * t + (i % 2 === 0 ? 0 : j);
      const py = y + (ny - y) * t + (i % 2 === 0 ? j : 0);
      if (i === 0 && k === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
  });
  ctx.closePath();
  ctx.fill();
  ctx.globalCompositeOperation = 'destination-out';
  ctx.font = font(size * 0.66);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(ch, size / 2, size / 2 + size * 0.02);
  // Worn spots where the paste did not take.
  for (let i = 0; i < 40; i++) {
    ctx.globalAlpha = 0.25 + rng() * 0.5;
    ctx.beginPath();
    ctx.arc(m + rng() * (size - 2 * m), m + rng() * (size - 2 * m), size * (0.004 + rng() * 0.012), 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  ctx.globalCompositeOperation = 'source-over';
}
