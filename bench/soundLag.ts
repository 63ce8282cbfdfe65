/**
 * @module bench/soundLag: how long after a token's server timestamp its note sounds on a /sound page
 * (headless Chromium, real installation, Tang model at the default reading tempo of 8 tokens/s). The
 * page schedules each note at the token's time plus the shared playout delay (PLAYOUT_DELAY_MS), so a
 * healthy figure sits at that delay; anything above it is a token that arrived too late for it.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../config/loadConfig.ts';
import { PLAYOUT_DELAY_MS } from '../scenes/ui/serverClock.ts';
import { startInstallation } from '../server/installation.ts';
import { launchBrowser } from '../test/helpers/browser.ts';
import type { BenchDefinition } from './benchDefinition.ts';

export interface SoundLagRow {
  notes: number;
  verses: number;
  playoutMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Notes later than the playout delay plus one display frame (16.7 ms). */
  lateNotes: number;
}

export async function benchSoundLag(verses = 4): Promise<SoundLagRow> {
  const config = parseConfig({
    server: { port: 0, host: '127.0.0.1' },
    osc: { port: 0, host: '127.0.0.1' },
    data: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-')),
    params: { tempo: 8, verse_gap: 0.5 },
  });
  const [inst, browser] = await Promise.all([startInstallation({ config }), launchBrowser()]);
  await inst.ready;
  const page = await browser.newPage();
  await page.goto(`${inst.url}/sound`);
  await page.click('#enable');
  await page.waitForFunction(() => document.body.dataset.audio === 'running');
  // Measure whole verses: from the next verse start to the end of the `verses`-th.
  await new Promise<void>((resolve) => inst.loop.events.on('verse:start', () => resolve()));
  await page.evaluate(() => (window as unknown as { inkverseSoundLags: number[] }).inkverseSoundLags.splice(0));
  await new Promise<void>((resolve) => {
    let n = 0;
    inst.loop.events.on('verse:end', () => ++n === verses && resolve());
  });
  await new Promise((r) => setTimeout(r, 500));
  const lags = await page.evaluate(() => [...(window as unknown as { inkverseSoundLags: number[] }).inkverseSoundLags]);
  await browser.close();
  inst.params.set({ verse_gap: 120 }, 'test');
  await new Promise<void>((resolve) => (inst.loop.state === 'writing' ? inst.loop.events.on('verse:end', () => resolve()) : resolve()));
  await inst.close();
  lags.sort((a, b) => a - b);
  const q = (p: number): number => Math.round((lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))] ?? NaN) * 10) / 10;
  return {
    notes: lags.length,
    verses,
    playoutMs: PLAYOUT_DELAY_MS,
    p50Ms: q(50),
    p99Ms: q(99),
    maxMs: q(100),
    lateNotes: lags.filter((l) => l > PLAYOUT_DELAY_MS + 16.7).length,
  };
}

/** `npm run bench -- sound`. */
export const bench: BenchDefinition = {
  async run() {
    const r = await benchSoundLag();
    return {
      figures: { sound_lag_p50_ms: r.p50Ms, sound_lag_p99_ms: r.p99Ms, sound_late_notes: r.lateNotes },
      markdown: [
        `## Sound: token server time -> note (one /sound page, headless Chromium, tempo 8, playout delay ${r.playoutMs} ms)`,
        '',
        '| verses | notes | lag p50 | p99 | max | notes later than delay + 1 frame |',
        '| --- | --- | --- | --- | --- | --- |',
        `| ${r.verses} | ${r.notes} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.maxMs} ms | ${r.lateNotes} |`,
      ],
    };
  },
};
