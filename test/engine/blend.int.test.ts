/**
 * @module test/engine/blend
 * The style fader with real models in real workers: the shipped Tang model, the shipped sample artist voice
 * (li-shangyin-zh, tuned from it, same tokenizer), and the Tang model with the artist's voice as its blend model.
 * At blend 0 the blended generator writes exactly the Tang model's text, at 1 exactly the artist's, streamed and
 * drafted, for the same seeds; a move of the fader mid-verse changes the distribution from the next token on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineSurface } from '../../engine/control/controlSurface.ts';
import { applyTemplate } from '../../engine/modelRegistry.ts';
import { TransformersGenerator } from '../../engine/transformersGenerator.ts';
import type { GeneratedToken } from '../../engine/generator.ts';
import { registry } from '../helpers/realModel.ts';

const tang = registry.get('tang-poet-zh');
const artist = registry.get('li-shangyin-zh');
const SETTINGS = { temperature: 0.9, top_k: 40, top_p: 0.95, repetition_penalty: 1.1, max_tokens: 40 };

function generator(name: 'tang' | 'artist' | 'blended'): { g: TransformersGenerator; params: ReturnType<typeof engineSurface> } {
  const params = engineSurface(SETTINGS);
  const model = name === 'artist' ? artist : tang;
  const g = new TransformersGenerator({ model, device: 'cpu', dtype: 'auto', params, threads: 1, blend: name === 'blended' ? artist : null });
  return { g, params };
}

const alone = generator('tang');
const voice = generator('artist');
const blended = generator('blended');
const input = applyTemplate(tang, '秋夜');
const SEEDS = [1, 2, 3];

beforeAll(() => Promise.all([alone.g.load(), voice.g.load(), blended.g.load()]), 300_000);
afterAll(() => Promise.all([alone.g.close(), voice.g.close(), blended.g.close()]));

async function tokens(g: TransformersGenerator, seed: number, afterToken: (k: number) => void = () => {}): Promise<GeneratedToken[]> {
  const out: GeneratedToken[] = [];
  for await (const t of g.generate({ input, body: '', seed })) {
    out.push(t);
    afterToken(out.length);
  }
  return out;
}
const text = (ts: GeneratedToken[]): string => ts.map((t) => t.text).join('');

describe('the blend fader over two real models (tang-poet-zh and its tuned li-shangyin-zh)', () => {
  it('reports the blend model it loaded beside the model', () => {
    expect(blended.g.info).toMatchObject({ model: 'tang-poet-zh', blend: 'li-shangyin-zh', state: 'ready' });
  });

  it('streamed: blend 0 writes exactly the base model\'s text, blend 1 exactly the tuned model\'s, for the same seeds', async () => {
    for (const seed of SEEDS) {
      const base = text(await tokens(alone.g, seed));
      const tuned = text(await tokens(voice.g, seed));
      expect(tuned).not.toBe(base); // the two voices differ, so the equalities below say something
      blended.params.set({ blend: 0 }, 'test');
      expect(text(await tokens(blended.g, seed))).toBe(base);
      blended.params.set({ blend: 1 }, 'test');
      expect(text(await tokens(blended.g, seed))).toBe(tuned);
    }
  });

  it('drafted (4 rows a line): blend 0 drafts the base model\'s lines, blend 1 the tuned model\'s', async () => {
    const draft = (g: TransformersGenerator, seed: number): Promise<string[]> =>
      g.draft({ input, body: '', seed, count: 4, maxTokens: 12 }).then((rows) => rows.map((r) => r.tokens.map((t) => t.text).join('') + `|${r.ended}`));
    for (const seed of SEEDS) {
      const base = await draft(alone.g, seed);
      const tuned = await draft(voice.g, seed);
      expect(tuned).not.toEqual(base);
      blended.params.set({ blend: 0 }, 'test');
      expect(await draft(blended.g, seed)).toEqual(base);
      blended.params.set({ blend: 1 }, 'test');
      expect(await draft(blended.g, seed)).toEqual(tuned);
    }
  });

  it('half way, the verse is neither voice: the two distributions are mixed', async () => {
    blended.params.set({ blend: 0.5 }, 'test');
    const mixed = await tokens(blended.g, 1);
    expect(text(mixed)).not.toBe(text(await tokens(alone.g, 1)));
    expect(text(mixed)).not.toBe(text(await tokens(voice.g, 1)));
  });

  it('a fader move mid-verse changes the distribution from the very next token, not before', async () => {
    const AT = 6;
    blended.params.set({ blend: 0 }, 'test');
    const still = await tokens(blended.g, 5);
    blended.params.set({ blend: 0 }, 'test');
    // The performer pushes the fader to 1 once token AT has arrived, before token AT+1 is asked for.
    const moved = await tokens(blended.g, 5, (k) => k === AT && blended.params.set({ blend: 1 }, 'test'));
    // Up to the move: the same tokens, from the same distributions.
    expect(moved.slice(0, AT)).toEqual(still.slice(0, AT));
    // The next token is drawn from another distribution (same context, so another entropy): the tuned model's.
    expect(moved[AT]!.entropy).not.toBeCloseTo(still[AT]!.entropy, 4);
    // And it is the tuned model's distribution for that context: read afresh by each model alone (a prefill, whose
    // int8 arithmetic differs in the last digits from a cached step), the tuned one is the nearer.
    const opening = text(still.slice(0, AT));
    const entropyAfter = async (g: TransformersGenerator): Promise<number> => {
      for await (const t of g.generate({ input: input + opening, body: opening, seed: 99 })) return t.entropy;
      throw new Error('no token');
    };
    const [base, tuned] = [await entropyAfter(alone.g), await entropyAfter(voice.g)];
    expect(Math.abs(moved[AT]!.entropy - tuned)).toBeLessThan(Math.abs(moved[AT]!.entropy - base));
    expect(Math.abs(still[AT]!.entropy - base)).toBeLessThan(Math.abs(still[AT]!.entropy - tuned));
  });
});
