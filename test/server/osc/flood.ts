/** @module flood: hostile OSC packets and a sender thread, shared by the flood test and bench/osc.ts. */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { encodeOscBundle, encodeOscMessage } from '../../../server/osc/oscEncode.ts';
import { msToTimetag } from '../../../server/osc/oscTypes.ts';

/** Sends the packets from its own thread, so the sender never shows up in the server's loop delay. */
export const SENDER = `
const { workerData, parentPort } = require('node:worker_threads');
const dgram = require('node:dgram');
const socket = dgram.createSocket('udp4');
const { port, packets, batch } = workerData;
let i = 0;
// Wait for "go": cloning the packets into this thread costs the main thread time we must not measure.
parentPort.once('message', () => next());
parentPort.postMessage('ready');
function next() {
  const end = Math.min(packets.length, i + batch);
  let pending = end - i;
  if (pending === 0) { socket.close(); parentPort.postMessage(i); return; }
  for (; i < end; i++) socket.send(packets[i], port, '127.0.0.1', () => { if (--pending === 0) setTimeout(next, 1); });
}
`;

export function hostilePackets(count: number, now: number): Uint8Array[] {
  let seed = 7;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const alts = Array.from({ length: 32 }, (_, i) => 'a'.repeat((i % 6) + 1)).join(',');
  const patterns = [
    '/*a*a*a*a*a*a*a*a*a*b',
    '/' + '*?'.repeat(127),
    '/inkverse/' + '*'.repeat(240),
    `/{${alts}}{${alts}}{${alts}}`.slice(0, 256),
    '/inkverse/param/' + '[!a-z]*'.repeat(30),
    '/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*',
    '/inkverse/*/' + '?*'.repeat(100),
    '/inkverse/param/[' + 'a-z'.repeat(60) + ']*',
    '/inkverse/param/{' + 'x,'.repeat(40) + 'y}', // too many alternatives: refused
    '/a[b', // malformed
  ];
  const valid = encodeOscMessage('/inkverse/param/temperature', [1.1, 'x', new Uint8Array(20)]);
  const makers: Array<() => Uint8Array> = [
    () => new Uint8Array(Math.floor(rand() * 128) * 4).map(() => Math.floor(rand() * 256)), // garbage
    () => valid.slice(0, Math.floor(rand() * valid.length)), // truncated
    () => encodeOscMessage(patterns[Math.floor(rand() * patterns.length)]!, [rand()]), // wildcard-heavy
    // The most work one packet may ask for: 63 patterns that each fan out to many addresses...
    () => encodeOscBundle(Array.from({ length: 63 }, (_, i) => ({ address: ['/inkverse/param/*', '/inkverse/*', '/*/*/*', '/*/{skip,scene,preset}'][i % 4]!, args: [0.5] }))),
    // ...and 24 of the longest patterns allowed, in one bundle under the size bound.
    () => encodeOscBundle(Array.from({ length: 24 }, (_, i) => ({ address: patterns[i % 8]!, args: [0.5] }))),
    () => {
      let p = encodeOscMessage('/x');
      for (let d = 0; d < 8; d++) p = nest(p);
      return p;
    }, // too deep
    () => encodeOscBundle([{ address: '/inkverse/skip' }], msToTimetag(now + 10 * 60_000)), // too far ahead: dropped
    () => encodeOscBundle([{ address: '/inkverse/param/tempo', args: [1] }], msToTimetag(now + 1000)), // waits (up to maxScheduled)
    () => new Uint8Array(9000), // over the size bound
    () => encodeOscMessage('/inkverse/prompt', ['x'.repeat(4000)]), // big but legal: the fake queue accepts it
    () => encodeOscMessage('/inkverse/param/top_k', [{ type: 'h', value: 2n ** 62n }]), // absurd value: refused
  ];
  return Array.from({ length: count }, (_, i) => makers[i % makers.length]!());
}

/** Wraps a packet in an (empty-timetag) bundle, one level deeper. */
export function nest(inner: Uint8Array): Uint8Array {
  const head = encodeOscBundle([]);
  const out = new Uint8Array(head.length + 4 + inner.length);
  out.set(head);
  new DataView(out.buffer).setInt32(head.length, inner.length);
  out.set(inner, head.length + 4);
  return out;
}


export interface FloodFigures {
  sent: number;
  elapsedMs: number;
  /** Event-loop delay of this thread while the flood arrived, in milliseconds. */
  loopMaxMs: number;
  loopP99Ms: number;
}

/**
 * Sends `packets` to `port` from a worker thread and measures this thread's event-loop delay meanwhile.
 * Resolves once `received()` has stopped growing for 200 ms (UDP under a flood may drop some).
 */
export async function floodAndMeasure(port: number, packets: Uint8Array[], received: () => number): Promise<FloodFigures> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const worker = new Worker(SENDER, { eval: true, workerData: { port, packets, batch: 20 } });
  try {
    // Cloning the packets into the worker costs this thread time: wait for "ready" before measuring.
    await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    histogram.enable();
    const started = performance.now();
    const sent = await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage('go');
    });
    let last = -1;
    while (received() !== last) {
      last = received();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    histogram.disable();
    return { sent, elapsedMs: performance.now() - started, loopMaxMs: histogram.max / 1e6, loopP99Ms: histogram.percentile(99) / 1e6 };
  } finally {
    await worker.terminate();
  }
}
