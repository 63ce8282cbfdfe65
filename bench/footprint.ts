/**
 * @module bench/footprint: the server's memory and CPU at reading pace, as a user runs it. `npm start`'s process
 * (the compiled server, bench/footprintServer.ts) with the shipped Tang model at the default tempo and 8 /display
 * clients; after 1 minute (quick) or after 1 and 10 minutes (full): RSS and its breakdown, and CPU over the minute
 * before. The breakdown comes from the kernel (/proc: anonymous and file-backed pages) and from both threads' own
 * `process.memoryUsage()` (the main thread's through /metrics' default metrics, the generator worker's through
 * `inkverse_generator_heap_bytes`); what is left of the anonymous memory is native: onnxruntime's session and
 * arenas, the allocator's arenas, thread stacks and SQLite's page cache.
 */
import { io, type Socket } from 'socket.io-client';
import type { BenchDefinition, Figure } from './benchDefinition.ts';
import { procCpuSeconds, procStatusMiB, startServer } from './footprintServer.ts';

export interface FootprintSample {
  /** Minutes since the displays connected. */
  minute: number;
  rssMb: number;
  anonMb: number;
  fileMb: number;
  /** Highest RSS so far (VmHWM). */
  peakMb: number;
  /** CPU of the server process since the previous mark (or the displays connecting), % of one core. */
  cpuPercent: number;
  mainHeapUsedMb: number;
  mainHeapTotalMb: number;
  mainCodeMb: number;
  mainExternalMb: number;
  workerHeapUsedMb: number;
  workerHeapTotalMb: number;
  workerExternalMb: number;
  /** Anonymous memory none of the heaps accounts for: onnxruntime, allocator arenas, stacks, SQLite. */
  nativeMb: number;
  tokensPerDisplay: number;
}

const MB = 2 ** 20;
const round = (x: number): number => Math.round(x * 10) / 10;

function metric(text: string, name: string, label = ''): number {
  const m = new RegExp(`^${name}${label ? `\\{[^}]*${label}[^}]*\\}` : '(?:\\{[^}]*\\})?'} ([0-9.e+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

async function sample(url: string, pid: number, minute: number, cpu: { at: number; s: number }, tokens: number): Promise<FootprintSample> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  const now = performance.now();
  const cpuS = procCpuSeconds(pid);
  const cpuPercent = ((cpuS - cpu.s) / ((now - cpu.at) / 1000)) * 100;
  const anonMb = procStatusMiB(pid, 'RssAnon');
  const s = {
    minute,
    rssMb: round(procStatusMiB(pid, 'VmRSS')),
    anonMb: round(anonMb),
    fileMb: round(procStatusMiB(pid, 'RssFile')),
    peakMb: round(procStatusMiB(pid, 'VmHWM')),
    cpuPercent: round(cpuPercent),
    mainHeapUsedMb: round(metric(text, 'inkverse_nodejs_heap_size_used_bytes') / MB),
    mainHeapTotalMb: round(metric(text, 'inkverse_nodejs_heap_size_total_bytes') / MB),
    mainCodeMb: round(metric(text, 'inkverse_nodejs_heap_space_size_used_bytes', 'space="code"') / MB),
    mainExternalMb: round(metric(text, 'inkverse_nodejs_external_memory_bytes') / MB),
    workerHeapUsedMb: round(metric(text, 'inkverse_generator_heap_bytes', 'kind="used"') / MB),
    workerHeapTotalMb: round(metric(text, 'inkverse_generator_heap_bytes', 'kind="total"') / MB),
    workerExternalMb: round(metric(text, 'inkverse_generator_heap_bytes', 'kind="external"') / MB),
    nativeMb: 0,
    tokensPerDisplay: tokens,
  };
  s.nativeMb = round(anonMb - s.mainHeapTotalMb - s.mainExternalMb - s.workerHeapTotalMb - s.workerExternalMb);
  return s;
}

const SPREAD = 5;
const SPREAD_MS = 3000;

/** Each field's median over readings (CPU: the last reading's, which covers the whole minute before it). */
function medianSample(readings: FootprintSample[]): FootprintSample {
  const out = { ...readings.at(-1)! };
  for (const key of Object.keys(out) as Array<keyof FootprintSample>) {
    if (key === 'cpuPercent' || key === 'minute' || key === 'tokensPerDisplay') continue;
    const xs = readings.map((r) => r[key]).sort((a, b) => a - b);
    out[key] = xs[xs.length >> 1]!;
  }
  return out;
}

export interface FootprintOptions {
  /** Minutes after which to sample. */
  minutes: number[];
  displays: number;
  /** Extra environment for the server (experiments). */
  env: Record<string, string>;
}

const DEFAULTS = { minutes: [1, 10], displays: 8, env: {} } satisfies FootprintOptions;

export async function benchFootprint(options: Partial<FootprintOptions> = {}, log: (m: string) => void = () => undefined): Promise<FootprintSample[]> {
  const o = { ...DEFAULTS, ...options };
  const server = await startServer({ env: o.env });
  const pid = server.child.pid!;
  const sockets: Socket[] = [];
  try {
    let tokens = 0;
    for (let i = 0; i < o.displays; i++) {
      const s = io(`${server.url}/display`, { transports: ['websocket'], forceNew: true });
      if (i === 0) s.on('verse:token', () => tokens++);
      sockets.push(s);
    }
    const t0 = performance.now();
    const cpu = { at: t0, s: procCpuSeconds(pid) };
    const samples: FootprintSample[] = [];
    for (const minute of o.minutes) {
      // Five readings 3 s apart ending at the mark, each field's median: one reading lands anywhere in a GC cycle.
      const readings: FootprintSample[] = [];
      for (let k = SPREAD - 1; k >= 0; k--) {
        await new Promise((r) => setTimeout(r, Math.max(0, t0 + minute * 60_000 - k * SPREAD_MS - performance.now())));
        readings.push(await sample(server.url, pid, minute, cpu, tokens));
      }
      samples.push(medianSample(readings));
      Object.assign(cpu, { at: performance.now(), s: procCpuSeconds(pid) });
      log(`${minute} min: ${JSON.stringify(samples.at(-1))}`);
    }
    return samples;
  } finally {
    for (const s of sockets) s.close();
    await server.close();
  }
}

/** The breakdown table of one sample. */
export function footprintTable(samples: readonly FootprintSample[]): string[] {
  const rows: Array<[string, (s: FootprintSample) => number | string]> = [
    ['**RSS** (VmRSS)', (s) => `**${s.rssMb}**`],
    ['file-backed pages (node, onnxruntime and other libraries, mapped files)', (s) => s.fileMb],
    ['anonymous pages', (s) => s.anonMb],
    ['main thread V8 heap: committed (used)', (s) => `${s.mainHeapTotalMb} (${s.mainHeapUsedMb})`],
    ['main thread code space (compiled JS, part of the heap)', (s) => s.mainCodeMb],
    ['main thread external (Buffers, typed arrays: corpus index, source index)', (s) => s.mainExternalMb],
    ['generator worker V8 heap: committed (used)', (s) => `${s.workerHeapTotalMb} (${s.workerHeapUsedMb})`],
    ['generator worker external (tensors: logits, KV cache)', (s) => s.workerExternalMb],
    ['native rest: onnxruntime session and arenas, malloc arenas, stacks, SQLite page cache', (s) => s.nativeMb],
    ['peak RSS so far (VmHWM)', (s) => s.peakMb],
    ['CPU since the previous column (or since the displays connected), % of one core', (s) => s.cpuPercent],
    ['tokens one display received', (s) => s.tokensPerDisplay],
  ];
  return [
    `| MB | ${samples.map((s) => `after ${s.minute} min`).join(' | ')} |`,
    `| --- | ${samples.map(() => '---').join(' | ')} |`,
    ...rows.map(([label, f]) => `| ${label} | ${samples.map(f).join(' | ')} |`),
  ];
}

/** `npm run bench -- footprint`: runs beside the other benches (memory does not depend on their load). */
export const bench: BenchDefinition = {
  background: true,
  async run({ quick, log }) {
    const samples = await benchFootprint({ minutes: quick ? [1] : [1, 10] }, log);
    const figures: Record<string, Figure> = {};
    for (const s of samples) {
      const at = `${s.minute}min`;
      Object.assign(figures, {
        [`rss_${at}_mb`]: s.rssMb,
        [`cpu_${at}_percent`]: s.cpuPercent,
        [`main_heap_${at}_mb`]: s.mainHeapTotalMb,
        [`worker_heap_${at}_mb`]: s.workerHeapTotalMb,
        [`native_${at}_mb`]: s.nativeMb,
        [`file_backed_${at}_mb`]: s.fileMb,
      });
    }
    figures.rss_peak_mb = samples.at(-1)!.peakMb;
    return {
      figures,
      markdown: [
        '## Footprint: `npm start` at reading pace with 8 displays (issue 20)',
        '',
        'The compiled server as `npm start` runs it (scripts/start.mjs), shipped Tang model on the CPU at the default tempo',
        '(reading pace), 8 socket.io /display clients. Memory from /proc/<pid>/status and both threads\' `process.memoryUsage()`.',
        '',
        ...footprintTable(samples),
      ],
    };
  },
};
