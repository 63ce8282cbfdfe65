/**
 * @module midiBytes: the few MIDI bytes the console reads itself, for learn mode and its status line.
 * engine/control/midi.ts has the same parser, but importing it bundles zod (about 450 kB) into the
 * console for its MidiLearn validation; the server validates learned mappings anyway, so this stays
 * a tiny local copy with the same meaning (channels 1..16, note-off = value 0).
 */
import type { MappingPayload } from '../../protocol/events.ts';

export interface MidiControl {
  type: 'cc' | 'note';
  channel: number;
  number: number;
  value: number;
}

/** Control change, note-on or note-off; anything else (clock, sysex, pitch bend) is undefined. */
export function parseMidi(data: readonly number[]): MidiControl | undefined {
  if (data.length < 3) return undefined;
  const [status, number, value] = data as [number, number, number];
  if (number > 0x7f || value > 0x7f || number < 0 || value < 0) return undefined;
  const channel = (status & 0x0f) + 1;
  switch (status & 0xf0) {
    case 0xb0:
      return { type: 'cc', channel, number, value };
    case 0x90:
      return { type: 'note', channel, number, value };
    case 0x80:
      return { type: 'note', channel, number, value: 0 };
    default:
      return undefined;
  }
}

/** How the monitor names a control: `cc 1/7` (channel/number), as the server's activity does. */
export function describeControl(c: Pick<MidiControl, 'type' | 'channel' | 'number'>): string {
  return `${c.type} ${c.channel}/${c.number}`;
}

/**
 * The mapping learned when `c` is the first control moved after arming `param`, or undefined when `c`
 * does not count as "moved" (a note release). A pad toggles the parameter, as the server's learn does.
 */
export function learnedMapping(c: MidiControl, param: string): MappingPayload | undefined {
  if (c.type === 'note' && c.value === 0) return undefined;
  // Spelled out whole (curve, smoothing) because MappingPayload is the schema's parsed shape.
  const mode = c.type === 'note' ? 'toggle' : 'absolute';
  return { midi: { type: c.type, channel: c.channel, number: c.number }, param, mode, curve: 'linear', smoothing: 0 };
}
