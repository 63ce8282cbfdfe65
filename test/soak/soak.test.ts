/**
 * @module test/soak/soak
 * The soak run (bench/soak.ts) at CI length: the real server process (`node --import tsx server/main.ts`,
 * real Tang model), 8 displays and OSC traffic for `SOAK_SECONDS` (default 20 s here; 1 h by hand). It
 * asserts that the run happened as designed (samples every interval, verses reached every display, the
 * outside sender was denied, the server still answers); the memory slope itself is a measurement and goes
 * to BENCHMARKS.md, not into an assertion.
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);

describe('soak (real server process, real model)', () => {
  it(`runs ${SECONDS} s with 8 displays and OSC traffic, sampling RSS and heap`, async () => {
    const r = await runSoak({ seconds: SECONDS });
    console.info(`[soak] ${SECONDS} s: RSS ${r.samples[0]!.rssMiB.toFixed(0)} -> ${r.samples.at(-1)!.rssMiB.toFixed(0)} MiB, slope ${r.rssSlopeMiBPerHour.toFixed(1)} MiB/h; ${r.verses} verses; ${r.oscDenied} OSC packets denied`);
    expect(r.samples.length).toBeGreaterThanOrEqual(10);
    for (const s of r.samples) {
      expect(s.rssMiB).toBeGreaterThan(0);
      expect(s.heapMiB).toBeGreaterThan(0);
    }
    expect(r.tokensPerDisplay).toBeGreaterThan(0);
    expect(r.oscDenied).toBeGreaterThan(0);
    expect(r.alive).toBe(true);
  }, (SECONDS + 360) * 1000);
});
