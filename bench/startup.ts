/** @module bench/startup: `npm start` from a cold process to the first attract token on /display. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';
import type { BenchDefinition } from './benchDefinition.ts';

export interface StartupRow {
  urlsPrintedMs: number;
  healthOkMs: number;
  firstTokenMs: number;
}

export async function benchStartup(): Promise<StartupRow> {
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', OSC_PORT: '0', LOG_LEVEL: 'warn', INKVERSE_DATA: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-')) },
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let out = '';
    const base = await new Promise<string>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+)\/display/.exec(out);
        if (m) resolve(m[1]!);
      }),
    );
    const urlsPrintedMs = performance.now() - t0;
    const display = io(`${base}/display`, { transports: ['websocket'] });
    const firstToken = new Promise<number>((resolve) => display.once('verse:token', () => resolve(performance.now() - t0)));
    let healthOkMs = 0;
    for (;;) {
      const res = await fetch(`${base}/health`).catch(() => null);
      if (res?.status === 200) {
        healthOkMs = performance.now() - t0;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const firstTokenMs = await firstToken;
    display.close();
    return { urlsPrintedMs: Math.round(urlsPrintedMs), healthOkMs: Math.round(healthOkMs), firstTokenMs: Math.round(firstTokenMs) };
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
  }
}

/** `npm run bench -- startup`. */
export const bench: BenchDefinition = {
  async run() {
    const r = await benchStartup();
    return {
      figures: { startup_urls_ms: r.urlsPrintedMs, startup_health_ms: r.healthOkMs, startup_first_token_ms: r.firstTokenMs },
      markdown: ['## npm start (cold process, built-in Tang model, CPU)', '', '| URLs printed | /health ok | first attract token |', '| --- | --- | --- |', `| ${r.urlsPrintedMs} ms | ${r.healthOkMs} ms | ${r.firstTokenMs} ms |`],
    };
  },
};
