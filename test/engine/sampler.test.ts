import { describe, expect, it } from 'vitest';
import { seededRng } from '../../engine/rng.ts';
import { sampleToken } from '../../engine/sampler.ts';

const base = { temperature: 1, top_k: 0, top_p: 1, repetition_penalty: 1 };
const logits = Float32Array.from([2, 1, 0.5, 0, -1, -3]);

describe('sampleToken', () => {
  it('replays the same choices from the same seed', () => {
    const run = (seed: number): number[] => {
      const rng = seededRng(seed);
      return Array.from({ length: 50 }, () => sampleToken(logits, base, rng).token);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('top_k = 1 always takes the most likely token', () => {
    const rng = seededRng(1);
    for (let i = 0; i < 20; i++) expect(sampleToken(logits, { ...base, top_k: 1 }, rng).token).toBe(0);
  });

  it('low temperature concentrates and high temperature spreads the choices', () => {
    const spread = (temperature: number): number => {
      const rng = seededRng(3);
      return new Set(Array.from({ length: 300 }, () => sampleToken(logits, { ...base, temperature }, rng).token)).size;
    };
    expect(spread(0.05)).toBe(1);
    expect(spread(2)).toBeGreaterThanOrEqual(5);
  });

  it('top_p keeps only the nucleus', () => {
    const rng = seededRng(5);
    const seen = new Set(Array.from({ length: 300 }, () => sampleToken(logits, { ...base, top_p: 0.5 }, rng).token));
    expect([...seen]).toEqual([0]);
  });

  it('never picks a token the form forbids', () => {
    const rng = seededRng(9);
    const allowed = Uint8Array.from([0, 0, 0, 1, 1, 0]);
    for (let i = 0; i < 100; i++) expect([3, 4]).toContain(sampleToken(logits, base, rng, { allowed }).token);
  });

  it('the repetition penalty makes a repeated favourite less likely', () => {
    const count = (penalty: number): number => {
      const rng = seededRng(11);
      return Array.from({ length: 500 }, () => sampleToken(logits, { ...base, repetition_penalty: penalty }, rng, { history: [0] }).token).filter(
        (t) => t === 0,
      ).length;
    };
    expect(count(2)).toBeLessThan(count(1));
  });

  it('reports the entropy of the model distribution in bits and the log-probability of the choice', () => {
    const uniform = new Float32Array(8);
    const r = sampleToken(uniform, base, seededRng(1));
    expect(r.entropy).toBeCloseTo(3, 6);
    expect(r.logprob).toBeCloseTo(Math.log(1 / 8), 6);
  });
});
