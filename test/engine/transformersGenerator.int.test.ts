import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTemplate } from '../../engine/modelRegistry.ts';
import { collect, lineLengths, realGenerator } from '../helpers/realModel.ts';

const { model, params, generator } = realGenerator('tang-poet-zh', { max_tokens: 64 });
const input = applyTemplate(model, '秋风吹落满地黄叶');

beforeAll(() => generator.load());
afterAll(() => generator.close());

describe('TransformersGenerator with the shipped Tang model (real worker, real ONNX model)', () => {
  it('loads on the CPU and reports it', () => {
    expect(generator.info).toMatchObject({ model: 'tang-poet-zh', device: 'cpu', state: 'ready' });
  });

  it('writes Chinese verse whose every line has 5 or 7 characters', async () => {
    const text = (await collect(generator.generate({ input, body: '', seed: 1 }))).join('');
    expect(text).toMatch(/^[\p{Script=Han}，。]+$/u);
    const lengths = lineLengths(text);
    expect(lengths.length).toBeGreaterThanOrEqual(2);
    expect(new Set(lengths).size).toBe(1);
    expect([5, 7]).toContain(lengths[0]);
  });

  it('replays the same verse from the same seed and a different one from another', async () => {
    const a = (await collect(generator.generate({ input, body: '', seed: 42 }))).join('');
    const b = (await collect(generator.generate({ input, body: '', seed: 42 }))).join('');
    const c = (await collect(generator.generate({ input, body: '', seed: 43 }))).join('');
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  /** The first `n` token texts of a streamed verse; `at(k)` runs once token k has arrived, before token k+1 is asked for. */
  async function firstTokens(seed: number, n: number, at: (k: number) => void = () => {}): Promise<string[]> {
    const got: string[] = [];
    for await (const t of generator.generate({ input, body: '', seed })) {
      got.push(t.text);
      at(got.length);
      if (got.length === n) break;
    }
    return got;
  }

  // The form rules decide here, so the check does not hang on the model's numbers: with line_length 7 the sixth
  // character of a line can only be a character; a change to 5 made once five have arrived makes it the line's end.
  it('applies a change made before token n is asked for to token n (form: line_length)', async () => {
    try {
      params.set({ line_length: 7 }, 'test');
      const unchanged = await firstTokens(11, 6);
      expect(unchanged.join('')).toMatch(/^\p{Script=Han}{6}$/u);
      const changed = await firstTokens(11, 6, (k) => k === 5 && params.set({ line_length: 5 }, 'test'));
      expect(changed.slice(0, 5)).toEqual(unchanged.slice(0, 5));
      expect(changed[5]).toBe('，');
    } finally {
      params.set({ line_length: 0 }, 'test');
    }
  });

  // Greedy for three tokens, then free sampling: the head is the same whatever the seed, and token 4 follows the
  // seed only when the change already holds for it (greedy throughout, it is the same for every seed).
  it('applies a change made before token n is asked for to token n (sampling: top_k, temperature)', async () => {
    const seeds = [21, 22, 23, 24, 25, 26];
    try {
      const greedy = { top_k: 1, temperature: 0.05 };
      const free = { top_k: 0, top_p: 1, temperature: 1.5 };
      params.set(greedy, 'test');
      const steady: string[][] = [];
      for (const seed of seeds) steady.push(await firstTokens(seed, 4));
      const switched: string[][] = [];
      for (const seed of seeds) {
        params.set(greedy, 'test');
        switched.push(await firstTokens(seed, 4, (k) => k === 3 && params.set(free, 'test')));
      }
      expect(new Set(steady.map((t) => t.join(''))).size).toBe(1);
      expect(new Set(switched.map((t) => t.slice(0, 3).join('')))).toEqual(new Set([steady[0]!.slice(0, 3).join('')]));
      expect(new Set(switched.map((t) => t[3])).size).toBeGreaterThan(1);
    } finally {
      params.set({ temperature: 0.9, top_k: 40, top_p: 0.95 }, 'test');
    }
  });

  it('stops within a token when aborted, and stays usable', async () => {
    const controller = new AbortController();
    const got: string[] = [];
    for await (const t of generator.generate({ input, body: '', seed: 3, signal: controller.signal })) {
      got.push(t.text);
      if (got.length === 2) controller.abort();
    }
    expect(got.length).toBeLessThanOrEqual(3);
    expect((await collect(generator.generate({ input, body: '', seed: 3 }))).length).toBeGreaterThan(5);
  });

  it('keeps writing when the input outgrows the model context (long co-written verses)', async () => {
    const long = applyTemplate(model, '山水'.repeat(150));
    const text = (await collect(generator.generate({ input: long, body: '', seed: 8 }))).join('');
    expect(text.length).toBeGreaterThan(5);
    expect(lineLengths(text).every((n) => n === 5 || n === 7)).toBe(true);
  });

  it('continues a verse from the body it is given (co-writing), keeping the form', async () => {
    const body = '明月照高楼，';
    const text = (await collect(generator.generate({ input: input + body, body, seed: 5 }))).join('');
    expect(lineLengths(body + text).every((n) => n === 5)).toBe(true);
  });
});

describe('TransformersGenerator.draft: the next line N times in one batch', () => {
  const body = '秋风吹落满地黄叶，';

  it('returns one whole next line per row, with its tokens’ log-probabilities and prosody, reproducibly', async () => {
    const rows = await generator.draft({ input: body, body, seed: 7, count: 4, maxTokens: 64 });
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      expect(r.ended).toBe('line');
      const text = r.tokens.map((t) => t.text).join('');
      // The visitor's 8 characters set the nearest form, 7 characters, and the couplet closes with 。.
      expect(text).toMatch(/^\p{Script=Han}{7}。$/u);
      for (const t of r.tokens) expect(t.logprob).toBeLessThanOrEqual(0);
      expect(r.prosody).not.toBeNull();
    }
    expect(new Set(rows.map((r) => r.tokens.map((t) => t.text).join(''))).size).toBeGreaterThan(1);
    const again = await generator.draft({ input: body, body, seed: 7, count: 4, maxTokens: 64 });
    expect(again.map((r) => r.tokens.map((t) => t.text).join(''))).toEqual(rows.map((r) => r.tokens.map((t) => t.text).join('')));
  });

  it('comes back `length` when the budget ends mid-line, and drafts nothing more once aborted', async () => {
    const rows = await generator.draft({ input: body, body, seed: 1, count: 2, maxTokens: 3 });
    expect(rows.map((r) => [r.ended, r.tokens.length])).toEqual([
      ['length', 3],
      ['length', 3],
    ]);
    const abort = new AbortController();
    abort.abort(new Error('stop'));
    await expect(generator.draft({ input: body, body, seed: 1, count: 2, maxTokens: 64, signal: abort.signal })).rejects.toThrow('stop');
  });
});
