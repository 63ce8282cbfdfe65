/**
 * @module bench/scenes: script time per frame of each display scene while a 60-character verse is written
 * (one token every 4 frames: 15 tokens/s at 60 fps, twice reading pace), in headless Chromium with WebGL
 * through SwiftShader (scripts/chromium.ts). The page's socket is closed and the verse fed straight into
 * its verse model, so every scene sees the same verse; the host is stepped by hand, 1/60 s a frame, and
 * each step is timed twice: the whole step (scene update + WebGL render calls, which may wait for
 * SwiftShader) and the scene's `update` alone (pure script). The verse loop is stopped first so the model
 * does not compete for the CPU. Frames run in chunks, each its own `evaluate`, so a slow machine shows
 * progress and a crashed page is retried once in a fresh browser instead of ending the run.
 * `npx tsx bench/scenes.ts [scene...]` prints the table; `npm run bench -- scenes` includes it.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { parseConfig } from '../config/loadConfig.ts';
import { startInstallation, type Installation } from '../server/installation.ts';
import { launchBrowser } from '../scripts/chromium.ts';
import type { BenchDefinition } from './benchDefinition.ts';

export interface SceneBenchRow {
  scene: string;
  /** Frames counted (after the warm-up frames). */
  frames: number;
  /** Whole step (update + render calls), milliseconds. */
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The scene's update alone, milliseconds. */
  updateMedianMs: number;
  updateP95Ms: number;
  /** Tries it took (a crashed page is retried once). */
  tries: number;
}

export interface SceneBenchOptions {
  /** Scenes to measure, in order. */
  scenes: string[];
  /** Frames stepped per scene (the verse needs 240). */
  frames: number;
  /** Frames left out at the start (shader compile, first glyph and font loads). */
  warmup: number;
  viewport: { width: number; height: number };
}

const DEFAULTS = {
  scenes: ['text', 'ink', 'constellation', 'scroll'],
  frames: 320,
  warmup: 30,
  viewport: { width: 960, height: 540 },
} satisfies SceneBenchOptions;

/** Wang Wei, 山居秋暝 and 鸟鸣涧: 60 characters with punctuation, ten lines. */
export const VERSE = '空山新雨后，天气晚来秋。明月松间照，清泉石上流。竹喧归浣女，莲动下渔舟。随意春芳歇，王孙自可留。人闲桂花落，夜静春山空。';
/** Frames per `evaluate` call. */
const CHUNK = 40;
const PAGE_TIMEOUT_MS = 180_000;

/** Runs in the page once: takes the display off its socket and times the mounted scene's update. */
const PAGE_SETUP = `(() => {
  const d = window.__inkverseDisplay;
  d.socket.disconnect();
  d.host.manual = true;
  d.model.begin({ id: 'bench', prompt: '', source: 'attract', model: 'bench' });
  const b = { f: 0, seq: 0, line: 0, text: '', step: [], update: [] };
  const m = d.host.mounted;
  const update = m.update.bind(m);
  m.update = (dt, elapsed) => { const t0 = performance.now(); update(dt, elapsed); b.update.push(performance.now() - t0); };
  window.__bench = b;
})()`;

/** Runs in the page per chunk: feeds the verse one token every 4 frames and steps the host by hand. */
const PAGE_CHUNK = `(async (verse, n) => {
  const d = window.__inkverseDisplay;
  const b = window.__bench;
  const chars = [...verse];
  for (let i = 0; i < n; i++, b.f++) {
    if (b.f % 4 === 0 && b.seq < chars.length) {
      const ch = chars[b.seq];
      d.model.token({ id: 'bench', seq: b.seq, text: ch, line: b.line, entropy: (b.seq * 7919 % 50) / 10 });
      b.seq++;
      b.text += ch;
      if (ch === '，' || ch === '。') { d.model.line({ id: 'bench', index: b.line, text: b.text }); b.line++; b.text = ''; }
      if (b.seq === chars.length) d.model.finish({ id: 'bench', text: verse, reason: 'done' });
    }
    const t0 = performance.now();
    d.host.step(1 / 60);
    b.step.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(r));
  }
  return { step: b.step, update: b.update };
})`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

async function measure(browser: Browser, url: string, scene: string, o: SceneBenchOptions): Promise<{ step: number[]; update: number[] }> {
  const context = await browser.newContext({ viewport: o.viewport });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.goto(`${url}/display?scene=${scene}`, { timeout: PAGE_TIMEOUT_MS });
    await page.waitForFunction((n) => document.body.dataset.scene === n, scene, { timeout: PAGE_TIMEOUT_MS });
    await page.evaluate(PAGE_SETUP);
    let out = { step: [] as number[], update: [] as number[] };
    for (let done = 0; done < o.frames; done += CHUNK) {
      out = (await page.evaluate(`${PAGE_CHUNK}(${JSON.stringify(VERSE)}, ${Math.min(CHUNK, o.frames - done)})`)) as typeof out;
      process.stderr.write(`bench/scenes: ${scene} ${Math.min(o.frames, done + CHUNK)}/${o.frames} frames\n`);
    }
    return out;
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** Waits for the verse being written to end, then stops the loop: the bench needs the pages, not the model. */
async function stopLoop(inst: Installation): Promise<void> {
  inst.params.set({ verse_gap: 120 }, 'test');
  if (inst.loop.state === 'writing') await new Promise<void>((resolve) => inst.loop.events.on('verse:end', () => resolve()));
  await inst.loop.close();
}

export async function benchScenes(options: Partial<SceneBenchOptions> = {}): Promise<SceneBenchRow[]> {
  const o: SceneBenchOptions = { ...DEFAULTS, ...options };
  const config = parseConfig({
    server: { port: 0, host: '127.0.0.1' },
    osc: { port: 0, host: '127.0.0.1' },
    data: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-')),
    params: { tempo: 0, verse_gap: 120 },
  });
  const inst = await startInstallation({ configDir: mkdtempSync(path.join(os.tmpdir(), 'inkverse-cfg-')), config });
  let browser: Browser | null = null;
  const rows: SceneBenchRow[] = [];
  try {
    await inst.ready;
    await stopLoop(inst);
    browser = await launchBrowser({ webgl: true });
    for (const scene of o.scenes) {
      let times: { step: number[]; update: number[] } | null = null;
      let tries = 0;
      while (!times) {
        tries++;
        try {
          times = await measure(browser, inst.url, scene, o);
        } catch (err) {
          // A page or browser that died (SwiftShader on a starved machine) gets one fresh start.
          if (tries >= 2) throw err;
          process.stderr.write(`bench/scenes: ${scene} failed (${(err as Error).message.split('\n')[0]}); retrying in a fresh browser\n`);
          await browser.close().catch(() => undefined);
          browser = await launchBrowser({ webgl: true });
        }
      }
      // The slowest frames by index: where in the verse the time goes (a new column, a new line, the seal).
      const slowest = times.step.map((ms, f) => [f, ms] as const).slice(o.warmup).sort((x, y) => y[1] - x[1]).slice(0, 12);
      process.stderr.write(`bench/scenes: ${scene} slowest frames (frame: ms; a token every 4 frames): ${slowest.map(([f, ms]) => `${f}: ${ms.toFixed(1)} (update ${(times.update[f] ?? NaN).toFixed(1)})`).join(', ')}\n`);
      const step = times.step.slice(o.warmup).sort((a, b) => a - b);
      const update = times.update.slice(o.warmup).sort((a, b) => a - b);
      rows.push({
        scene,
        frames: step.length,
        medianMs: r2(percentile(step, 50)),
        p95Ms: r2(percentile(step, 95)),
        p99Ms: r2(percentile(step, 99)),
        maxMs: r2(step[step.length - 1] ?? NaN),
        updateMedianMs: r2(percentile(update, 50)),
        updateP95Ms: r2(percentile(update, 95)),
        tries,
      });
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await inst.close();
  }
  return rows;
}

export function scenesTable(rows: SceneBenchRow[], viewport = DEFAULTS.viewport): string[] {
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' / ');
  return [
    `## Scenes: per-frame script time, 60-character verse (headless Chromium, SwiftShader WebGL, ${viewport.width}x${viewport.height})`,
    '',
    `${new Date().toISOString()}, ${os.availableParallelism()} cores, load average (1/5/15 min) at the end: ${load}`,
    '',
    '| scene | frames | step median | step p95 | step p99 | step max | update median | update p95 | tries |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.scene} | ${r.frames} | ${r.medianMs} ms | ${r.p95Ms} ms | ${r.p99Ms} ms | ${r.maxMs} ms | ${r.updateMedianMs} ms | ${r.updateP95Ms} ms | ${r.tries} |`),
  ];
}

/** `npm run bench -- scenes`. */
export const bench: BenchDefinition = {
  async run() {
    const rows = await benchScenes();
    const figures: Record<string, number> = {};
    for (const r of rows) Object.assign(figures, { [`scene_${r.scene}_median_ms`]: r.medianMs, [`scene_${r.scene}_p95_ms`]: r.p95Ms, [`scene_${r.scene}_update_p95_ms`]: r.updateP95Ms });
    return { figures, markdown: scenesTable(rows) };
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const scenes = process.argv.slice(2);
  for (const line of scenesTable(await benchScenes(scenes.length ? { scenes } : {}))) process.stdout.write(line + '\n');
  process.exit(0);
}
