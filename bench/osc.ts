/**
 * @module bench/osc: latency from an OSC message leaving a UDP socket to the parameter store changing,
 * at a performer's rate (240 messages/s), beside bare UDP (send to `message` callback) at the same rate.
 * `npx tsx bench/osc.ts [seconds]` prints the table; `npm run bench osc` includes it.
 */
import dgram from 'node:dgram';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../engine/clock.ts';
import type { ControlTarget } from '../engine/control/controlTarget.ts';
import { ENGINE_PARAMS } from '../engine/engineParams.ts';
import { engineSurface } from '../engine/control/controlSurface.ts';
import { encodeOscMessage } from '../server/osc/oscEncode.ts';
import { createOscServer } from '../server/osc/oscServer.ts';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { io } from 'socket.io-client';
import { parseConfig } from '../config/loadConfig.ts';
import { startInstallation } from '../server/installation.ts';
import type { BenchDefinition } from './benchDefinition.ts';
import { ratios, stats } from './benchReport.ts';

export interface OscBenchRow {
  path: string;
  sent: number;
  received: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const RATE = 240;
/** Seconds of unmeasured traffic first, so JIT compilation is not counted as latency. */
const WARMUP_S = 1;

/** Sends `count` packets at RATE per second (catching up after late timers), calling `sent(i)` just before each. */
async function pace(count: number, send: (i: number) => void): Promise<void> {
  const start = performance.now();
  let i = 0;
  while (i < count) {
    const due = Math.min(count, Math.floor(((performance.now() - start) / 1000) * RATE) + 1);
    while (i < due) send(i++);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the last ones land
}

function summarise(name: string, sent: number, latencies: number[]): OscBenchRow {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN) * 1000) / 1000;
  return { path: name, sent, received: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}

/** A faked engine: the real parameter store, actions ignored. */
export function fakeEngine(): ControlTarget {
  return {
    params: engineSurface(),
    skip: () => undefined,
    submitPrompt: () => ({ id: 'x', position: 1 }),
    inject: () => undefined,
    setScene: () => undefined,
    recallPreset: () => undefined,
  };
}

/** Distinct temperature per message (three decimals survive float32 through the decoder), cycling. */
const valueOf = (i: number): number => Math.round((0.1 + (i % 1800) * 0.001) * 1000) / 1000;

/** Bare UDP: send() to the receiving socket's `message` callback, `count` packets after the warm-up. */
async function bareUdp(client: dgram.Socket, count: number): Promise<OscBenchRow> {
  const sink = dgram.createSocket('udp4');
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  sink.on('message', (data) => {
    const t = sentAt.get(data.readUInt32BE(0));
    if (t !== undefined) latencies.push(performance.now() - t);
  });
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  const port = sink.address().port;
  const warm = WARMUP_S * RATE;
  await pace(warm + count, (i) => {
    const b = Buffer.alloc(36);
    b.writeUInt32BE(i, 0);
    if (i >= warm) sentAt.set(i, performance.now());
    client.send(b, port, '127.0.0.1');
  });
  sink.close();
  return summarise('bare UDP (send -> message callback)', count, latencies);
}

/** inkverse: send() of /inkverse/param/temperature to the control surface change. */
async function oscToSurface(client: dgram.Socket, count: number): Promise<OscBenchRow> {
  const target = fakeEngine();
  const server = await createOscServer({ port: 0, host: '127.0.0.1', target, clock: systemClock });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  target.params.onChange((change) => {
    const v = change.values.temperature;
    const t = typeof v === 'number' ? sentAt.get(v.toFixed(3)) : undefined;
    if (t !== undefined) latencies.push(performance.now() - t);
  });
  const port = server.address().port;
  const warm = WARMUP_S * RATE;
  await pace(warm + count, (i) => {
    const v = valueOf(i);
    const bytes = encodeOscMessage('/inkverse/param/temperature', [v]);
    if (i >= warm) sentAt.set(v.toFixed(3), performance.now());
    else sentAt.delete(v.toFixed(3));
    client.send(bytes, port, '127.0.0.1');
  });
  await server.close();
  return summarise('inkverse OSC (send -> control surface change)', count, latencies);
}

/** The whole path a performer feels: OSC into a running installation (the model writing) to `params` at a /display client. */
async function oscToDisplay(client: dgram.Socket, count: number): Promise<OscBenchRow> {
  const config = parseConfig({
    server: { port: 0, host: '127.0.0.1' },
    osc: { port: 0, host: '127.0.0.1' },
    data: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-osc-')),
    params: { tempo: 8, verse_gap: 0 },
    log: { level: 'warn' },
  });
  const inst = await startInstallation({ config, configDir: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-cfg-')) });
  await inst.ready;
  const display = io(`${inst.url}/display`, { transports: ['websocket'] });
  await new Promise<void>((resolve) => display.once('state', () => resolve()));
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  display.on('params', (p: Record<string, unknown>) => {
    const v = p.temperature;
    const t = typeof v === 'number' ? sentAt.get(v.toFixed(3)) : undefined;
    if (t !== undefined) latencies.push(performance.now() - t);
  });
  const port = inst.osc.address().port;
  const warm = WARMUP_S * RATE;
  await pace(warm + count, (i) => {
    const v = valueOf(i);
    if (i >= warm) sentAt.set(v.toFixed(3), performance.now());
    else sentAt.delete(v.toFixed(3));
    client.send(encodeOscMessage('/inkverse/param/temperature', [v]), port, '127.0.0.1');
  });
  display.close();
  await inst.close();
  return summarise('installation (send -> `params` at a /display client, model writing)', count, latencies);
}

async function withClient<T>(use: (client: dgram.Socket) => Promise<T>): Promise<T> {
  const client = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
  try {
    return await use(client);
  } finally {
    client.close();
  }
}

export async function benchOsc(seconds = 10): Promise<OscBenchRow[]> {
  const count = seconds * RATE;
  return withClient(async (client) => [await bareUdp(client, count), await oscToSurface(client, count), await oscToDisplay(client, count)]);
}

/** The Markdown section for `npm run bench`. */
export async function runOscBench(seconds = 10): Promise<string> {
  const rows = await benchOsc(seconds);
  const lines = [
    `## OSC in -> parameter change, ${RATE} messages/s for ${seconds} s after ${WARMUP_S} s warm-up (one process, localhost)`,
    '',
    '| path | sent | received | p50 | p99 | max |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.path} | ${r.sent} | ${r.received} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.maxMs} ms |`),
  ];
  return lines.join('\n');
}

/**
 * `npm run bench -- osc`: repeats of bare UDP and OSC -> control surface, back to back (quick: 3 repeats of 2 s, full: 5
 * of 10 s); osc_ratio = bare UDP p99 / inkverse p99 per repeat. A full run adds the installation path to a display.
 */
export const bench: BenchDefinition = {
  async run({ quick, log }) {
    const [repeats, seconds] = quick ? [3, 2] : [5, 10];
    const bare: OscBenchRow[] = [];
    const ours: OscBenchRow[] = [];
    await withClient(async (client) => {
      for (let r = 0; r < repeats; r++) {
        bare.push(await bareUdp(client, seconds * RATE));
        ours.push(await oscToSurface(client, seconds * RATE));
        log(`repeat ${r + 1}: bare p99 ${bare.at(-1)!.p99Ms} ms, inkverse p99 ${ours.at(-1)!.p99Ms} ms`);
      }
    });
    const display = quick ? null : await withClient((client) => oscToDisplay(client, seconds * RATE));
    const lost = (rows: OscBenchRow[]): number => rows.reduce((a, r) => a + r.sent - r.received, 0);
    const figures = {
      osc_ratio: stats(ratios(ours.map((r) => r.p99Ms), bare.map((r) => r.p99Ms), 'lower-is-better')),
      osc_p50_ratio: stats(ratios(ours.map((r) => r.p50Ms), bare.map((r) => r.p50Ms), 'lower-is-better')),
      osc_p99_ms: stats(ours.map((r) => r.p99Ms)),
      osc_p50_ms: stats(ours.map((r) => r.p50Ms)),
      osc_bare_udp_p99_ms: stats(bare.map((r) => r.p99Ms)),
      osc_lost: lost(ours),
      osc_bare_udp_lost: lost(bare),
      ...(display ? { osc_display_p50_ms: display.p50Ms, osc_display_p99_ms: display.p99Ms } : {}),
    };
    const row = (name: string, rs: OscBenchRow[]): string =>
      `| ${name} | ${rs.reduce((a, r) => a + r.sent, 0)} | ${rs.reduce((a, r) => a + r.received, 0)} | ${stats(rs.map((r) => r.p50Ms)).median} ms | ${stats(rs.map((r) => r.p99Ms)).median} ms (${stats(rs.map((r) => r.p99Ms)).min}–${stats(rs.map((r) => r.p99Ms)).max}) | ${Math.max(...rs.map((r) => r.maxMs))} ms |`;
    return {
      figures,
      markdown: [
        `## OSC in -> parameter change, ${RATE} messages/s, ${repeats} repeats of ${seconds} s after ${WARMUP_S} s warm-up each (one process, localhost)`,
        '',
        '| path | sent | received | p50 (median) | p99 median (min–max) | max |',
        '| --- | --- | --- | --- | --- | --- |',
        row(bare[0]!.path, bare),
        row(ours[0]!.path, ours),
        ...(display ? [row(display.path, [display])] : []),
        '',
        `osc_ratio (bare UDP p99 / inkverse p99, per repeat): ${figures.osc_ratio.median} (${figures.osc_ratio.min}–${figures.osc_ratio.max}).`,
      ],
    };
  },
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.argv[2] ?? 10);
  process.stdout.write((await runOscBench(seconds)) + '\n');
  process.exit(0);
}
