/**
 * @module paperGrain: the paper's fibre and grain, baked once into a small tiling texture from the seed
 * (octaves of random pixels scaled up smoothly, some stretched like fibres), so the paper shader reads one
 * texel instead of computing noise for every pixel of every frame.
 */
import type { Rng } from '../../../engine/rng.ts';

/** Side of the tile in pixels; it repeats across the screen. */
export const GRAIN_TILE = 512;

export function bakeGrain(rng: Rng): HTMLCanvasElement {
  const out = document.createElement('canvas');
  out.width = out.height = GRAIN_TILE;
  const ctx = out.getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = '#808080';
  ctx.fillRect(0, 0, GRAIN_TILE, GRAIN_TILE);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  // [cells across, cells down, weight]: broad clouds, stretched fibres, fine tooth.
  const octaves: Array<[number, number, number]> = [[8, 8, 0.5], [16, 64, 0.35], [64, 192, 0.3], [128, 128, 0.2], [256, 256, 0.12]];
  for (const [w, h, weight] of octaves) {
    const small = document.createElement('canvas');
    small.width = w;
    small.height = h;
    const s = small.getContext('2d')!;
    const img = s.createImageData(w, h);
    for (let i = 0; i < w * h; i++) {
      const v = Math.floor(rng() * 256);
      img.data[i * 4] = img.data[i * 4 + 1] = img.data[i * 4 + 2] = v;
      img.data[i * 4 + 3] = 255;
    }
    s.putImageData(img, 0, 0);
    ctx.globalAlpha = weight;
    // Drawn three times shifted by a tile, so the scaled-up edges wrap and the tile repeats seamlessly.
    for (const dx of [-GRAIN_TILE, 0, GRAIN_TILE]) for (const dy of [-GRAIN_TILE, 0, GRAIN_TILE]) ctx.drawImage(small, dx, dy, GRAIN_TILE, GRAIN_TILE);
  }
  ctx.globalAlpha = 1;
  return out;
}
