/**
 * @module test/bench/soak.int
 * The soak run (bench/soak.ts) at CI length: the real server process (as `npm start` runs it,
 * real Tang model), 8 displays and OSC traffic for `SOAK_SECONDS` (default 20 s here; 1 h by hand). It
 * asserts that the run happened as designed (samples every interval, every display received whole verses, the
 * outside sender was denied, the server answers /health with 200 ok), and that its memory figures are the
 * server process's (checked against the kernel's count); the memory slope itself is a measurement and goes
 * to BENCHMARKS.md, not into an assertion.
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);

describe('soak (real server process, real model)', () => {
  it(`runs ${SECONDS} s with 8 displays and OSC traffic, sampling RSS and heap`, async () => {
    const r = await runSoak({ seconds: SECONDS });
    console.info(
      `[soak] ${SECONDS} s: RSS ${r.samples[0]!.rssMiB.toFixed(0)} -> ${r.samples.at(-1)!.rssMiB.toFixed(0)} MiB (kernel ${r.procRssMiB.toFixed(0)}), ` +
        `slope ${r.rssSlopeMiBPerHour.toFixed(1)} MiB/h; ${r.verses} verses; displays ${JSON.stringify(r.displays)}; ${r.oscDenied} OSC packets denied; /health ${r.healthStatus}`,
    );
    expect(r.samples.length).toBeGreaterThanOrEqual(10);
    // The figures are the server's memory: RSS from /metrics agrees with what the kernel counts for that
    // process (within a quarter: the two are read a moment apart), and the heap in use fits inside it.
    const last = r.samples.at(-1)!;
    expect(Math.abs(last.rssMiB - r.procRssMiB)).toBeLessThan(r.procRssMiB / 4);
    for (const s of r.samples) {
      expect(Number.isFinite(s.rssMiB) && Number.isFinite(s.heapMiB)).toBe(true);
      expect(s.heapMiB).toBeGreaterThan(1);
      expect(s.heapMiB).toBeLessThan(s.rssMiB);
    }
    // Every display received verses: each saw at least one whole (every token, in order, start to end),
    // and none saw more than one fewer than another (a verse running when they connected may be cut).
    expect(r.displays).toHaveLength(8);
    const whole = r.displays.map((d) => d.wholeVerses);
    expect(Math.min(...whole)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...whole) - Math.min(...whole)).toBeLessThanOrEqual(1);
    expect(r.oscDenied).toBeGreaterThan(0);
    // Still answering, and healthy: a 503 (degraded) is not alive.
    expect(r.healthStatus).toBe(200);
    expect(r.alive).toBe(true);
  }, (SECONDS + 360) * 1000);
});
