/** @module benchReport tests: the JSON report of `npm run bench` (shape, ratios, merged figures) and the BENCHMARKS.md blocks. */
import { describe, expect, it } from 'vitest';
import type { BenchOutcome } from '../../bench/benchDefinition.ts';
import { buildReport, cell, percentile, ratios, ratiosBelow, rewriteBlocks, stats, type ReportMeta } from '../../bench/benchReport.ts';

const META: ReportMeta = { command: 'npm run bench -- --quick', date: '2026-12-07T20:00:00.000Z', commit: 'abc1234', machine: '2 cores', load: [1, 2], quick: true, seconds: 100 };

describe('stats', () => {
  it('gives min, median and max over repeats, the median of an even count between the middle two', () => {
    expect(stats([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3, n: 3 });
    expect(stats([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4, n: 4 });
  });
  it('leaves out values that are not finite, and says n: 0 when none is left', () => {
    expect(stats([NaN, 5, Infinity])).toEqual({ min: 5, median: 5, max: 5, n: 1 });
    expect(stats([]).n).toBe(0);
  });
});

describe('ratios', () => {
  it('divides rates ours / peer and latencies peer / ours, so above 1 always means inkverse is faster', () => {
    expect(ratios([90, 120], [100, 100], 'higher-is-better')).toEqual([0.9, 1.2]);
    expect(ratios([2, 0.5], [1, 1], 'lower-is-better')).toEqual([0.5, 2]);
  });
  it('refuses repeats that do not pair up', () => {
    expect(() => ratios([1, 2], [1], 'higher-is-better')).toThrow(/2 repeats of ours against 1/);
  });
});

describe('percentile', () => {
  it('takes the nearest rank of sorted values', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.99)).toBe(99);
    expect(percentile(xs, 1)).toBe(100);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('buildReport', () => {
  const outcomes = new Map<string, BenchOutcome>([
    ['generation', { figures: { decode_ratio: stats(ratios([95, 110, 100], [100, 100, 100], 'higher-is-better')), decode_first_token_ms: 5 }, markdown: [] }],
    ['osc', { figures: { osc_ratio: stats([0.4, 0.5, 0.6]), osc_p99_ms: 0.9 }, markdown: [] }],
  ]);
  it('is one flat object: the run facts, the benches run, then every figure by its key', () => {
    const r = buildReport(META, outcomes);
    expect(r).toMatchObject({ command: 'npm run bench -- --quick', commit: 'abc1234', quick: true, benches: ['generation', 'osc'] });
    expect(r.decode_ratio).toEqual({ min: 0.95, median: 1, max: 1.1, n: 3 });
    expect(r.osc_p99_ms).toBe(0.9);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
  it('lists the ratios whose median is below 0.9', () => {
    expect(ratiosBelow(buildReport(META, outcomes))).toEqual(['osc_ratio']);
  });
  it('refuses two benches reporting the same key', () => {
    const clash = new Map(outcomes).set('other', { figures: { osc_p99_ms: 1 }, markdown: [] });
    expect(() => buildReport(META, clash)).toThrow(/"other" reports "osc_p99_ms"/);
  });
});

describe('rewriteBlocks', () => {
  const doc = '# Benchmarks\n\nHand-written prose.\n\n## Not measured yet\n- GPU\n';
  it('adds a block before "Not measured yet", then replaces it in place, leaving the prose alone', () => {
    const once = rewriteBlocks(doc, new Map([['osc', ['## OSC', '| a |']]]));
    expect(once).toContain('Hand-written prose.');
    expect(once.indexOf('## OSC')).toBeLessThan(once.indexOf('## Not measured yet'));
    const twice = rewriteBlocks(once, new Map([['osc', ['## OSC', '| b |']]]));
    expect(twice).toContain('| b |');
    expect(twice).not.toContain('| a |');
    expect(twice.split('## OSC').length).toBe(2);
    expect(twice.endsWith('## Not measured yet\n- GPU\n')).toBe(true);
  });
});

describe('cell', () => {
  it('shows stats as median (min–max), a reason as it is', () => {
    expect(cell({ min: 1, median: 2, max: 3, n: 3 }, ' ms')).toBe('2 ms (1–3)');
    expect(cell('unavailable: no GPU')).toBe('unavailable: no GPU');
    expect(cell(undefined)).toBe('—');
  });
});
