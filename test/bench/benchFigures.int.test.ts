/**
 * @module benchFigures int tests: the benches added for issue 20's last figures, run for real (a running installation
 * and a sender thread over UDP; the shipped Tang model in its worker; Chromium on the kiosk) at the smallest size that
 * still gives every figure (fewer steps, verses and keystrokes than `--quick`, to keep the suite short), give the keys `npm run bench` prints and tables whose figures agree with each other. No timing is
 * asserted: the figures themselves go to BENCHMARKS.md.
 */
import { describe, expect, it } from 'vitest';
import type { Figure, Stats } from '../../bench/benchDefinition.ts';
import { benchDrafting, draftingOutcome } from '../../bench/drafting.ts';
import { benchKeystroke, keystrokeOutcome } from '../../bench/keystroke.ts';
import { benchOscAbsorb, oscAbsorbOutcome } from '../../bench/oscAbsorb.ts';

function isStats(f: Figure | undefined): f is Stats {
  return typeof f === 'object' && f !== null && Number.isFinite(f.median) && f.n >= 1 && f.min <= f.median && f.median <= f.max;
}

describe('bench oscabsorb (installation and bare UDP echo, ramped sender)', () => {
  it('reports the absorbed rate as one of the ramp steps (or 0), the loss after it, and the echo peer beside it', async () => {
    const { figures, markdown } = oscAbsorbOutcome(await benchOscAbsorb({ steps: [1000, 64_000], seconds: 0.5, repeats: 1, shippedLimit: false }));
    for (const key of ['osc_absorbed_per_s', 'osc_absorb_loss_at_next', 'osc_bare_echo_absorbed_per_s', 'osc_absorb_ratio']) expect(isStats(figures[key]), key).toBe(true);
    const steps = markdown.filter((l) => /^\| (bare UDP echo|installation[^|]*) \| \d+\/s \|/.test(l)).map((l) => Number(/\| (\d+)\/s \|/.exec(l)![1]));
    expect(steps.length).toBeGreaterThan(1);
    expect([0, ...steps]).toContain((figures.osc_absorbed_per_s as Stats).median);
    expect([0, ...steps]).toContain((figures.osc_bare_echo_absorbed_per_s as Stats).median);
    const loss = (figures.osc_absorb_loss_at_next as Stats).median;
    expect(loss).toBeGreaterThanOrEqual(0);
    expect(loss).toBeLessThanOrEqual(1);
  }, 300_000);
});

describe('bench drafting (shipped Tang model in its worker)', () => {
  it('counts more drafted lines than kept ones, and gives streamed lines/s and drafted_lines_ratio over the same rounds', async () => {
    const { figures } = draftingOutcome(await benchDrafting({ rounds: 1, verses: 1, warmup: 0 }));
    for (const key of ['drafted_lines_per_s', 'drafted_kept_lines_per_s', 'streamed_lines_per_s', 'drafted_lines_ratio', 'drafted_lines_cpu_ratio']) expect(isStats(figures[key]), key).toBe(true);
    const drafted = figures.drafted_lines_per_s as Stats;
    const kept = figures.drafted_kept_lines_per_s as Stats;
    // Same blocks, same seconds: four drafts of every kept line means at least as many drafted lines as kept ones.
    expect(drafted.n).toBe(kept.n);
    expect(drafted.median).toBeGreaterThanOrEqual(kept.median);
    expect((figures.streamed_lines_per_s as Stats).median).toBeGreaterThan(0);
  }, 300_000);
});

describe('bench keystroke (kiosk in Chromium, installation writing)', () => {
  it('gives keystroke-to-paint p50 and p99 for Latin, Chinese without IME, a pinyin letter and its candidates, beside a bare textarea', async () => {
    const { figures, markdown } = keystrokeOutcome(await benchKeystroke({ keystrokes: 6, warmup: 1, rounds: 1 }));
    for (const kind of ['latin', 'cjk', 'pinyin', 'candidates', 'bare_latin', 'bare_cjk']) {
      const p50 = figures[`keystroke_${kind}_p50_ms`];
      const p99 = figures[`keystroke_${kind}_p99_ms`];
      expect(typeof p50 === 'number' && p50 > 0, kind).toBe(true);
      expect(p99 as number, kind).toBeGreaterThanOrEqual(p50 as number);
    }
    // The bare textarea in the kiosk's web font: the font's share of the kiosk's time.
    for (const kind of ['latin', 'cjk']) expect(figures[`keystroke_font_${kind}_p50_ms`] as number, kind).toBeGreaterThan(0);
    expect(isStats(figures.keystroke_ratio)).toBe(true);
    expect(isStats(figures.keystroke_cjk_ratio)).toBe(true);
    expect(markdown.some((l) => l.startsWith('| kiosk: pinyin letter on the on-screen keyboard -> its candidates'))).toBe(true);
  }, 300_000);
});
