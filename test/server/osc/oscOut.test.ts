/** @module oscOut tests: the verse stream mirrored as OSC to a real UDP receiver, decoded back. */
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_PARAMS } from '../../../engine/engineParams.ts';
import { Emitter } from '../../../engine/emitter.ts';
import { engineSurface } from '../../../engine/control/controlSurface.ts';
import { decodeOscPacket } from '../../../server/osc/oscDecode.ts';
import { createOscOut, type OscOutEvents, type StreamSource } from '../../../server/osc/oscOut.ts';
import type { OscMessage } from '../../../server/osc/oscTypes.ts';
import type { OscServer } from '../../../server/osc/oscServer.ts';
import type { VerseLoopEvents } from '../../../engine/verseLoopEvents.ts';
import type { ActivityPayload } from '../../../protocol/events.ts';
import { ManualClock } from '../../helpers/manualClock.ts';
import { until } from './udp.ts';

let cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

async function receiver() {
  const socket = dgram.createSocket('udp4');
  const got: OscMessage[] = [];
  socket.on('message', (data) => {
    const r = decodeOscPacket(data);
    if (r.ok && r.packet.kind === 'message') got.push(r.packet);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { port: socket.address().port, got };
}

describe('OSC out', () => {
  it('mirrors verse start, tokens, lines, end and parameter echoes', async () => {
    const { port, got } = await receiver();
    const source = new Emitter<OscOutEvents>();
    const params = engineSurface();
    const out = await createOscOut({ host: 'localhost', port, source, params, clock: new ManualClock() });
    cleanup.push(() => out.close());
    source.emit('verse:start', { id: 'v1', prompt: '春江', source: 'visitor', model: 'tang-poet-zh' });
    source.emit('verse:token', { id: 'v1', seq: 0, text: '春', line: 0, entropy: 2.5 });
    source.emit('verse:line', { id: 'v1', index: 0, text: '春江潮水连海平', pinyin: 'chūn jiāng' });
    source.emit('verse:end', { id: 'v1', text: '春江潮水连海平', reason: 'done' });
    params.set({ temperature: 1.25, top_k: 41 }, 'test');
    await until(() => got.length === 6, 'six messages');
    expect(got.map((m) => [m.address, m.types, m.args])).toEqual([
      ['/inkverse/verse/start', 'sss', ['v1', '春江', 'visitor']],
      ['/inkverse/token', 'sisi', ['v1', 0, '春', 0]],
      ['/inkverse/line', 'sis', ['v1', 0, '春江潮水连海平']],
      ['/inkverse/verse/end', 'ss', ['v1', 'done']],
      ['/inkverse/param/temperature', 'f', [1.25]],
      ['/inkverse/param/top_k', 'f', [41]],
    ]);
    expect(out.stats()).toEqual({ sent: 6, errors: 0 });
    expect(out.target.address).toBe('127.0.0.1');
  });

  it('stops mirroring on close (idempotent) and unsubscribes', async () => {
    const { port, got } = await receiver();
    const source = new Emitter<OscOutEvents>();
    const out = await createOscOut({ host: '127.0.0.1', port, source, clock: new ManualClock() });
    // A second mirror to the same receiver, left open: its message marks the moment anything the closed one
    // had sent would have arrived (datagrams on loopback reach the socket in the order they were sent).
    const marker = new Emitter<OscOutEvents>();
    const open = await createOscOut({ host: '127.0.0.1', port, source: marker, clock: new ManualClock() });
    cleanup.push(() => open.close());
    await out.close();
    await out.close();
    source.emit('verse:end', { id: 'v1', text: '', reason: 'skipped' });
    out.send('/x', [1]);
    marker.emit('verse:end', { id: 'marker', text: '', reason: 'done' });
    await until(() => got.length > 0, 'the marker');
    expect(got.map((m) => [m.address, m.args])).toEqual([['/inkverse/verse/end', ['marker', 'done']]]);
    expect(out.stats().sent).toBe(0);
  });

  it('refuses a host that does not resolve with INKVERSE_E_CONFIG', async () => {
    const source: StreamSource = new Emitter<OscOutEvents>();
    await expect(createOscOut({ host: 'no-such-host.invalid', port: 9001, source, clock: new ManualClock() })).rejects.toMatchObject({ code: 'INKVERSE_E_CONFIG' });
  });

  it('counts messages too large for one datagram instead of throwing', async () => {
    const { port } = await receiver();
    const source = new Emitter<OscOutEvents>();
    const out = await createOscOut({ host: '127.0.0.1', port, source, clock: new ManualClock() });
    cleanup.push(() => out.close());
    source.emit('verse:line', { id: 'v', index: 0, text: 'x'.repeat(70_000) });
    expect(out.stats()).toEqual({ sent: 0, errors: 1 });
  });

  it('wires by type to the verse loop, the control surface and the console hub (checked by tsc)', () => {
    // Compile-time: these assignments are what server wiring will write.
    const source: StreamSource = new Emitter<VerseLoopEvents>();
    const hubActivity = (server: OscServer): Emitter<{ activity: (a: ActivityPayload) => void }> => server.events;
    expect(source).toBeDefined();
    expect(hubActivity).toBeTypeOf('function');
  });
});
