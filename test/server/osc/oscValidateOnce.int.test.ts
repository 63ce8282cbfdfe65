/**
 * One OSC message, validated once (issue 25, item 2), and a fader's float on enum and boolean parameters (issue 21):
 * real UDP datagrams into a real installation (shipped model, real socket.io). The validator
 * (`checkParamValue`) is wrapped in a spy that calls the real one, and its calls are counted per message.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ParamSpec } from '../../../protocol/paramSpec.ts';
import { encodeOscMessage, type OscOutArg } from '../../../server/osc/oscEncode.ts';
import type { OscRefusal } from '../../../server/osc/oscServer.ts';
import { next, useInstallation } from '../../helpers/installation.ts';
import { udpClient } from './udp.ts';

const validator = vi.hoisted(() => ({ calls: [] as Array<{ spec: string; value: unknown }> }));
vi.mock('../../../protocol/paramSpec.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../protocol/paramSpec.ts')>();
  return {
    ...real,
    checkParamValue: (spec: ParamSpec, value: unknown) => {
      validator.calls.push({ spec: spec.name, value });
      return real.checkParamValue(spec, value);
    },
  };
});

const t = useInstallation();
let udp: Awaited<ReturnType<typeof udpClient>>;
beforeAll(async () => {
  udp = await udpClient(t.inst.osc.address().port);
});
afterAll(() => udp.close());

const send = (address: string, ...args: OscOutArg[]): Promise<void> => udp.send(encodeOscMessage(address, args));
/** Resolves with the next refusal of `address` by the OSC server. */
const refusal = (address: string): Promise<OscRefusal> =>
  new Promise((resolve) => {
    const off = t.inst.osc.refusals.on('refused', (r) => r.address === address && (off(), resolve(r)));
  });
/** Resolves when the surface applies a change of `name` (on the server, before any client hears it). */
const changed = (name: string): Promise<unknown> =>
  new Promise((resolve) => {
    const off = t.inst.params.onChange((c) => name in c.values && (off(), resolve(c.values[name])));
  });
/**
 * Everything the OSC server does for a datagram happens in its one socket handler: once a later datagram's
 * refusal is heard, every earlier one has been handled completely (an unknown name reaches no validator).
 */
async function handled(): Promise<void> {
  const barrier = refusal('/inkverse/param/nonesuch');
  await send('/inkverse/param/nonesuch', { type: 'f', value: 1 });
  expect((await barrier).code).toBe('INKVERSE_E_UNKNOWN_PARAM');
}

describe('one OSC message, validated once', () => {
  it('/inkverse/param/sound/reverb f 0.75 over UDP: the validator runs exactly once, and the value is applied', async () => {
    await handled();
    validator.calls.length = 0;
    const applied = changed('sound.reverb');
    await send('/inkverse/param/sound/reverb', { type: 'f', value: 0.75 });
    expect(await applied).toBe(0.75);
    await handled();
    expect(validator.calls).toEqual([{ spec: 'sound.reverb', value: 0.75 }]);
    expect(t.inst.params.get('sound.reverb')).toBe(0.75);
  });

  it('a refused value is validated once too, refused with its code, and changes nothing', async () => {
    await handled();
    validator.calls.length = 0;
    const refused = refusal('/inkverse/param/temperature');
    await send('/inkverse/param/temperature', { type: 'f', value: 9 });
    const r = await refused;
    expect(r.code).toBe('INKVERSE_E_PARAM_RANGE');
    expect(r.message).toContain('"temperature" must be a number from 0.05 to 2');
    await handled();
    expect(validator.calls).toEqual([{ spec: 'temperature', value: 9 }]);
    expect(t.inst.params.get('temperature')).not.toBe(9);
  });
});

describe('a fader float on enum and boolean parameters (real UDP)', () => {
  it('steps sound.instrument through qin, bells, pad, pluck; a /sound page hears each value', async () => {
    const sound = t.open('/sound');
    await next(sound, 'state');
    const steps: Array<[number, string]> = [[0.3, 'bells'], [0.6, 'pad'], [0.99, 'pluck'], [0, 'qin']];
    for (const [x, option] of steps) {
      const applied = changed('sound.instrument');
      const heard = next(sound, 'params', (p) => p['sound.instrument'] === option);
      await send('/inkverse/param/sound/instrument', { type: 'f', value: x });
      expect(await applied).toBe(option);
      await heard;
    }
  });

  it('turns a boolean on above 0.5 and off at or below it (f and i alike), and switches an enum of two', async () => {
    const labels = 'scene.constellation.labels';
    const off = changed(labels);
    await send('/inkverse/param/scene/constellation/labels', { type: 'f', value: 0.2 });
    expect(await off).toBe(false);
    const on = changed(labels);
    await send('/inkverse/param/scene/constellation/labels', { type: 'i', value: 1 });
    expect(await on).toBe(true);
    const night = changed('scene.ink.paper');
    await send('/inkverse/param/scene/ink/paper', { type: 'f', value: 1 });
    expect(await night).toBe('night');
  });

  it('refuses a float outside 0..1 on an enum with its code, naming what is allowed, and keeps the value', async () => {
    const before = t.inst.params.get('sound.instrument');
    const refused = refusal('/inkverse/param/sound/instrument');
    await send('/inkverse/param/sound/instrument', { type: 'f', value: 1.5 });
    const r = await refused;
    expect(r.code).toBe('INKVERSE_E_PARAM_RANGE');
    expect(r.message).toContain('one of "qin", "bells", "pad", "pluck" (or a fader value from 0 to 1');
    expect(t.inst.params.get('sound.instrument')).toBe(before);
  });
});
