/**
 * @module test/engine/oneParamMirror
 * Every generator loaded on one control surface reads the surface's one shared-memory mirror of the engine
 * parameters (real models in real workers): the Tang model with the artist's voice as its blend model, and the
 * artist's voice alone beside it, as a live switch loads it. A change made once on the surface is read by both
 * workers at their next step: the same temperature, and blend 1 in the blend's worker, which then writes exactly
 * what the artist's voice writes alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineSurface } from '../../engine/control/controlSurface.ts';
import { ENGINE_PARAM_INDEX } from '../../engine/engineParams.ts';
import type { GeneratedToken } from '../../engine/generator.ts';
import { applyTemplate } from '../../engine/modelRegistry.ts';
import { TransformersGenerator } from '../../engine/transformersGenerator.ts';
import type { ParamStep } from '../../engine/worker/messages.ts';
import { registry } from '../helpers/realModel.ts';

const tang = registry.get('tang-poet-zh');
const artist = registry.get('li-shangyin-zh');
const params = engineSurface({ temperature: 0.9, top_k: 40, top_p: 0.95, repetition_penalty: 1.1, max_tokens: 30, blend: 0 });
const blended = new TransformersGenerator({ model: tang, device: 'cpu', dtype: 'auto', params, threads: 1, blend: artist });
const switched = new TransformersGenerator({ model: artist, device: 'cpu', dtype: 'auto', params, threads: 1 });
const input = applyTemplate(tang, '秋夜');

beforeAll(() => Promise.all([blended.load(), switched.load()]), 300_000);
afterAll(async () => {
  await Promise.all([blended.close(), switched.close()]);
  params.dispose();
});

/** A verse's text and the parameters the worker read at its first step. */
async function write(g: TransformersGenerator, seed: number): Promise<{ text: string; first: ParamStep }> {
  const steps: ParamStep[] = [];
  const tokens: GeneratedToken[] = [];
  for await (const t of g.generate({ input, body: '', seed, onParams: (s) => steps.push(s) })) tokens.push(t);
  return { text: tokens.map((t) => t.text).join(''), first: steps.find((s) => s.step === 0)! };
}

describe('one parameter mirror for every generator on a surface (tang-poet-zh blended with li-shangyin-zh, and li-shangyin-zh alone)', () => {
  it('a change made once is read by both workers: the same temperature, and the blend model takes over in the blend', async () => {
    const before = await write(blended, 7);
    params.set({ temperature: 0.6, blend: 1 }, 'test');
    const [mixed, alone] = [await write(blended, 7), await write(switched, 7)];
    for (const { first } of [mixed, alone]) {
      expect(first.values[ENGINE_PARAM_INDEX.temperature]).toBe(0.6);
      expect(first.values[ENGINE_PARAM_INDEX.blend]).toBe(1);
    }
    expect(before.first.values[ENGINE_PARAM_INDEX.blend]).toBe(0);
    // At blend 1 the blend's worker writes the artist's voice exactly (the change reached its sampling, not only its report).
    expect(mixed.text).toBe(alone.text);
    expect(mixed.text).not.toBe(before.text);
  });
});
