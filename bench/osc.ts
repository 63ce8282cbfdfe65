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
    recallVoice: () => undefined,
  };
}

/** Distinct temperature per message (three decimals survive float32 through the decoder), cycling. */
const valueOf = (i: number): number => Math.round((0.1 + (i % 1800) * 0.001) * 1000) / 1000;

export async function benchOsc(seconds = 10): Promise<OscBenchRow[]> {
  const count = seconds * RATE;
  const client = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
  const rows: OscBenchRow[] = [];

  // Bare UDP: send() to the receiving socket's `message` callback.
  {
    const sink = dgram.createSocket('udp4');
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    sink.on('message', (data) => {
      const i = data.readUInt32BE(0);
      const t = sentAt.get(i);
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
    rows.push(summarise('bare UDP (send -> message callback)', count, latencies));
  }

  // inkverse: send() of /inkverse/param/temperature to the control surface change.
  {
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
    rows.push(summarise('inkverse OSC (send -> control surface change)', count, latencies));
  }
  // The whole path a performer feels: OSC into a running installation (the real model writing a verse)
  // to the `params` event arriving at a /display socket.io client.
  {
    const config = parseConfig({
      server: { port: 0, host: '127.0.0.1' },
      osc: { port: 0, host: '127.0.0.1' },
      data: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-osc-')),
      params: { tempo: 8, verse_gap: 0 },
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
    rows.push(summarise('installation (send -> `params` at a /display client, model writing)', count, latencies));
  }
  client.close();
  return rows;
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.argv[2] ?? 10);
  process.stdout.write((await runOscBench(seconds)) + '\n');
  process.exit(0);
}
