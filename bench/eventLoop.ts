/** @module bench/eventLoop: event-loop delay and memory of a running installation streaming at full speed to many displays. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { parseConfig } from '../config/loadConfig.ts';
import { startInstallation } from '../server/installation.ts';
import type { BenchDefinition } from './benchDefinition.ts';

export interface EventLoopRow {
  displays: number;
  verses: number;
  tokens: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  rssMiB: number;
}

export async function benchEventLoop(displays = 20, verses = 5): Promise<EventLoopRow> {
  const config = parseConfig({
    server: { port: 0, host: '127.0.0.1' },
    osc: { port: 0, host: '127.0.0.1' },
    data: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-')),
    params: { tempo: 0, verse_gap: 0 },
  });
  const inst = await startInstallation({ config });
  await inst.ready;
  const clients = Array.from({ length: displays }, () => io(`${inst.url}/display`, { transports: ['websocket'] }));
  let tokens = 0;
  inst.loop.events.on('verse:token', () => tokens++);
  const h = monitorEventLoopDelay({ resolution: 1 });
  // Start measuring at a verse boundary, end after `verses` whole verses.
  await new Promise<void>((resolve) => inst.loop.events.on('verse:end', () => resolve()));
  h.enable();
  await new Promise<void>((resolve) => {
    let n = 0;
    inst.loop.events.on('verse:end', () => ++n === verses && resolve());
  });
  h.disable();
  const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
  for (const c of clients) c.close();
  await inst.close();
  const ms = (ns: number): number => Math.round((ns / 1e6) * 100) / 100;
  return { displays, verses, tokens, p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max), rssMiB };
}

/** `npm run bench -- eventloop`. */
export const bench: BenchDefinition = {
  async run() {
    const r = await benchEventLoop();
    return {
      figures: { eventloop_20_displays_p50_ms: r.p50Ms, eventloop_20_displays_p99_ms: r.p99Ms, eventloop_20_displays_max_ms: r.maxMs },
      markdown: [
        '## Event loop while streaming at full speed',
        '',
        '| displays | verses | tokens | delay p50 | p99 | max | RSS |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        `| ${r.displays} | ${r.verses} | ${r.tokens} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.maxMs} ms | ${r.rssMiB} MiB |`,
      ],
    };
  },
};
