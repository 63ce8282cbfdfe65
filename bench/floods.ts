/**
 * @module bench/floods: `/health` latency while one kiosk client floods `prompt:status` (5,000 calls/s of 32 ids,
 * from a worker thread, so the sender's own work does not sit in the server's event loop), against the same
 * installation unflooded; and the tokens a display received meanwhile. The shipped Tang model at tempo 8.
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
  /** Calls sent, and how many were refused with INKVERSE_E_RATE_LIMIT. */
  sent: number;
  refused: number;
}

const FLOODER = `
const { workerData, parentPort } = require('node:worker_threads');
const { io } = require('socket.io-client');
const { url, perTick, ticks } = workerData;
const s = io(url + '/kiosk', { transports: ['websocket'], auth: { clientId: 'bench-flooder-page' } });
const ids = Array.from({ length: 32 }, (_, i) => '00000000-0000-4000-8000-' + String(i).padStart(12, '0'));
let sent = 0, acked = 0, refused = 0, tick = 0;
s.on('connect', () => {
  parentPort.postMessage({ started: true });
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) { sent++; s.emit('prompt:status', { ids }, (a) => { acked++; if (!a.ok && a.error.code === 'INKVERSE_E_RATE_LIMIT') refused++; }); }
    if (++tick === ticks) { clearInterval(timer); setTimeout(() => { parentPort.postMessage({ sent, acked, refused }); s.close(); }, 2000); }
  }, 10);
});
`;

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

/** Asks /health every 20 ms for `ms`; returns the latencies, sorted. */
async function healthLatencies(url: string, ms: number): Promise<number[]> {
  const out: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    await (await fetch(`${url}/health`)).text();
    out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  return out.sort((a, b) => a - b);
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
    const quiet = await healthLatencies(inst.url, seconds * 1000);
    rows.push({ phase: 'quiet', healthP50Ms: percentile(quiet, 50), healthP99Ms: percentile(quiet, 99), healthMaxMs: percentile(quiet, 100), tokensPerS: Math.round(((tokens - before) / ((performance.now() - t0) / 1000)) * 10) / 10, sent: 0, refused: 0 });

    const worker = new Worker(FLOODER, { eval: true, workerData: { url: inst.url, perTick: 50, ticks: seconds * 100 } });
    const result = new Promise<{ sent: number; refused: number }>((resolve) => worker.on('message', (m: { sent?: number; refused?: number }) => m.sent !== undefined && resolve(m as { sent: number; refused: number })));
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    before = tokens;
    t0 = performance.now();
    const flooded = await healthLatencies(inst.url, seconds * 1000);
    const tokensPerS = Math.round(((tokens - before) / ((performance.now() - t0) / 1000)) * 10) / 10;
    const { sent, refused } = await result;
    await worker.terminate();
    rows.push({ phase: 'prompt:status flood', healthP50Ms: percentile(flooded, 50), healthP99Ms: percentile(flooded, 99), healthMaxMs: percentile(flooded, 100), tokensPerS, sent, refused });
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
      Object.assign(figures, { [`floods_${k}_health_p50_ms`]: r.healthP50Ms, [`floods_${k}_health_p99_ms`]: r.healthP99Ms, [`floods_${k}_tokens_per_s`]: r.tokensPerS });
    }
    return {
      figures,
      markdown: [
        '## /health while one kiosk floods prompt:status (5,000 calls/s of 32 ids, from a worker thread; Tang model, tempo 8)',
        '',
        '| phase | /health p50 | p99 | max | display tokens/s | calls sent | refused (RATE_LIMIT) |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows.map((r) => `| ${r.phase} | ${r.healthP50Ms} ms | ${r.healthP99Ms} ms | ${r.healthMaxMs} ms | ${r.tokensPerS} | ${r.sent} | ${r.refused} |`),
      ],
    };
  },
};
