/**
 * @module bench/isolation: the event loop of a writing installation under load from outside. A real installation in
 * this process (shipped Tang model, tempo 0: writing as fast as the model goes, default drafting), and a load worker
 * thread (so the load's own work is not in the measured loop) that keeps 64 /display sockets reading and/or sends
 * 240 OSC fader messages a second. Event-loop delay p50/p99 (monitorEventLoopDelay, 1 ms resolution) in four phases:
 * quiet, OSC, displays, both. `isolation_ratio` = quiet p99 / both p99 (1: the load costs the loop nothing).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { parseConfig } from '../config/loadConfig.ts';
import { startInstallation } from '../server/installation.ts';
import type { BenchDefinition, Figure } from './benchDefinition.ts';
import { stats } from './benchReport.ts';

const LOAD = `
const { workerData, parentPort } = require('node:worker_threads');
const dgram = require('node:dgram');
const { io } = require('socket.io-client');
const { url, oscPort, displays, oscRate } = workerData;
const pad = (b) => Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]);
const osc = (address, value) => { const f = Buffer.alloc(4); f.writeFloatBE(value); return Buffer.concat([pad(Buffer.from(address)), pad(Buffer.from(',f')), f]); };
const sockets = [];
let tokens = 0, connected = 0;
const ready = () => { if (connected === displays) parentPort.postMessage({ ready: true }); };
for (let i = 0; i < displays; i++) {
  const s = io(url + '/display', { transports: ['websocket'], forceNew: true });
  s.on('verse:token', () => tokens++);
  s.once('state', () => { connected++; ready(); });
  sockets.push(s);
}
const udp = dgram.createSocket('udp4');
let sent = 0, timer = null;
if (oscRate > 0) {
  const start = Date.now();
  timer = setInterval(() => {
    const due = Math.floor(((Date.now() - start) / 1000) * oscRate);
    while (sent < due) { sent++; udp.send(osc('/inkverse/param/temperature', 0.6 + 0.3 * Math.sin(sent / 40)), oscPort, '127.0.0.1'); }
  }, 4);
}
ready();
parentPort.on('message', () => {
  if (timer) clearInterval(timer);
  for (const s of sockets) s.close();
  udp.close();
  parentPort.postMessage({ tokens, sent });
});
`;

type Phase = 'quiet' | 'osc' | 'displays' | 'both';
const PHASES: Record<Phase, { displays: number; oscRate: number }> = { quiet: { displays: 0, oscRate: 0 }, osc: { displays: 0, oscRate: 240 }, displays: { displays: 64, oscRate: 0 }, both: { displays: 64, oscRate: 240 } };

/** `npm run bench -- isolation`. */
export const bench: BenchDefinition = {
  async run({ quick, log }) {
    const [seconds, repeats] = quick ? [3, 1] : [10, 3];
    const config = parseConfig({
      server: { port: 0, host: '127.0.0.1' },
      osc: { port: 0, host: '127.0.0.1' },
      data: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-isolation-')),
      params: { tempo: 0, verse_gap: 0 },
      log: { level: 'warn' },
    });
    const inst = await startInstallation({ config, configDir: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-cfg-')) });
    await inst.ready;
    let written = 0;
    inst.loop.events.on('verse:token', () => written++);
    const p50: Record<Phase, number[]> = { quiet: [], osc: [], displays: [], both: [] };
    const p99: Record<Phase, number[]> = { quiet: [], osc: [], displays: [], both: [] };
    const rows: string[] = [];
    try {
      for (let r = 0; r < repeats; r++) {
        for (const phase of Object.keys(PHASES) as Phase[]) {
          const load = new Worker(LOAD, { eval: true, workerData: { url: inst.url, oscPort: inst.osc.address().port, ...PHASES[phase] } });
          await new Promise((resolve) => load.once('message', resolve));
          const h = monitorEventLoopDelay({ resolution: 1 });
          const before = written;
          h.enable();
          await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
          h.disable();
          const counts = await new Promise<{ tokens: number; sent: number }>((resolve) => {
            load.once('message', resolve);
            load.postMessage('stop');
          });
          await load.terminate();
          p50[phase].push(h.percentile(50) / 1e6);
          p99[phase].push(h.percentile(99) / 1e6);
          const line = `| ${phase} | ${PHASES[phase].displays} | ${PHASES[phase].oscRate} | ${(h.percentile(50) / 1e6).toFixed(2)} | ${(h.percentile(99) / 1e6).toFixed(2)} | ${(h.max / 1e6).toFixed(1)} | ${Math.round((written - before) / seconds)} | ${counts.sent} |`;
          rows.push(line);
          log(line);
        }
      }
    } finally {
      await inst.close();
    }
    const figures: Record<string, Figure> = {};
    for (const phase of Object.keys(PHASES) as Phase[]) {
      figures[`isolation_${phase}_p50_ms`] = stats(p50[phase], 2);
      figures[`isolation_${phase}_p99_ms`] = stats(p99[phase], 2);
    }
    figures.isolation_ratio = stats(p99.quiet.map((q, i) => q / p99.both[i]!));
    return {
      figures,
      markdown: [
        `## Isolation: event-loop delay while writing at full speed, with and without 240 OSC messages/s and 64 displays (${seconds} s a phase)`,
        '',
        'A real installation in the bench process (Tang model, tempo 0, default drafting); the displays and the OSC sender run in a worker thread.',
        '',
        '| phase | displays | OSC msg/s | delay p50 ms | p99 ms | max ms | tokens written/s | OSC sent |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
      ],
    };
  },
};
