/**
 * @module bench/oscFlood: how long hostile OSC input can hold the event loop. The dearest single hostile
 * packet (best of 20 runs each, which other processes on a busy machine cannot inflate) beside the slice the
 * server handles work in, against the 10 ms stall bound; the event-loop delay while 10,000 hostile packets
 * arrive over UDP, beside a baseline (the same flood into a socket that does nothing); and the pathological
 * address patterns matched once each. The tests (test/server/osc/oscFlood.test.ts, addressPattern.test.ts) check
 * behaviour only; the times live here.
 * `npx tsx bench/oscFlood.ts` prints the tables; `npm run bench oscflood` includes them.
 */
import dgram from 'node:dgram';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../engine/clock.ts';
import { compileAddressPattern } from '../server/osc/addressPattern.ts';
import { createOscServer } from '../server/osc/oscServer.ts';
import { MappingSchema } from '../protocol/mappingSchema.ts';
import { floodAndMeasure, hostilePackets } from '../test/server/osc/flood.ts';
import { fakeEngine } from './osc.ts';
import type { BenchDefinition } from './benchDefinition.ts';

/** The target: the event loop is never stalled longer than this by OSC handling, in ms. */
const STALL_BOUND_MS = 10;
/** The server's slice, in ms (its default). */
const SLICE_MS = 4;

const ms = (x: number): string => `${x.toFixed(2)} ms`;

async function startServer() {
  return createOscServer({
    port: 0,
    host: '127.0.0.1',
    target: fakeEngine(),
    clock: systemClock,
    sliceMs: SLICE_MS,
    mappings: [MappingSchema.parse({ address: '/1/fader1', param: 'temperature' }), MappingSchema.parse({ address: '/aaaaaa/b', action: 'skip' })],
  });
}

/** The dearest of one packet of each hostile kind, each the best of 20 runs through the server's own queue. */
async function dearestPacketMs(): Promise<number> {
  const server = await startServer();
  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  let dearest = 0;
  for (const packet of hostilePackets(12, Date.now()).slice(0, 11)) {
    let best = Infinity;
    for (let run = 0; run < 20; run++) {
      const t0 = performance.now();
      server.receive(packet);
      await tick(); // the drain was queued first, so it has run
      best = Math.min(best, performance.now() - t0);
    }
    dearest = Math.max(dearest, best);
  }
  await server.close();
  return dearest;
}

async function floodRows(): Promise<string[]> {
  const sink = dgram.createSocket('udp4');
  let sunk = 0;
  sink.on('message', () => sunk++);
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  const baseline = await floodAndMeasure(sink.address().port, hostilePackets(10_000, Date.now()), () => sunk);
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  const server = await startServer();
  const flood = await floodAndMeasure(server.address().port, hostilePackets(10_000, Date.now()), () => server.stats().packets);
  const stats = server.stats();
  await server.close();
  return [
    `| sink that does nothing (baseline) | ${baseline.sent} | ${sunk} | ${ms(baseline.loopP99Ms)} | ${ms(baseline.loopMaxMs)} | – |`,
    `| inkverse OSC server | ${flood.sent} | ${stats.packets} | ${ms(flood.loopP99Ms)} | ${ms(flood.loopMaxMs)} | ${ms(stats.busyMaxMs)} |`,
  ];
}

/** Each pathological pattern against its address, best of 5, in ms. */
function patternRows(): string[] {
  const alts = Array.from({ length: 32 }, (_, i) => 'a'.repeat(i + 1)).join(',');
  const cases: Array<[string, string, ReturnType<typeof compileAddressPattern>]> = [
    ['/*a*a*a*a*a*a*a*a*a*b', '/' + 'a'.repeat(10_000), compileAddressPattern('/*a*a*a*a*a*a*a*a*a*b')],
    ["'/' + '*?' x 127", '/' + 'x'.repeat(254), compileAddressPattern('/' + '*?'.repeat(127))],
    ['three groups of 32 overlapping alternatives, then b', '/' + 'a'.repeat(96), compileAddressPattern(`/{${alts}}{${alts}}{${alts}}b`, { maxLength: 2000 })],
    ['/*********************?*x (stalled osc-js ~7 s)', '/' + 'y'.repeat(200), compileAddressPattern('/*********************?*x')],
  ];
  return cases.map(([name, address, p]) => {
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      const t0 = performance.now();
      p.matches(address);
      best = Math.min(best, performance.now() - t0);
    }
    return `| ${name} | ${address.length} characters | ${best.toFixed(3)} ms |`;
  });
}

/** The Markdown sections for `npm run bench`. */
export async function runOscFloodBench(): Promise<string> {
  const dearest = await dearestPacketMs();
  return [
    `## Hostile OSC: longest stall from packet handling (bound ${STALL_BOUND_MS} ms)`,
    '',
    '| slice | dearest single hostile packet (best of 20) | slice + dearest | within the bound |',
    '| --- | --- | --- | --- |',
    `| ${SLICE_MS} ms | ${ms(dearest)} | ${ms(SLICE_MS + dearest)} | ${SLICE_MS + dearest < STALL_BOUND_MS ? 'yes' : 'NO'} |`,
    '',
    '## Hostile OSC flood: 10,000 packets over UDP from another thread',
    '',
    '| receiver | sent | received | loop delay p99 | max | longest handling stretch |',
    '| --- | --- | --- | --- | --- | --- |',
    ...(await floodRows()),
    '',
    '## Pathological OSC address patterns (one match, best of 5)',
    '',
    '| pattern | address | time |',
    '| --- | --- | --- |',
    ...patternRows(),
  ].join('\n');
}

/** `npm run bench -- oscflood`. */
export const bench: BenchDefinition = {
  async run() {
    return { figures: {}, markdown: (await runOscFloodBench()).split('\n') };
  },
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write((await runOscFloodBench()) + '\n');
  process.exit(0);
}
