/** @module oscDecode tests: round trips with the encoder, osc-js interop, and every bound and malformation refused without throwing. */
import oscModule from 'osc-js';
import { describe, expect, it } from 'vitest';
import { decodeOscPacket, shortestFloat32 } from '../../../server/osc/oscDecode.ts';
import { encodeOscBundle, encodeOscMessage } from '../../../server/osc/oscEncode.ts';
import { IMMEDIATE, msToTimetag, timetagToMs, type OscBundle, type OscMessage } from '../../../server/osc/oscTypes.ts';
import { nest } from './flood.ts';

function decodeOk(bytes: Uint8Array): OscMessage | OscBundle {
  const r = decodeOscPacket(bytes);
  if (!r.ok) throw new Error(`expected a packet, got: ${r.reason}`);
  return r.packet;
}

// osc-js is a CommonJS/UMD bundle whose typings declare an ES default export: take whichever exists.
const OSC = (oscModule as unknown as { default?: typeof oscModule.default }).default ?? (oscModule as unknown as typeof oscModule.default);

function withByte(bytes: Uint8Array, index: number, value: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = value;
  return copy;
}

describe('decodeOscPacket', () => {
  it('round-trips every supported argument type', () => {
    const blob = new Uint8Array([1, 2, 3, 4, 5]);
    const bytes = encodeOscMessage('/inkverse/test', [
      { type: 'i', value: -7 },
      1.3,
      { type: 'd', value: Math.PI },
      { type: 'h', value: 2n ** 40n },
      '静夜思',
      blob,
      true,
      false,
      null,
      { type: 'I' },
      { type: 't', value: { seconds: 5, fraction: 6 } },
    ]);
    const msg = decodeOk(bytes);
    expect(msg).toEqual({
      kind: 'message',
      address: '/inkverse/test',
      types: 'ifdhsbTFNIt',
      args: [-7, 1.3, Math.PI, 2n ** 40n, '静夜思', blob, true, false, null, Infinity, { seconds: 5, fraction: 6 }],
    });
  });

  it('reads float32 as the shortest decimal that means the same float', () => {
    expect(shortestFloat32(Math.fround(1.3))).toBe(1.3);
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    expect(shortestFloat32(Math.fround(1 / 3))).toBe(0.33333334);
    expect(Math.fround(shortestFloat32(Math.fround(123.456)))).toBe(Math.fround(123.456));
  });

  it('decodes what osc-js encodes (messages and bundles)', () => {
    const message = new OSC.Message('/1/fader1', 0.25, 'x', 3);
    expect(decodeOk(message.pack())).toMatchObject({ address: '/1/fader1', args: [0.25, 'x', 3] });
    const bundle = new OSC.Bundle([new OSC.Message('/a', 1), new OSC.Message('/b', 'two')]);
    const decoded = decodeOk(bundle.pack()) as OscBundle;
    expect(decoded.kind).toBe('bundle');
    expect(decoded.elements.map((e) => (e as OscMessage).address)).toEqual(['/a', '/b']);
  });

  it('accepts a message without a type tag string as having no arguments (OSC 1.0 leniency)', () => {
    const bytes = new Uint8Array(16);
    bytes.set(new TextEncoder().encode('/inkverse/skip'));
    expect(decodeOk(bytes)).toEqual({ kind: 'message', address: '/inkverse/skip', types: '', args: [] });
  });

  it('decodes nested bundles with their timetags', () => {
    const t = msToTimetag(Date.UTC(2026, 10, 1, 12));
    const bytes = encodeOscBundle([{ address: '/a', args: [1] }, { timetag: t, elements: [{ address: '/b' }] }]);
    const b = decodeOk(bytes) as OscBundle;
    expect(b.timetag).toEqual(IMMEDIATE);
    expect((b.elements[1] as OscBundle).timetag).toEqual(t);
  });

  it('refuses malformed and over-bound packets with a reason', () => {
    const valid = encodeOscMessage('/inkverse/param/temperature', [1.3]);
    const nested = (depth: number): Uint8Array => {
      let p = encodeOscMessage('/x');
      for (let i = 0; i < depth; i++) p = wrap(p);
      return p;
    };
    const wrap = nest;
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['empty', new Uint8Array(0), /multiple of 4/],
      ['not aligned', valid.slice(0, valid.length - 1), /multiple of 4/],
      ['truncated argument', valid.slice(0, valid.length - 4), /runs past|trailing|not terminated/],
      ['not OSC', new Uint8Array([1, 2, 3, 4]), /neither/],
      ['unterminated address', new TextEncoder().encode('/abcdefg'), /not terminated/],
      ['huge packet', new Uint8Array(100_000), /exceeds/],
      ['unknown type tag', withByte(encodeOscMessage('/a', [{ type: 'i', value: 1 }]), 5, 0x71 /* "q" in place of "i" */), /unsupported type tag/],
      ['too deep', nested(6), /deeper than 4/],
      ['bad bundle size', (() => { const p = wrap(encodeOscMessage('/x')); new DataView(p.buffer).setInt32(16, 1000); return p; })(), /runs past/],
      ['negative bundle size', (() => { const p = wrap(encodeOscMessage('/x')); new DataView(p.buffer).setInt32(16, -4); return p; })(), /positive multiple/],
      ['long address', encodeOscMessage('/' + 'a'.repeat(300)), /longer than 256/],
      ['too many args', encodeOscMessage('/a', Array.from({ length: 70 }, () => 1)), /longer than 65|more than 64/],
      ['blob past the end', (() => { const p = encodeOscMessage('/a', [new Uint8Array(4)]); new DataView(p.buffer).setInt32(8, 4096); return p; })(), /blob/],
    ];
    for (const [name, bytes, reason] of cases) {
      const r = decodeOscPacket(bytes);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.reason, name).toMatch(reason);
    }
    expect(decodeOscPacket(nested(4)).ok).toBe(true);
  });

  it('counts elements over all levels against maxElements', () => {
    const many = encodeOscBundle(Array.from({ length: 70 }, () => ({ address: '/a' })));
    const r = decodeOscPacket(many);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/more than 64 elements/);
    expect(decodeOscPacket(many, { maxElements: 100 }).ok).toBe(true);
  });

  it('never throws on random bytes', () => {
    let seed = 42;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const valid = encodeOscBundle([{ address: '/inkverse/param/top_k', args: [{ type: 'i', value: 5 }, 'abc', new Uint8Array(9)] }]);
    for (let i = 0; i < 5000; i++) {
      const bytes = i % 2 ? valid.slice() : new Uint8Array(Math.floor(rand() * 64) * 4);
      for (let k = 0; k < 1 + (i % 5); k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      expect(() => decodeOscPacket(bytes)).not.toThrow();
    }
  });
});

describe('timetags', () => {
  it('converts between NTP timetags and epoch milliseconds', () => {
    const ms = Date.UTC(2026, 10, 1, 12, 0, 0, 250);
    expect(timetagToMs(msToTimetag(ms))).toBeCloseTo(ms, 3);
    expect(msToTimetag(ms).fraction).toBe(2 ** 30); // a quarter second
    // After the February 2036 NTP rollover the seconds wrap to small numbers: still the future.
    expect(timetagToMs({ seconds: 100, fraction: 0 })).toBeGreaterThan(Date.UTC(2036, 1, 7));
    expect(timetagToMs(msToTimetag(Date.UTC(2040, 0, 1)))).toBe(Date.UTC(2040, 0, 1));
  });
});
