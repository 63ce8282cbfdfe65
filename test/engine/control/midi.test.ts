/** @module midi tests (engine faked: real control surface over ENGINE_PARAMS): parsing raw bytes, matching mappings, learn. */
import { describe, expect, it } from 'vitest';
import { Mapper } from '../../../engine/control/mapper.ts';
import { MappingSchema, type Mapping } from '../../../protocol/mappingSchema.ts';
import { applyMidi, describeMidi, midiMappingsFor, parseMidiMessage } from '../../../engine/control/midi.ts';
import { learnedMapping } from '../../../protocol/midi.ts';
import { fakeTarget } from '../../helpers/fakeTarget.ts';
import { ManualClock } from '../../helpers/manualClock.ts';

describe('parseMidiMessage', () => {
  it('parses control changes and notes with channels 1..16', () => {
    expect(parseMidiMessage([0xb0, 7, 100])).toEqual({ type: 'cc', channel: 1, number: 7, value: 100 });
    expect(parseMidiMessage([0xbf, 1, 0])).toEqual({ type: 'cc', channel: 16, number: 1, value: 0 });
    expect(parseMidiMessage(new Uint8Array([0x99, 36, 90]))).toEqual({ type: 'note', channel: 10, number: 36, value: 90 });
  });

  it('treats note-on with velocity 0 and note-off as value 0', () => {
    expect(parseMidiMessage([0x90, 60, 0])).toEqual({ type: 'note', channel: 1, number: 60, value: 0 });
    expect(parseMidiMessage([0x83, 60, 64])).toEqual({ type: 'note', channel: 4, number: 60, value: 0 });
  });

  it('ignores other messages, truncated ones and bad data bytes', () => {
    for (const bad of [[0xf8], [0xe0, 0, 64], [0xa0, 60, 10], [0xd0, 10, 0], [0xb0, 7], [], [0xb0, 128, 0], [0xb0, 7, 200], [0x40, 1, 1], [0xb0, 1.5, 3], [300, 1, 1]]) {
      expect(parseMidiMessage(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('names controls the way the monitor shows them', () => {
    expect(describeMidi({ type: 'cc', channel: 1, number: 7 })).toBe('cc 1/7');
  });
});

describe('matching and applying', () => {
  const mappings: Mapping[] = [
    MappingSchema.parse({ midi: { type: 'cc', number: 7 }, param: 'temperature' }),
    MappingSchema.parse({ midi: { type: 'cc', channel: 2, number: 7 }, param: 'top_p' }),
    MappingSchema.parse({ midi: { type: 'note', channel: 10, number: 36 }, action: 'skip' }),
    MappingSchema.parse({ address: '/1/fader1', param: 'tempo' }),
  ];

  it('matches type, number and channel (a source without channel listens on all)', () => {
    expect(midiMappingsFor(mappings, { type: 'cc', channel: 1, number: 7, value: 0 }).map((m) => m.param)).toEqual(['temperature']);
    expect(midiMappingsFor(mappings, { type: 'cc', channel: 2, number: 7, value: 0 }).map((m) => m.param)).toEqual(['temperature', 'top_p']);
    expect(midiMappingsFor(mappings, { type: 'note', channel: 1, number: 36, value: 9 })).toEqual([]);
  });

  it('drives parameters and actions through the mapper', () => {
    const target = fakeTarget();
    const mapper = new Mapper({ target, clock: new ManualClock() });
    applyMidi([0xb1, 7, 127], mappings, mapper);
    expect(target.params.get('temperature')).toBe(2);
    expect(target.params.get('top_p')).toBe(1);
    const { outcomes } = applyMidi([0x99, 36, 120], mappings, mapper);
    expect(outcomes).toEqual([{ kind: 'action', action: 'skip' }]);
    expect(target.calls).toEqual([{ call: 'skip', origin: 'midi' }]);
    expect(applyMidi([0xf8], mappings, mapper)).toEqual({ event: undefined, outcomes: [] });
    mapper.dispose();
  });
});

describe('learnedMapping (shared with the console)', () => {
  it('binds a moved fader absolutely and a pressed pad as a toggle; a release is not a move', () => {
    expect(learnedMapping(parseMidiMessage([0xb2, 21, 64])!, 'scene.ink.bleed')).toEqual({
      midi: { type: 'cc', channel: 3, number: 21 }, param: 'scene.ink.bleed', mode: 'absolute', curve: 'linear', smoothing: 0,
    });
    expect(learnedMapping(parseMidiMessage([0x90, 41, 99])!, 'tempo')).toMatchObject({ midi: { type: 'note', number: 41 }, mode: 'toggle' });
    expect(learnedMapping(parseMidiMessage([0x90, 40, 0])!, 'tempo')).toBeUndefined();
    expect(learnedMapping(parseMidiMessage([0x80, 40, 64])!, 'tempo')).toBeUndefined();
  });

  it('produces mappings the server schema accepts', () => {
    const m = learnedMapping(parseMidiMessage([0xb0, 7, 1])!, 'temperature')!;
    expect(MappingSchema.safeParse(m).success).toBe(true);
  });
});
