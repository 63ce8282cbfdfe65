/**
 * @module bench/soak: a long run of the real server process (as `npm start` runs it: the compiled server, with its environment and node flags; built-in
 * Tang model on the CPU) with 8 displays reading the stream and OSC traffic (parameter faders at 20 Hz from
 * an allowed sender, prompts, injections, bundles, and a sender outside `osc.allow`). Every interval it
 * records the server's RSS and heap from its own `/metrics`, then reports the slope after warm-up (a least-
 * squares line through the samples after the first `warmup` share of the run), in MB per hour.
 *
 * `SOAK_SECONDS` sets the length (default 60; CI runs 20 s, by hand 1 h), `SOAK_INTERVAL_S` the sampling
 * interval (default: a twentieth of the run, between 1 and 60 s). Run: `nice npx tsx bench/soak.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';
import { encodeOscBundle, encodeOscMessage } from '../server/osc/oscEncode.ts';
import { msToTimetag } from '../server/osc/oscTypes.ts';
import { startCommand } from './footprintServer.ts';
import { serverUrls } from './serverUrls.ts';

export interface SoakOptions {
  /** Length of the run after start-up, in seconds. */
  seconds: number;
  /** Sampling interval, in seconds. */
  intervalS: number;
  /** Displays connected. */
  displays: number;
  /** Share of the run treated as warm-up (left out of the slope). */
  warmup: number;
}

export interface SoakSample {
  /** Seconds since the first sample. */
  t: number;
  rssMiB: number;
  heapMiB: number;
}

export interface SoakReport {
  seconds: number;
  samples: SoakSample[];
  /** Least-squares slope of RSS after warm-up, MB per hour. */
  rssSlopeMiBPerHour: number;
  /** The same, robust to a mid-run dip (memory returned to the system, then refilled): the median pairwise slope. */
  rssTheilSenMiBPerHour: number;
  heapSlopeMiBPerHour: number;
  /** Verses ended (seen by the first display). */
  verses: number;
  /** What each display received: its tokens, and the verses it saw whole (start, every token in order, end). */
  displays: DisplayTally[];
  oscSent: number;
  oscDenied: number;
  /** The server's resident memory as the kernel counts it (`/proc/<pid>/status` VmRSS) at the last sample, MiB: a check on the /metrics figure. */
  procRssMiB: number;
  /** HTTP status of /health at the end (200 when ok, 503 when degraded). */
  healthStatus: number;
  /** True when /health answered 200 `{ status: "ok" }` at the end. */
  alive: boolean;
}

export interface DisplayTally {
  tokens: number;
  /** Verses received from `verse:start` to `verse:end` with every `seq` from 0 and no gap. */
  wholeVerses: number;
}

/** Counts what one display receives; a verse counts whole only if its tokens came 0, 1, 2, ... with none missing. */
function tally(s: Socket): DisplayTally {
  const t: DisplayTally = { tokens: 0, wholeVerses: 0 };
  let current: { id: string; next: number; intact: boolean } | null = null;
  s.on('verse:start', (p: { id: string }) => (current = { id: p.id, next: 0, intact: true }));
  s.on('verse:token', (p: { id: string; seq: number }) => {
    t.tokens++;
    if (current?.id !== p.id) return;
    if (p.seq !== current.next) current.intact = false;
    current.next = p.seq + 1;
  });
  s.on('verse:end', (p: { id: string }) => {
    if (current?.id === p.id && current.intact && current.next > 0) t.wholeVerses++;
    current = null;
  });
  return t;
}

/** VmRSS of a process, MiB (Linux). */
function procRssMiB(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? NaN : Number(kb) / 1024;
}

const TOKEN = 'soak-token-123';

function slopePerHour(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 3600;
}

/** Most samples Theil-Sen pairs up (evenly spaced): pairs grow with the square, and a days-long run has thousands. */
const THEIL_SEN_POINTS = 400;

/** Theil-Sen: the median of the slopes between every pair of samples, per hour (a least-squares line follows outliers). */
function theilSenPerHour(all: Array<[number, number]>): number {
  const every = Math.ceil(all.length / THEIL_SEN_POINTS);
  const points = all.filter((_, i) => i % every === 0);
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dx = points[j]![0] - points[i]![0];
      if (dx > 0) slopes.push((points[j]![1] - points[i]![1]) / dx);
    }
  }
  if (slopes.length === 0) return 0;
  slopes.sort((a, b) => a - b);
  const mid = slopes.length >> 1;
  return (slopes.length % 2 ? slopes[mid]! : (slopes[mid - 1]! + slopes[mid]!) / 2) * 3600;
}

function metric(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

async function startServer(): Promise<{ child: ChildProcess; url: string; oscPort: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-soak-'));
  const config = path.join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      server: { host: '127.0.0.1' },
      osc: { host: '127.0.0.1', allow: ['127.0.0.1/32'] },
      params: { tempo: 12, verse_gap: 1 },
      backup: { everyHours: 0 },
    }),
  );
  // What `npm start` runs (its environment and node flags, the compiled server), so the slope is the one users get.
  const [startEnv, args] = startCommand();
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', OSC_PORT: '0', LOG_LEVEL: 'warn', INKVERSE_DATA: path.join(dir, 'data'), INKVERSE_CONFIG: config, INKVERSE_TOKEN: TOKEN, ...startEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const found = await serverUrls(child);
  // The server must not outlive the bench, even when the bench itself fails.
  process.once('exit', () => child.kill('SIGKILL'));
  return { child, ...found };
}

export async function runSoak(options: Partial<SoakOptions> = {}): Promise<SoakReport> {
  const seconds = options.seconds ?? 60;
  const o: SoakOptions = { seconds, intervalS: Math.min(60, Math.max(1, seconds / 20)), displays: 8, warmup: 0.25, ...options };
  const { child, url, oscPort } = await startServer();
  const sockets: Socket[] = [];
  const timers: NodeJS.Timeout[] = [];
  const udp = dgram.createSocket('udp4');
  const outsider = dgram.createSocket('udp4');
  let verses = 0;
  const displays: DisplayTally[] = [];
  let oscSent = 0;
  try {
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => outsider.bind(0, '127.0.0.2', resolve));
    // Waits for the model, so the run measures a writing installation, not a loading one.
    for (let i = 0; ; i++) {
      const h = await fetch(`${url}/health`).then((r) => r.json() as Promise<{ status: string; loop?: string }>).catch(() => null);
      if (h?.status === 'ok') break;
      if (i > 600) throw new Error('the model did not load within 5 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
    for (let i = 0; i < o.displays; i++) {
      const s = io(`${url}/display`, { transports: ['websocket'], forceNew: true });
      displays.push(tally(s));
      if (i === 0) s.on('verse:end', () => verses++);
      sockets.push(s);
    }
    const send = (sock: dgram.Socket, bytes: Uint8Array): void => {
      oscSent++;
      sock.send(bytes, oscPort, '127.0.0.1');
    };
    let phase = 0;
    timers.push(
      setInterval(() => {
        phase++;
        send(udp, encodeOscMessage('/inkverse/param/temperature', [0.8 + 0.2 * Math.sin(phase / 20)]));
        send(udp, encodeOscMessage('/1/fader2', [0.5 + 0.4 * Math.cos(phase / 30)]));
        if (phase % 10 === 0) send(udp, encodeOscBundle([{ address: '/inkverse/param/top_p', args: [0.9] }], msToTimetag(Date.now() + 200)));
        if (phase % 5 === 0) send(outsider, encodeOscMessage('/inkverse/param/temperature', [1.9]));
        if (phase % 200 === 0) send(udp, encodeOscMessage('/inkverse/inject', ['月']));
        if (phase % 600 === 0) send(udp, encodeOscMessage('/inkverse/prompt', ['秋风']));
      }, 50),
    );
    const samples: SoakSample[] = [];
    const t0 = Date.now();
    let lastMetrics = '';
    let kernelRss = NaN;
    const sample = async (): Promise<void> => {
      lastMetrics = await fetch(`${url}/metrics`).then((r) => r.text());
      kernelRss = procRssMiB(child.pid!);
      samples.push({ t: (Date.now() - t0) / 1000, rssMiB: metric(lastMetrics, 'inkverse_process_resident_memory_bytes') / 2 ** 20, heapMiB: metric(lastMetrics, 'inkverse_nodejs_heap_size_used_bytes') / 2 ** 20 });
    };
    await sample();
    while ((Date.now() - t0) / 1000 < o.seconds) {
      await new Promise((r) => setTimeout(r, o.intervalS * 1000));
      await sample();
      if (process.env.SOAK_PROGRESS) process.stderr.write(`[soak] ${JSON.stringify(samples.at(-1))}\n`);
    }
    const after = samples.filter((s) => s.t >= o.seconds * o.warmup);
    const health = await fetch(`${url}/health`)
      .then(async (r) => ({ code: r.status, body: (await r.json()) as { status?: string } }))
      .catch(() => ({ code: 0, body: {} as { status?: string } }));
    const denied = /^inkverse_osc\{kind="denied"\} (\d+)$/m.exec(lastMetrics)?.[1];
    return {
      seconds: o.seconds,
      samples,
      rssSlopeMiBPerHour: slopePerHour(after.map((s) => [s.t, s.rssMiB])),
      rssTheilSenMiBPerHour: theilSenPerHour(after.map((s) => [s.t, s.rssMiB])),
      heapSlopeMiBPerHour: slopePerHour(after.map((s) => [s.t, s.heapMiB])),
      verses,
      displays,
      oscSent,
      oscDenied: Number(denied ?? 0),
      procRssMiB: kernelRss,
      healthStatus: health.code,
      alive: health.code === 200 && health.body.status === 'ok',
    };
  } finally {
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.close();
    udp.close();
    outsider.close();
    const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    child.kill('SIGTERM');
    await exited;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.env.SOAK_SECONDS ?? 60);
  const intervalS = process.env.SOAK_INTERVAL_S ? Number(process.env.SOAK_INTERVAL_S) : undefined;
  const r = await runSoak({ seconds, ...(intervalS ? { intervalS } : {}) });
  const first = r.samples[0]!;
  const last = r.samples.at(-1)!;
  process.stdout.write(
    `soak ${r.seconds} s, ${r.samples.length} samples, ${r.verses} verses, tokens per display ${Math.min(...r.displays.map((d) => d.tokens))}-${Math.max(...r.displays.map((d) => d.tokens))}, ${r.oscSent} OSC packets sent (${r.oscDenied} denied as intended)\n` +
      `RSS ${first.rssMiB.toFixed(1)} -> ${last.rssMiB.toFixed(1)} MiB, slope after warm-up ${r.rssSlopeMiBPerHour.toFixed(2)} MiB/h (least squares), ${r.rssTheilSenMiBPerHour.toFixed(2)} MiB/h (Theil-Sen); heap ${first.heapMiB.toFixed(1)} -> ${last.heapMiB.toFixed(1)} MiB, slope ${r.heapSlopeMiBPerHour.toFixed(2)} MiB/h; alive ${r.alive}\n`,
  );
  if (process.env.SOAK_OUT) writeFileSync(process.env.SOAK_OUT, JSON.stringify(r, null, 2));
}
