/**
 * @module oscServer tests (engine faked: a real control surface over ENGINE_PARAMS, actions recorded), over
 * real UDP sockets on port 0 and a real `oscsend` subprocess.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Mapper } from '../../../engine/control/mapper.ts';
import { MappingSchema } from '../../../protocol/mappingSchema.ts';
import type { ActivityPayload } from '../../../protocol/events.ts';
import { encodeOscBundle, encodeOscMessage, type OscOutArg } from '../../../server/osc/oscEncode.ts';
import { createOscServer, type OscRefusal, type OscServer } from '../../../server/osc/oscServer.ts';
import { msToTimetag } from '../../../server/osc/oscTypes.ts';
import { fakeTarget } from '../../helpers/fakeTarget.ts';
import { ManualClock } from '../../helpers/manualClock.ts';
import { udpClient, until } from './udp.ts';

const run = promisify(execFile);

const MAPPINGS = [
  MappingSchema.parse({ address: '/1/fader1', param: 'temperature' }),
  MappingSchema.parse({ address: '/1/fader3', param: 'tempo', curve: 'exp', smoothing: 0.1 }),
  MappingSchema.parse({ address: '/1/push1', action: 'skip', mode: 'trigger' }),
  MappingSchema.parse({ midi: { type: 'cc', number: 1 }, param: 'top_k' }), // not OSC: ignored here
];

let cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function start(options: { mappings?: typeof MAPPINGS } = {}) {
  const target = fakeTarget();
  const clock = new ManualClock(Date.now());
  const server = await createOscServer({ port: 0, host: '127.0.0.1', mappings: options.mappings ?? MAPPINGS, target, clock });
  const client = await udpClient(server.address().port);
  const activity: ActivityPayload[] = [];
  const refused: OscRefusal[] = [];
  server.events.on('activity', (a) => activity.push(a));
  server.refusals.on('refused', (r) => refused.push(r));
  cleanup.push(() => server.close(), () => client.close());
  const send = async (address: string, ...args: OscOutArg[]) => {
    const before = server.stats().messages;
    await client.send(encodeOscMessage(address, args));
    await until(() => server.stats().messages > before, `${address} to arrive`);
  };
  return { target, clock, server, client, activity, refused, send };
}

describe('OSC server (engine faked)', () => {
  it('oscsend /inkverse/param/temperature f 1.3 changes the parameter store', async () => {
    const { target, server } = await start();
    await run('oscsend', ['localhost', String(server.address().port), '/inkverse/param/temperature', 'f', '1.3']);
    await until(() => target.params.get('temperature') !== 0.9, 'temperature to change');
    expect(target.params.get('temperature')).toBe(1.3); // float32 read back as the decimal that was meant
  });

  it('binds port 0 to a real port and reports it', async () => {
    const { server } = await start();
    expect(server.address().port).toBeGreaterThan(0);
    expect(server.address().address).toBe('127.0.0.1');
  });

  it('sets parameters by raw value; an out-of-range value is refused and logged, not applied', async () => {
    const { target, send, refused, server } = await start();
    await send('/inkverse/param/top_k', { type: 'i', value: 12 });
    expect(target.params.get('top_k')).toBe(12);
    await send('/inkverse/param/temperature', 5);
    expect(target.params.get('temperature')).toBe(0.9);
    expect(refused.at(-1)).toMatchObject({ address: '/inkverse/param/temperature', code: 'INKVERSE_E_PARAM_RANGE' });
    await send('/inkverse/param/colour', 1);
    expect(refused.at(-1)).toMatchObject({ code: 'INKVERSE_E_UNKNOWN_PARAM', message: expect.stringMatching(/known parameters: temperature/) });
    await send('/inkverse/param/tempo');
    expect(refused.at(-1)).toMatchObject({ code: 'INKVERSE_E_BAD_REQUEST' });
    expect(server.stats().refused).toBe(3);
  });

  it('routes prompt, skip, scene, preset and inject to the engine', async () => {
    const { target, send } = await start();
    await send('/inkverse/prompt', '江上');
    await send('/inkverse/skip');
    await send('/inkverse/scene', 'ink');
    await send('/inkverse/preset', 'calm', 3);
    await send('/inkverse/preset', 'wild');
    await send('/inkverse/inject', '明月');
    expect(target.calls).toEqual([
      { call: 'submitPrompt', text: '江上', source: 'performer', owner: 'osc:127.0.0.1' },
      { call: 'skip', origin: 'osc' },
      { call: 'setScene', name: 'ink', origin: 'osc' },
      { call: 'recallPreset', name: 'calm', fade: 3, origin: 'osc' },
      { call: 'recallPreset', name: 'wild', fade: undefined, origin: 'osc' },
      { call: 'inject', text: '明月', origin: 'osc' },
    ]);
  });

  it('the old address /inkverse/voice still recalls a preset; a pattern naming both fires once; a mapping cannot take it', async () => {
    const { target, send, refused, activity, server } = await start();
    await send('/inkverse/voice', 'calm', 3);
    await send('/inkverse/voice', 'wild');
    await send('/inkverse/{voice,preset}', 'classic', 1);
    await send('/inkverse/voice', 'loud');
    await send('/inkverse/voice', 'calm', 'slow');
    expect(target.calls).toEqual([
      { call: 'recallPreset', name: 'calm', fade: 3, origin: 'osc' },
      { call: 'recallPreset', name: 'wild', fade: undefined, origin: 'osc' },
      { call: 'recallPreset', name: 'classic', fade: 1, origin: 'osc' },
    ]);
    // Refused like the new address: an unknown preset with its code, a bad fade naming the address that was sent.
    expect(refused).toEqual([
      expect.objectContaining({ address: '/inkverse/voice', code: 'INKVERSE_E_UNKNOWN_PRESET' }),
      expect.objectContaining({ address: '/inkverse/voice', code: 'INKVERSE_E_BAD_REQUEST', message: '/inkverse/voice takes a fade in seconds as its second argument.' }),
    ]);
    expect(activity.map((a) => a.address)).toContain('/inkverse/voice');
    expect(server.stats().unmatched).toBe(0);
    expect(() => server.setMappings([MappingSchema.parse({ address: '/inkverse/voice', action: 'skip' })])).toThrow(
      expect.objectContaining({ code: 'INKVERSE_E_CONFIG', message: expect.stringContaining('"/inkverse/voice" is a built-in inkverse address') }),
    );
  });

  it('refuses what the engine refuses, and keeps serving', async () => {
    const { target, send, refused } = await start();
    await send('/inkverse/scene', 'nope');
    await send('/inkverse/scene', 3);
    await send('/inkverse/prompt', '   ');
    expect(refused.map((r) => r.code)).toEqual(['INKVERSE_E_UNKNOWN_SCENE', 'INKVERSE_E_BAD_REQUEST', 'INKVERSE_E_PROMPT_EMPTY']);
    await send('/inkverse/skip');
    expect(target.calls).toEqual([{ call: 'skip', origin: 'osc' }]);
  });

  it('applies user mappings from the config', async () => {
    const { target, send } = await start();
    await send('/1/fader1', 0.5);
    expect(target.params.get('temperature')).toBeCloseTo(0.05 + 0.5 * 1.95, 6);
    await send('/1/push1', 1);
    await send('/1/push1', 0);
    await send('/1/push1', 1);
    expect(target.calls).toEqual([{ call: 'skip', origin: 'osc' }, { call: 'skip', origin: 'osc' }]);
  });

  it('smooths mapped values over the injected clock', async () => {
    const { target, clock, send } = await start();
    await send('/1/fader3', 1);
    expect(target.params.get('tempo')).toBe(8);
    await clock.advance(2000);
    expect(target.params.get('tempo')).toBe(60);
  });

  it('matches incoming address patterns against its addresses (OSC 1.0 dispatch)', async () => {
    const { target, send, refused } = await start();
    await send('/inkverse/param/{temperature,top_p}', 0.5);
    expect(target.params.get('temperature')).toBe(0.5);
    expect(target.params.get('top_p')).toBe(0.5);
    await send('/1/fader[1-2]', 1);
    expect(target.params.get('temperature')).toBe(2);
    await send('/*/sk?p');
    expect(target.calls).toEqual([{ call: 'skip', origin: 'osc' }]);
    await send('/inkverse/param/t[', 1);
    expect(refused.at(-1)).toMatchObject({ code: 'INKVERSE_E_BAD_REQUEST', message: expect.stringMatching(/pattern refused/) });
  });

  it('emits activity for every message, matched or not', async () => {
    const { send, activity, server } = await start();
    await send('/1/fader1', 0.25);
    await send('/unknown/thing', 'x', true);
    expect(activity.map((a) => [a.source, a.address, a.args])).toEqual([
      ['osc', '/1/fader1', [0.25]],
      ['osc', '/unknown/thing', ['x', true]],
    ]);
    expect(server.stats()).toMatchObject({ messages: 2, unmatched: 1 });
  });

  it('fires a bundle timed in the future at its time on the test clock; immediate and past bundles at once', async () => {
    const { target, clock, client, server } = await start();
    const now = clock.now();
    await client.send(encodeOscBundle([{ address: '/inkverse/param/tempo', args: [30] }, { address: '/inkverse/skip' }], msToTimetag(now + 1000)));
    await until(() => server.stats().scheduled === 1, 'the bundle to be scheduled');
    await clock.advance(999);
    expect(target.params.get('tempo')).toBe(8);
    expect(target.calls).toEqual([]);
    await clock.advance(1);
    expect(target.params.get('tempo')).toBe(30);
    expect(target.calls).toEqual([{ call: 'skip', origin: 'osc' }]);
    expect(server.stats().scheduled).toBe(0);

    await client.send(encodeOscBundle([{ address: '/inkverse/param/tempo', args: [10] }])); // immediate
    await until(() => target.params.get('tempo') === 10, 'the immediate bundle');
    await client.send(encodeOscBundle([{ address: '/inkverse/param/tempo', args: [11] }], msToTimetag(now - 60_000))); // past
    await until(() => target.params.get('tempo') === 11, 'the past bundle');
  });

  it('drops bundles too far ahead, and forgets waiting bundles on close', async () => {
    const { clock, client, server } = await start();
    await client.send(encodeOscBundle([{ address: '/inkverse/skip' }], msToTimetag(clock.now() + 3_600_000)));
    await until(() => server.stats().dropped === 1, 'the far bundle to be dropped');
    await client.send(encodeOscBundle([{ address: '/inkverse/skip' }], msToTimetag(clock.now() + 5_000)));
    await until(() => server.stats().scheduled === 1, 'the near bundle to wait');
    await server.close();
    await server.close(); // idempotent
    expect(server.stats().scheduled).toBe(0);
    expect(server.address().port).toBeGreaterThan(0); // still answers
  });

  it('refuses invalid mappings at start with INKVERSE_E_CONFIG, and a port in use', async () => {
    const target = fakeTarget();
    const clock = new ManualClock();
    await expect(createOscServer({ port: 0, host: '127.0.0.1', target, clock, mappings: [MappingSchema.parse({ address: '/x', param: 'nope' })] })).rejects.toMatchObject({ code: 'INKVERSE_E_CONFIG' });
    await expect(createOscServer({ port: 0, host: '127.0.0.1', target, clock, mappings: [MappingSchema.parse({ address: '/inkverse/skip', action: 'skip' })] })).rejects.toThrow(/built-in/);
    const { server } = await start();
    await expect(createOscServer({ port: server.address().port, host: '127.0.0.1', target, clock })).rejects.toMatchObject({ code: 'INKVERSE_E_CONFIG', message: expect.stringMatching(/OSC_PORT/) });
  });

  it('setMappings swaps the routes at runtime; a shared mapper is left running on close', async () => {
    const target = fakeTarget();
    const clock = new ManualClock();
    const mapper = new Mapper({ target, clock });
    const server: OscServer = await createOscServer({ port: 0, host: '127.0.0.1', target, clock, mapper });
    const client = await udpClient(server.address().port);
    cleanup.push(() => client.close());
    server.setMappings([MappingSchema.parse({ address: '/2/rotary', param: 'verse_gap' })]);
    await client.send(encodeOscMessage('/2/rotary', [0.5]));
    await until(() => target.params.get('verse_gap') === 60, 'the new mapping');
    expect(() => server.setMappings([MappingSchema.parse({ address: '/a*', param: 'tempo' })])).toThrow(/plain address/);
    await server.close();
    expect(() => mapper.handle(MappingSchema.parse({ address: '/z', param: 'tempo' }), 1)).not.toThrow();
    mapper.dispose();
  });
});
