/**
 * @module bench/floods: `/health` latency while one kiosk client floods `prompt:status` (5,000 calls/s of 32 ids,
 * from a worker thread, so the sender's own work does not sit in the server's event loop; cut off, it connects again at
 * once), against the same installation unflooded; the tokens a display received meanwhile; and the process's RSS
 * before, at the peak of, and 10 s after each phase. The shipped Tang model at tempo 8.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { io } from 'socket.io-client';
import { parseConfig } from '../config/loadConfig.ts';
import { startInstallation } from '../server/installation.ts';
import type { BenchDefinition } from './benchDefinition.ts';

export interface FloodRow {
  phase: 'quiet' | 'prompt:status flood';
  healthP50Ms: number;
  healthP99Ms: number;
  healthMaxMs: number;
  /** Tokens a display received per second. */
  tokensPerS: number;
  /** Calls sent, how many were answered, and how many of those were refused with INKVERSE_E_RATE_LIMIT. */
  sent: number;
  acked: number;
  refused: number;
  /** Times the server cut the flooding socket off (disconnected it for its abusive rate); it reconnects at once. */
  cutOffs: number;
  /** Process RSS (the server and the flooder's thread) when the phase began, at its peak, and 10 s after it ended, MiB. */
  rssBeforeMB: number;
  rssPeakMB: number;
  rssAfterMB: number;
}

/** Seconds of rest after a phase before its RSS is read again. */
const SETTLE_S = 10;
const rssMB = (): number => Math.round(process.memoryUsage.rss() / 1048576);

const FLOODER = `
const { workerData, parentPort } = require('node:worker_threads');
const { io } = require('socket.io-client');
const { url, perTick, ticks } = workerData;
const s = io(url + '/kiosk', { transports: ['websocket'], auth: { clientId: 'bench-flooder-page' } });
const ids = Array.from({ length: 32 }, (_, i) => '00000000-0000-4000-8000-' + String(i).padStart(12, '0'));
let sent = 0, acked = 0, refused = 0, tick = 0, cutOffs = 0;
// A persistent flooder: cut off by the server, it connects again at once and goes on.
s.on('disconnect', (reason) => { if (reason === 'io server disconnect') { cutOffs++; s.connect(); } });
s.once('connect', () => {
  parentPort.postMessage({ started: true });
  const timer = setInterval(() => {
    // Only while connected: a disconnected client would buffer every emit (in this process) and send none.
    for (let i = 0; i < perTick && s.connected; i++) { sent++; s.emit('prompt:status', { ids }, (a) => { acked++; if (!a.ok && a.error.code === 'INKVERSE_E_RATE_LIMIT') refused++; }); }
    if (++tick === ticks) { clearInterval(timer); setTimeout(() => { parentPort.postMessage({ sent, acked, refused, cutOffs }); s.close(); }, 2000); }
  }, 10);
});
`;

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

/** Asks /health every 20 ms for `ms`; returns the latencies, sorted, and the highest RSS seen meanwhile (MiB). */
async function healthLatencies(url: string, ms: number): Promise<{ latencies: number[]; rssPeakMB: number }> {
  const out: number[] = [];
  let rssPeakMB = rssMB();
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    await (await fetch(`${url}/health`)).text();
    out.push(performance.now() - t0);
    rssPeakMB = Math.max(rssPeakMB, rssMB());
    await new Promise((r) => setTimeout(r, 20));
  }
  return { latencies: out.sort((a, b) => a - b), rssPeakMB };
}

const settled = async (): Promise<number> => (await new Promise((r) => setTimeout(r, SETTLE_S * 1000)), rssMB());

function summary(sorted: number[]): Pick<FloodRow, 'healthP50Ms' | 'healthP99Ms' | 'healthMaxMs'> {
  return { healthP50Ms: percentile(sorted, 50), healthP99Ms: percentile(sorted, 99), healthMaxMs: percentile(sorted, 100) };
}

export async function benchFloods(seconds = 10): Promise<FloodRow[]> {
  const config = parseConfig({
    server: { port: 0, host: '127.0.0.1' },
    osc: { port: 0, host: '127.0.0.1' },
    data: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-')),
    params: { tempo: 8, verse_gap: 0.5 },
    backup: { everyHours: 0 },
  });
  const inst = await startInstallation({ config });
  await inst.ready;
  const display = io(`${inst.url}/display`, { transports: ['websocket'] });
  let tokens = 0;
  display.on('verse:token', () => tokens++);
  await new Promise<void>((resolve) => display.once('verse:token', () => resolve()));
  const rows: FloodRow[] = [];
  try {
    let before = tokens;
    let t0 = performance.now();
    let rssBeforeMB = rssMB();
    const quiet = await healthLatencies(inst.url, seconds * 1000);
    let tokensPerS = Math.round(((tokens - before) / ((performance.now() - t0) / 1000)) * 10) / 10;
    rows.push({ phase: 'quiet', ...summary(quiet.latencies), tokensPerS, sent: 0, acked: 0, refused: 0, cutOffs: 0, rssBeforeMB, rssPeakMB: quiet.rssPeakMB, rssAfterMB: await settled() });

    rssBeforeMB = rssMB();
    const worker = new Worker(FLOODER, { eval: true, workerData: { url: inst.url, perTick: 50, ticks: seconds * 100 } });
    type Result = { sent: number; acked: number; refused: number; cutOffs: number };
    const result = new Promise<Result>((resolve) => worker.on('message', (m: Partial<Result>) => m.sent !== undefined && resolve(m as Result)));
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    before = tokens;
    t0 = performance.now();
    const flooded = await healthLatencies(inst.url, seconds * 1000);
    tokensPerS = Math.round(((tokens - before) / ((performance.now() - t0) / 1000)) * 10) / 10;
    const calls = await result;
    await worker.terminate();
    rows.push({ phase: 'prompt:status flood', ...summary(flooded.latencies), tokensPerS, ...calls, rssBeforeMB, rssPeakMB: flooded.rssPeakMB, rssAfterMB: await settled() });
  } finally {
    display.close();
    await inst.close();
  }
  return rows;
}

/** `npm run bench -- floods`. */
export const bench: BenchDefinition = {
  async run() {
    const rows = await benchFloods();
    const figures: Record<string, number> = {};
    for (const r of rows) {
      const k = r.phase === 'quiet' ? 'quiet' : 'flood';
      Object.assign(figures, {
        [`floods_${k}_health_p50_ms`]: r.healthP50Ms,
        [`floods_${k}_health_p99_ms`]: r.healthP99Ms,
        [`floods_${k}_tokens_per_s`]: r.tokensPerS,
        [`floods_${k}_rss_peak_mb`]: r.rssPeakMB,
        [`floods_${k}_rss_after_mb`]: r.rssAfterMB,
      });
    }
    return {
      figures,
      markdown: [
        '## /health while one kiosk floods prompt:status (5,000 calls/s of 32 ids, from a worker thread; Tang model, tempo 8)',
        '',
        '| phase | /health p50 | p99 | max | display tokens/s | calls sent | answered | refused (RATE_LIMIT) | times cut off | RSS before / peak / 10 s after |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        ...rows.map((r) => `| ${r.phase} | ${r.healthP50Ms} ms | ${r.healthP99Ms} ms | ${r.healthMaxMs} ms | ${r.tokensPerS} | ${r.sent} | ${r.acked} | ${r.refused} | ${r.cutOffs} | ${r.rssBeforeMB} / ${r.rssPeakMB} / ${r.rssAfterMB} MiB |`),
      ],
    };
  },
};
