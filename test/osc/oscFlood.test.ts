/**
 * @module oscFlood test (engine faked: real ParamStore over ENGINE_PARAMS): 10,000 malformed, truncated and
 * wildcard-heavy packets from a separate thread over real UDP. The server stays up, its handling never
 * holds the event loop long, and a valid message right after still works.
 *
 * The stall bound is asserted structurally: the server handles packets in slices of `sliceMs` (4 ms) and
 * checks the clock after each packet, so the longest stall is one slice plus the dearest single packet;
 * the dearest packet is measured as the best of 20 runs, which other processes on a busy machine cannot
 * inflate. The whole-flood event-loop delay is measured too and printed beside a baseline (the same flood
 * into a socket that does nothing), because on a loaded 2-core machine the operating system's scheduling,
 * not the server, dominates it.
 */
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { MappingSchema } from '../../protocol/mappingSchema.ts';
import { encodeOscMessage } from '../../server/osc/oscEncode.ts';
import { createOscServer } from '../../server/osc/oscServer.ts';
import { fakeTarget } from '../control/fakeTarget.ts';
import { ManualClock } from '../control/manualClock.ts';
import { floodAndMeasure, hostilePackets } from './flood.ts';
import { udpClient, until } from './udp.ts';

/** The target: the event loop is never stalled longer than this by OSC handling. */
const STALL_BOUND_MS = 10;
const SLICE_MS = 4;

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

async function startServer() {
  const target = fakeTarget();
  const clock = new ManualClock(Date.now());
  const server = await createOscServer({
    port: 0,
    host: '127.0.0.1',
    target,
    clock,
    sliceMs: SLICE_MS,
    mappings: [MappingSchema.parse({ address: '/1/fader1', param: 'temperature' }), MappingSchema.parse({ address: '/aaaaaa/b', action: 'skip' })],
  });
  cleanup.push(() => server.close());
  return { target, clock, server };
}

describe('OSC flood (engine faked)', () => {
  it('the dearest hostile packet leaves one slice plus itself under the stall bound', async () => {
    const { clock, server } = await startServer();
    const kinds = hostilePackets(12, clock.now()).slice(0, 11); // one of each kind
    const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    let dearest = 0;
    for (const packet of kinds) {
      let best = Infinity;
      for (let run = 0; run < 20; run++) {
        const t0 = performance.now();
        server.receive(packet);
        await tick(); // the drain was queued first, so it has run
        best = Math.min(best, performance.now() - t0);
      }
      dearest = Math.max(dearest, best);
    }
    console.info(`[osc flood] dearest single packet ${dearest.toFixed(2)} ms; slice ${SLICE_MS} ms`);
    expect(SLICE_MS + dearest).toBeLessThan(STALL_BOUND_MS);
  });

  it('survives 10,000 hostile packets over UDP, then a valid message still works', async () => {
    // Baseline: the same flood into a socket that does nothing, for the loop delay the machine itself causes.
    const sink = dgram.createSocket('udp4');
    let sunk = 0;
    sink.on('message', () => sunk++);
    await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
    const baseline = await floodAndMeasure(sink.address().port, hostilePackets(10_000, Date.now()), () => sunk);
    await new Promise<void>((resolve) => sink.close(() => resolve()));

    const { target, clock, server } = await startServer();
    const flood = await floodAndMeasure(server.address().port, hostilePackets(10_000, clock.now()), () => server.stats().packets);
    const stats = server.stats();
    console.info(
      `[osc flood] sent ${flood.sent}, handled ${stats.packets} in ${flood.elapsedMs.toFixed(0)} ms; ` +
        `loop delay max ${flood.loopMaxMs.toFixed(1)} ms, p99 ${flood.loopP99Ms.toFixed(1)} ms ` +
        `(baseline sink: max ${baseline.loopMaxMs.toFixed(1)} ms, p99 ${baseline.loopP99Ms.toFixed(1)} ms); ` +
        `longest handling stretch ${stats.busyMaxMs.toFixed(1)} ms; stats ${JSON.stringify(stats)}`,
    );

    expect(flood.sent).toBe(10_000);
    // Under a flood the kernel drops datagrams and the server drops what overflows its queue (counted): both are by design.
    expect(stats.packets).toBeGreaterThan(1000);
    expect(stats.packets - stats.overflow).toBeGreaterThan(1000);
    // Every kind of hostility was seen and counted (about 1 packet in 11 of each kind arrives).
    expect(stats.malformed).toBeGreaterThan(stats.packets * 0.1);
    expect(stats.refused).toBeGreaterThan(0);
    expect(stats.unmatched).toBeGreaterThan(0);
    expect(stats.dropped).toBeGreaterThan(0);
    expect(stats.scheduled).toBeLessThanOrEqual(256);
    // A guard against catastrophe only (osc-js stalled ~7 s on one packet); the real bound is the test above.
    expect(flood.loopMaxMs).toBeLessThan(1000);

    const client = await udpClient(server.address().port);
    cleanup.push(() => client.close());
    await client.send(encodeOscMessage('/inkverse/param/temperature', [1.3]));
    await until(() => target.params.get('temperature') === 1.3, 'a valid message after the flood');
  });
});
