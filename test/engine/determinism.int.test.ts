/**
 * Generation is deterministic on the CPU (the shipped Tang model in real workers): the same calls with the same seeds
 * and parameters give the same tokens and the same log-probabilities to the last printed digit, whatever the number of
 * inference threads (1 or 3), for streamed verses and for batches of drafts that continue the previous line (the
 * kept KV cache); a live `temperature` move is reported at the step it was sampled with, and a schedule of those
 * steps makes a fresh worker sample exactly the same tokens without any live move.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_PARAMS, type EngineParams } from '../../engine/engineParams.ts';
import type { ParamStep } from '../../engine/generator.ts';
import { engineSurface, type ControlSurface } from '../../engine/control/controlSurface.ts';
import { TransformersGenerator } from '../../engine/transformersGenerator.ts';
import { registry } from '../helpers/realModel.ts';

const open: TransformersGenerator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((g) => g.close()));
});

function generator(threads: number): { g: TransformersGenerator; params: ControlSurface<EngineParams> } {
  const params = engineSurface({ temperature: 1.1 });
  const g = new TransformersGenerator({ model: registry.get('tang-poet-zh'), device: 'cpu', dtype: 'auto', params, threads });
  open.push(g);
  return { g, params };
}

const show = (tokens: Array<{ text: string; logprob: number }>): string => tokens.map((t) => `${t.text}${t.logprob.toFixed(6)}`).join(' ');

/** Three drafted lines, each batch continuing the line kept from the one before, then a streamed verse. */
async function session(threads: number): Promise<string[]> {
  const { g } = generator(threads);
  const out: string[] = [];
  let body = '';
  for (let line = 0; line < 3; line++) {
    const drafts = await g.draft({ input: '秋风\n' + body, body, seed: 40 + line, count: 4, maxTokens: 12 });
    out.push(drafts.map((d) => show(d.tokens)).join(' | '));
    body += drafts.find((d) => d.ended === 'line')?.tokens.map((t) => t.text).join('') ?? '';
  }
  const streamed: Array<{ text: string; logprob: number }> = [];
  for await (const t of g.generate({ input: '明月\n', body: '', seed: 7 })) streamed.push(t);
  out.push(show(streamed));
  return out;
}

describe('deterministic generation on the CPU (shipped model, real workers)', () => {
  it('gives the same tokens and log-probabilities with 1 and 3 inference threads', async () => {
    const one = await session(1);
    const three = await session(3);
    expect(one[0]!.length).toBeGreaterThan(20);
    expect(three).toEqual(one);
  }, 180_000);

  it('reports a live temperature move at the step it was sampled with, and a schedule of it replays the same verse', async () => {
    const live = generator(2);
    const steps: ParamStep[] = [];
    const first: string[] = [];
    for await (const t of live.g.generate({ input: '江雪\n', body: '', seed: 11, onParams: (s) => steps.push(s) })) {
      first.push(t.text);
      if (first.length === 5) live.params.set({ temperature: 1.7 }, 'console');
    }
    const temperature = ENGINE_PARAMS.findIndex((s) => s.name === 'temperature');
    expect(steps[0]).toMatchObject({ step: 0 });
    expect(steps[0]!.values[temperature]).toBe(1.1);
    const moved = steps.find((s) => s.values[temperature] === 1.7)!;
    expect(moved.step).toBe(5); // asked for after the 5th token was shown: the 6th is the first sampled hot
    const replay = generator(1); // its live parameters stay at 1.1 throughout
    const again: string[] = [];
    for await (const t of replay.g.generate({ input: '江雪\n', body: '', seed: 11, schedule: steps })) again.push(t.text);
    expect(again.join('')).toBe(first.join(''));
    const without: string[] = [];
    for await (const t of replay.g.generate({ input: '江雪\n', body: '', seed: 11 })) without.push(t.text);
    expect(without.join('')).not.toBe(first.join(''));
  }, 180_000);
});
