/**
 * @module bench/scenes: script time per frame of each display scene while a 60-character verse is written
 * (one token every 4 frames: 15 tokens/s at 60 fps, twice reading pace), in headless Chromium with WebGL through SwiftShader.
 * The page's socket is closed and the verse fed straight into its verse model, so every scene sees the
 * same verse; the host is stepped by hand, 1/60 s a frame, and each step (update + render calls) is timed.
 * `npx tsx bench/scenes.ts` prints the table; `npm run bench scenes` includes it.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../config/loadConfig.ts';
import { startInstallation } from '../server/installation.ts';
import { launchBrowser } from '../test/browser/browser.ts';

export interface SceneBenchRow {
  scene: string;
  frames: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Wang Wei, 山居秋暝 and 鸟鸣涧, 60 characters with punctuation: five-character lines, one per token line. */
const VERSE = '空山新雨后，天气晚来秋。明月松间照，清泉石上流。竹喧归浣女，莲动下渔舟。随意春芳歇，王孙自可留。人闲桂花落，夜静春山空。';
const FRAMES = 320;
const VIEWPORT = { width: 960, height: 540 };

/** Runs in the page: feeds the verse and steps the host by hand; returns each step's milliseconds. */
const PAGE_SCRIPT = `(async (verse, frames) => {
  const d = window.__inkverseDisplay;
  d.socket.disconnect();
  d.host.manual = true;
  const model = d.model;
  model.begin({ id: 'bench', prompt: '', source: 'attract', model: 'bench' });
  const chars = [...verse];
  const times = [];
  let seq = 0, line = 0, text = '';
  for (let f = 0; f < frames; f++) {
    if (f % 4 === 0 && seq < chars.length) {
      const ch = chars[seq];
      model.token({ id: 'bench', seq, text: ch, line, entropy: (seq * 7919 % 50) / 10 });
      seq++;
      text += ch;
      if (ch === '，' || ch === '。') { model.line({ id: 'bench', index: line, text }); line++; text = ''; }
      if (seq === chars.length) model.finish({ id: 'bench', text: verse, reason: 'done' });
    }
    const t0 = performance.now();
    d.host.step(1 / 60);
    times.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(r));
  }
  return times;
})`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function benchScenes(scenes = ['text', 'ink', 'constellation', 'scroll']): Promise<SceneBenchRow[]> {
  const config = parseConfig({
    server: { port: 0, host: '127.0.0.1' },
    osc: { port: 0, host: '127.0.0.1' },
    data: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-')),
    params: { verse_gap: 120 },
  });
  const inst = await startInstallation({ configDir: mkdtempSync(path.join(os.tmpdir(), 'inkverse-cfg-')), config });
  const browser = await launchBrowser({ webgl: true });
  const rows: SceneBenchRow[] = [];
  try {
    for (const scene of scenes) {
      const page = await browser.newPage({ viewport: VIEWPORT });
      await page.goto(`${inst.url}/display?scene=${scene}`, { timeout: 120_000 });
      await page.waitForFunction((n) => document.body.dataset.scene === n, scene, { timeout: 120_000 });
      const times = (await page.evaluate(`${PAGE_SCRIPT}(${JSON.stringify(VERSE)}, ${FRAMES})`)) as number[];
      await page.close();
      // The first frames compile shaders and load glyphs: count from the second half-second on.
      const sorted = times.slice(30).sort((a, b) => a - b);
      const r2 = (x: number): number => Math.round(x * 100) / 100;
      rows.push({ scene, frames: sorted.length, p50Ms: r2(percentile(sorted, 50)), p99Ms: r2(percentile(sorted, 99)), maxMs: r2(sorted[sorted.length - 1] ?? 0) });
    }
  } finally {
    await browser.close();
    await inst.close();
  }
  return rows;
}

export function scenesTable(rows: SceneBenchRow[]): string[] {
  return [
    `## Display scenes: script time per frame, 60-character verse (headless Chromium, SwiftShader WebGL, ${VIEWPORT.width}x${VIEWPORT.height})`,
    '',
    '| scene | frames | p50 | p99 | max |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.scene} | ${r.frames} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.maxMs} ms |`),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of scenesTable(await benchScenes(process.argv.slice(2).length ? process.argv.slice(2) : undefined))) process.stdout.write(line + '\n');
  process.exit(0);
}
