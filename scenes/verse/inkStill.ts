/**
 * @module inkStill: one still frame of a finished verse as the display's ink scene writes it, drawn in the visitor's
 * browser (the server does no GPU work): the same scene module, mounted on a renderer of the wanted size, advanced
 * until every character is written and the seal stamped, then read back as a PNG.
 */
import { WebGLRenderer } from 'three';
import { defaultsOf, type ParamValues } from '../../protocol/paramSpec.ts';
import createInkScene from '../display/ink/inkScene.ts';
import { DISPLAY_PARAMS } from '../display/displayParams.ts';
import { FontGate } from '../display/fontGate.ts';
import { ResourceTracker } from '../display/resourceTracker.ts';
import { StrokeLoader } from '../display/strokeLoader.ts';
import { SCENES } from '../sceneRegistry.ts';
import type { VerseModel } from '../ui/verseModel.ts';

export interface StillSize {
  /** Pixels of the PNG. */
  width: number;
  height: number;
}

/** A phone wallpaper (19.5:9, as most phones) and an A4 sheet at 200 dpi. */
export const STILL_SIZES = {
  phone: { width: 1080, height: 2340 },
  print: { width: 1654, height: 2339 },
} satisfies Record<string, StillSize>;

/** Simulated seconds per update, and the most the brush may take (a long verse at the slowest stroke time). */
const STEP = 0.1;
const MAX_SECONDS = 120;
/** Seconds after the last character, for the seal to be stamped and settle. */
const SETTLE = 3;

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Draws `verse` (finished) into `canvas` at `size` and returns the PNG. */
export async function renderInkStill(canvas: HTMLCanvasElement, verse: VerseModel, size: StillSize, seed: number, shared: { fonts: FontGate; strokes: StrokeLoader }): Promise<Blob> {
  const renderer = new WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(1);
  renderer.setSize(size.width, size.height, false);
  const track = new ResourceTracker();
  const scene = createInkScene();
  const params: ParamValues = defaultsOf(SCENES.find((s) => s.name === 'ink')!.params);
  const overlay = document.createElement('div');
  scene.mount({
    renderer, overlay, verse, params, seed, track,
    display: defaultsOf(DISPLAY_PARAMS),
    fonts: shared.fonts,
    strokes: shared.strokes,
    size: () => ({ width: size.width, height: size.height, pixelRatio: 1 }),
    presence: () => 1,
    online: () => true,
  });
  const chars = verse.lines().map((l) => [...l.text].filter((c) => c.trim()).join('')).join('');
  let elapsed = 0;
  let doneAt: number | null = null;
  try {
    while (elapsed < MAX_SECONDS) {
      scene.update(STEP, elapsed);
      elapsed += STEP;
      if (doneAt === null && scene.shownText() === chars) doneAt = elapsed;
      if (doneAt !== null && elapsed - doneAt >= SETTLE) break;
      scene.render(null);
      await nextTask(); // stroke files and font faces arrive between steps
    }
    scene.render(null);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The image could not be encoded.'))), 'image/png'));
  } finally {
    scene.dispose();
    track.dispose();
    renderer.dispose();
  }
}
