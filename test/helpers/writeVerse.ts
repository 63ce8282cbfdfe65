/** @module writeVerse (test helper): one verse for a prompt, written by a real generator through a fresh verse loop. */
import { expect } from 'vitest';
import { systemClock } from '../../engine/clock.ts';
import type { LineJudge } from '../../engine/lineJudge.ts';
import type { ModelInfo } from '../../engine/modelRegistry.ts';
import type { ControlSurface } from '../../engine/control/controlSurface.ts';
import type { EngineParams } from '../../engine/engineParams.ts';
import { PromptQueue } from '../../engine/promptQueue.ts';
import type { TransformersGenerator } from '../../engine/transformersGenerator.ts';
import { VerseLoop } from '../../engine/verseLoop.ts';
import type { PromptMode, VerseEnd, VerseLine, VerseStart } from '../../protocol/events.ts';

/** What the room saw of one verse. */
export interface WrittenVerse {
  start: VerseStart;
  lines: VerseLine[];
  end: VerseEnd;
}

export interface WriteVerseOptions {
  mode?: PromptMode;
  /** The loop's seed; default 1. */
  seed?: number;
  judges?: LineJudge[];
  /** Attract themes of the loop (never used while the prompt waits). */
  attract: string[];
}

/** Writes one verse for `prompt` through a fresh loop and returns what the room saw; fails if it showed nothing. */
export async function writeVerse(
  real: { model: ModelInfo; params: ControlSurface<EngineParams>; generator: TransformersGenerator },
  prompt: string,
  options: WriteVerseOptions,
): Promise<WrittenVerse> {
  const { model, params, generator } = real;
  const queue = new PromptQueue();
  const { id } = queue.submit(prompt, 'visitor', 'kiosk', options.mode);
  const loop = new VerseLoop({ generator, model, params, queue, clock: systemClock, seed: options.seed ?? 1, attract: options.attract, judges: options.judges ?? [] });
  const lines: VerseLine[] = [];
  let start: VerseStart | undefined;
  loop.events.on('verse:start', (s) => s.id === id && (start = s));
  loop.events.on('verse:line', (l) => l.id === id && lines.push(l));
  // A verse that showed nothing ends without verse:end (and is requeued): the loop's rest after it ends the wait too.
  const end = new Promise<VerseEnd | null>((resolve) => {
    loop.events.on('verse:end', (e) => e.id === id && resolve(e));
    loop.events.on('state', (s) => s === 'resting' && resolve(null));
  });
  loop.start();
  const e = await end;
  await loop.close();
  expect(e, `the verse for ${prompt} showed nothing`).not.toBeNull();
  return { start: start!, lines, end: e! };
}
