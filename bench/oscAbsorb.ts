/**
 * @module bench/oscAbsorb: how many OSC messages a second a running installation absorbs before it loses any,
 * beside a bare UDP echo peer. A sender in a worker thread (so its pacing does not share the measured event loop)
 * ramps its rate in steps (250, 500, 1,000 ... 64,000 messages/s, each step a fixed time, then a pause until nothing more
 * arrives); each message sets `temperature` to a value that differs from the one before. Counted per step: what the
 * sender sent, what the OSC server took in (its `packets`, `limited`, `overflow` counters), what changed the
 * parameter store, and what reached `params` at a /display socket.io client (in the worker too, so its parsing is
 * not the server's). The peer: a bare UDP socket in this thread, with the OSC server's receive buffer, that echoes
 * each datagram back, ramped the same way.
 * Absorbed = the highest step with no loss below the first step that lost any (the sustained rate); reported with
 * the loss at that next step. Two installations: the per-sender limit lifted (what the server can take), and the
 * shipped config (500 messages/s per sender, bursts of 1,000: loss past it is the limit doing its job).
 */
import dgram from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseConfig } from '../config/loadConfig.ts';
import { encodeOscMessage } from '../server/osc/oscEncode.ts';
import { startInstallation, type Installation } from '../server/installation.ts';
import type { BenchDefinition, BenchOutcome, Figure } from './benchDefinition.ts';
import { stats } from './benchReport.ts';

export interface OscAbsorbOptions {
  /** Sending rates tried in order, messages/s; default 250 to 64,000 (13 steps). */
  steps: number[];
  /** Seconds each step sends for; default 3. */
  seconds: number;
  /** Ramps of each path (alternating bare / installation); default 3. */
  repeats: number;
  /** The ramp stops after a step that lost at least this share of what was sent (0–1); default 0.2. */
  stopLoss: number;
  /** Also ramp an installation with the shipped per-sender limit; default true. */
  shippedLimit: boolean;
}

const DEFAULTS = {
  steps: [250, 500, 1000, 2000, 4000, 6000, 8000, 12_000, 16_000, 24_000, 32_000, 48_000, 64_000],
  seconds: 3,
  repeats: 3,
  stopLoss: 0.2,
  shippedLimit: true,
} satisfies OscAbsorbOptions;
/** `--quick`: one ramp each of 1-second steps from 1,000/s, the lifted limit only. */
const QUICK = { steps: DEFAULTS.steps.filter((r) => r >= 1000), seconds: 1, repeats: 1, shippedLimit: false } satisfies Partial<OscAbsorbOptions>;

/** Sender (and, for an installation, a /display client counting `params`), in a worker thread. */
const SENDER = `
const { workerData, parentPort } = require('node:worker_threads');
const dgram = require('node:dgram');
const { port, packets, displayUrl } = workerData;
const udp = dgram.createSocket('udp4');
let echoed = 0, params = 0, display = null;
udp.on('message', () => echoed++);
udp.bind(0, '127.0.0.1', () => {
  if (!displayUrl) return parentPort.postMessage({ ready: true });
  display = require('socket.io-client').io(displayUrl + '/display', { transports: ['websocket'], forceNew: true });
  display.on('params', (p) => { if (typeof p.temperature === 'number') params++; });
  display.once('state', () => parentPort.postMessage({ ready: true }));
});
let next = 0;
function step(rate, seconds) {
  const start = performance.now();
  const total = Math.round(rate * seconds);
  let sent = 0;
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    while (sent < due) { udp.send(packets[next++ % packets.length], port, '127.0.0.1'); sent++; }
    if (sent < total) setTimeout(tick, 1);
    else parentPort.postMessage({ sent, elapsedMs: performance.now() - start });
  };
  tick();
}
parentPort.on('message', (m) => {
  if (m.step) step(m.step.rate, m.step.seconds);
  else if (m.count) parentPort.postMessage({ echoed, params });
  else if (m.close) { if (display) display.close(); udp.close(); parentPort.postMessage({ closed: true }); }
});
`;

/** One step of a ramp. */
export interface AbsorbStep {
  rate: number;
  sent: number;
  /** The rate the sender reached (sent over the time it took), messages/s. */
  achievedPerSecond: number;
  /** What the receiver counted: the echo socket, or `params` at the display. */
  received: number;
  lost: number;
  /** Installation only: the OSC server's counters and the parameter store's changes over the step. */
  packets?: number;
  limited?: number;
  overflow?: number;
  stored?: number;
}

export interface AbsorbRamp {
  path: string;
  steps: AbsorbStep[];
  /** Highest step with no loss below the first lossy step (0 when the first step lost). */
  absorbedPerSecond: number;
  /** Share lost at the first lossy step (null when no step lost). */
  lossAtNext: number | null;
  /** The first lossy step's rate (null when none lost). */
  nextRate: number | null;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Distinct temperatures (three decimals survive float32), so each message changes the store. */
function packets(): Uint8Array[] {
  return Array.from({ length: 1000 }, (_, i) => encodeOscMessage('/inkverse/param/temperature', [Math.round((0.1 + i * 0.001) * 1000) / 1000]));
}

interface Receiver {
  port: number;
  displayUrl: string | null;
  /** Counters now (received is filled from the worker's count when the receiver is the display). */
  counters(): { received: number; packets?: number; limited?: number; overflow?: number; stored?: number };
  close(): Promise<void>;
}

function ask<T>(worker: Worker, message: object, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: Record<string, unknown>): void => {
      if (!(key in m)) return;
      worker.off('message', on);
      worker.off('error', reject);
      resolve(m as T);
    };
    worker.on('message', on);
    worker.once('error', reject);
    worker.postMessage(message);
  });
}

/** Ramps the sender against one receiver until a step loses `stopLoss` or more. */
async function ramp(name: string, receiver: Receiver, o: OscAbsorbOptions, log: (m: string) => void): Promise<AbsorbRamp> {
  const worker = new Worker(SENDER, { eval: true, workerData: { port: receiver.port, packets: packets(), displayUrl: receiver.displayUrl } });
  const steps: AbsorbStep[] = [];
  try {
    await ask(worker, {}, 'ready');
    const read = async (): Promise<ReturnType<Receiver['counters']>> => {
      const c = receiver.counters();
      if (receiver.displayUrl === null) return c;
      return { ...c, received: (await ask<{ params: number }>(worker, { count: true }, 'params')).params };
    };
    for (const rate of o.steps) {
      const before = await read();
      const { sent, elapsedMs } = await ask<{ sent: number; elapsedMs: number }>(worker, { step: { rate, seconds: o.seconds } }, 'sent');
      // Settle: what is still queued (socket buffer, OSC queue, broadcast) lands; stop once nothing moved for 300 ms.
      let last = await read();
      for (let still = 0, waited = 0; still < 3 && waited < 5000; waited += 100) {
        await delay(100);
        const now = await read();
        still = now.received === last.received && now.packets === last.packets ? still + 1 : 0;
        last = now;
      }
      const diff = (k: keyof typeof last): number | undefined => (last[k] === undefined ? undefined : last[k]! - before[k]!);
      const received = diff('received')!;
      const s: AbsorbStep = { rate, sent, achievedPerSecond: Math.round(sent / (elapsedMs / 1000)), received, lost: Math.max(0, sent - received) };
      if (last.packets !== undefined) Object.assign(s, { packets: diff('packets'), limited: diff('limited'), overflow: diff('overflow'), stored: diff('stored') });
      steps.push(s);
      log(`${name}: ${rate}/s sent ${sent} (${s.achievedPerSecond}/s), received ${received}${s.packets !== undefined ? `, osc packets ${s.packets}, limited ${s.limited}, overflow ${s.overflow}, stored ${s.stored}` : ''}`);
      if (s.lost / Math.max(1, sent) >= o.stopLoss) break;
    }
  } finally {
    await ask(worker, { close: true }, 'closed').catch(() => undefined);
    await worker.terminate();
  }
  const first = steps.findIndex((s) => s.lost > 0);
  const clean = first < 0 ? steps : steps.slice(0, first);
  return {
    path: name,
    steps,
    absorbedPerSecond: clean.at(-1)?.rate ?? 0,
    lossAtNext: first < 0 ? null : Math.round((steps[first]!.lost / steps[first]!.sent) * 1000) / 1000,
    nextRate: first < 0 ? null : steps[first]!.rate,
  };
}

/** The peer: a bare UDP socket in this thread that counts each datagram and sends it back. */
async function echoReceiver(): Promise<Receiver> {
  // The receive buffer the OSC server asks for (its recvBufferBytes default): the same room for a burst on both sides.
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: OSC_RECV_BUFFER_BYTES });
  let received = 0;
  socket.on('message', (data, from) => {
    received++;
    socket.send(data, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, displayUrl: null, counters: () => ({ received }), close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

/** A running installation in this process (shipped Tang model writing at reading pace), per-sender limit as given. */
async function installationReceiver(perSender: { perSecond: number; burst: number } | null): Promise<Receiver & { inst: Installation }> {
  const config = parseConfig({
    server: { port: 0, host: '127.0.0.1' },
    osc: { port: 0, host: '127.0.0.1', ...(perSender ? { perSender } : {}) },
    data: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-absorb-')),
    log: { level: 'warn' },
  });
  const inst = await startInstallation({ config, configDir: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-cfg-')) });
  await inst.ready;
  let stored = 0;
  const off = inst.params.onChange((c) => {
    if ('temperature' in c.values) stored++;
  });
  return {
    inst,
    port: inst.osc.address().port,
    displayUrl: inst.url,
    counters: () => {
      const s = inst.osc.stats();
      return { received: 0, packets: s.packets, limited: s.limited, overflow: s.overflow, stored };
    },
    close: async () => {
      off();
      await inst.close();
    },
  };
}

const LIFTED = { perSecond: 1e9, burst: 1e9 };
/** The OSC server's socket receive buffer (oscServer.ts `recvBufferBytes`, default 1 MiB), given to the echo peer too. */
const OSC_RECV_BUFFER_BYTES = 1 << 20;

async function withReceiver(make: () => Promise<Receiver>, use: (r: Receiver) => Promise<AbsorbRamp>): Promise<AbsorbRamp> {
  const r = await make();
  try {
    return await use(r);
  } finally {
    await r.close();
  }
}

const rampCell = (r: AbsorbRamp): string => `${r.absorbedPerSecond}${r.nextRate === null ? '+ (no step lost)' : ''}`;
const lossCell = (r: AbsorbRamp): string => (r.nextRate === null ? '—' : `${(r.lossAtNext! * 100).toFixed(1)} % at ${r.nextRate}/s`);

export interface OscAbsorbResult {
  options: OscAbsorbOptions;
  bare: AbsorbRamp[];
  /** The installation with the per-sender limit lifted. */
  ours: AbsorbRamp[];
  /** The installation with the shipped per-sender limit, when asked for. */
  shipped: AbsorbRamp | null;
}

/** Ramps the bare echo and the installation (limit lifted) in turn, then the installation with the shipped limit. */
export async function benchOscAbsorb(options: Partial<OscAbsorbOptions> = {}, log: (m: string) => void = () => undefined): Promise<OscAbsorbResult> {
  const o: OscAbsorbOptions = { ...DEFAULTS, ...options };
  const bare: AbsorbRamp[] = [];
  const ours: AbsorbRamp[] = [];
  for (let r = 0; r < o.repeats; r++) {
    bare.push(await withReceiver(echoReceiver, (rc) => ramp('bare UDP echo', rc, o, log)));
    ours.push(await withReceiver(() => installationReceiver(LIFTED), (rc) => ramp('installation, per-sender limit lifted', rc, o, log)));
  }
  const shipped = o.shippedLimit ? await withReceiver(() => installationReceiver(null), (rc) => ramp('installation, shipped limit (500/s, burst 1000)', rc, o, log)) : null;
  return { options: o, bare, ours, shipped };
}

/** The figures and BENCHMARKS.md tables of a ramp run: osc_absorb_ratio = the installation's absorbed rate (limit lifted) / the bare echo's, per repeat. */
export function oscAbsorbOutcome({ options: o, bare, ours, shipped }: OscAbsorbResult): BenchOutcome {
  const figures: Record<string, Figure> = {
    osc_absorbed_per_s: stats(ours.map((r) => r.absorbedPerSecond)),
    osc_absorb_loss_at_next: stats(ours.map((r) => r.lossAtNext ?? 0)),
    osc_bare_echo_absorbed_per_s: stats(bare.map((r) => r.absorbedPerSecond)),
    osc_absorb_ratio: stats(ours.map((r, i) => r.absorbedPerSecond / Math.max(1, bare[i]!.absorbedPerSecond))),
    ...(shipped ? { osc_absorbed_shipped_limit_per_s: shipped.absorbedPerSecond } : {}),
  };
  const all = [...bare, ...ours, ...(shipped ? [shipped] : [])];
  return {
    figures,
    markdown: [
      `## OSC: messages/s absorbed before loss (steps of ${o.seconds} s from a sender thread, ${o.repeats} ramp${o.repeats === 1 ? '' : 's'} each, model writing at reading pace)`,
      '',
      'Absorbed: the highest step with nothing lost, below the first step that lost any; received is `params` at a /display client (installation) or datagrams at the echo socket (peer).',
      '',
      '| path | absorbed, messages/s | loss at the next step |',
      '| --- | --- | --- |',
      ...all.map((r) => `| ${r.path} | ${rampCell(r)} | ${lossCell(r)} |`),
      '',
      '| path | step | sent (reached/s) | received | OSC packets | limited | overflow | store changes |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      // The steps of each path's last ramp (the others are alike; their absorbed rates are above).
      ...[bare.at(-1)!, ours.at(-1)!, ...(shipped ? [shipped] : [])].flatMap((r) => r.steps.map((s) => `| ${r.path} | ${s.rate}/s | ${s.sent} (${s.achievedPerSecond}/s) | ${s.received} | ${s.packets ?? '—'} | ${s.limited ?? '—'} | ${s.overflow ?? '—'} | ${s.stored ?? '—'} |`)),
      '',
      `osc_absorb_ratio (installation, limit lifted / bare echo, per repeat): ${(figures.osc_absorb_ratio as { median: number }).median}.`,
    ],
  };
}

/** `npm run bench -- oscabsorb`. */
export const bench: BenchDefinition = {
  run: async ({ quick, log }) => oscAbsorbOutcome(await benchOscAbsorb(quick ? QUICK : {}, log)),
};
