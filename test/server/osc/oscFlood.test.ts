/**
 * @module oscFlood test (engine faked: real control surface over ENGINE_PARAMS): 10,000 malformed, truncated and
 * wildcard-heavy packets from a separate thread over real UDP. The server stays up, counts every kind of
 * hostility, and a valid message right after still works. What keeps a flood from stalling the event loop is
 * checked as behaviour: the server handles waiting packets in slices and yields to the event loop between
 * them. How long a slice and the dearest packet take is measured in bench/oscFlood.ts (no timing here).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MappingSchema } from '../../../protocol/mappingSchema.ts';
import { encodeOscMessage } from '../../../server/osc/oscEncode.ts';
import { createOscServer } from '../../../server/osc/oscServer.ts';
import { fakeTarget } from '../../helpers/fakeTarget.ts';
import { ManualClock } from '../../helpers/manualClock.ts';
import { floodAndMeasure, hostilePackets } from './flood.ts';
import { udpClient, until } from './udp.ts';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

async function startServer(sliceMs = 4) {
  const target = fakeTarget();
  const clock = new ManualClock(Date.now());
  const server = await createOscServer({
    port: 0,
    host: '127.0.0.1',
    target,
    clock,
    sliceMs,
    mappings: [MappingSchema.parse({ address: '/1/fader1', param: 'temperature' }), MappingSchema.parse({ address: '/aaaaaa/b', action: 'skip' })],
  });
  cleanup.push(() => server.close());
  return { target, clock, server };
}

describe('OSC flood (engine faked)', () => {
  it('yields to the event loop once a slice is used up, and handles what waits on the next turn', async () => {
    // A slice of 0 ms is used up by any packet: one packet per turn of the event loop.
    const { target, server } = await startServer(0);
    const temperature = (v: number): Uint8Array => encodeOscMessage('/inkverse/param/temperature', [v]);
    for (const v of [0.25, 0.5, 0.75]) server.receive(temperature(v));
    // Each wait is queued after the server's next drain, so it sees what that one turn handled.
    const afterTurn = (): Promise<unknown> => new Promise((resolve) => setImmediate(() => resolve(target.params.get('temperature'))));
    expect(await afterTurn()).toBe(0.25);
    expect(await afterTurn()).toBe(0.5);
    expect(await afterTurn()).toBe(0.75);

    // With a slice far longer than the work, the same three are handled in one turn.
    const roomy = await startServer(60_000);
    for (const v of [0.25, 0.5, 0.75]) roomy.server.receive(temperature(v));
    expect(await new Promise((resolve) => setImmediate(() => resolve(roomy.target.params.get('temperature'))))).toBe(0.75);
  });

  it('survives 10,000 hostile packets over UDP, counting each kind, then a valid message still works', async () => {
    const { target, clock, server } = await startServer();
    const flood = await floodAndMeasure(server.address().port, hostilePackets(10_000, clock.now()), () => server.stats().packets);
    const stats = server.stats();
    console.info(`[osc flood] sent ${flood.sent}, handled ${stats.packets}; stats ${JSON.stringify(stats)}`);

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

    const client = await udpClient(server.address().port);
    cleanup.push(() => client.close());
    await client.send(encodeOscMessage('/inkverse/param/temperature', [1.3]));
    await until(() => target.params.get('temperature') === 1.3, 'a valid message after the flood');
  });
});
