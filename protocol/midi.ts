/**
 * @module midi (protocol): the MIDI bytes both sides read — parsing raw messages as Web MIDI delivers
 * them, naming a control for the monitor, and the mapping a learn produces. Browser-safe and zod-free, so
 * the console bundles it as is; the server validates learned mappings when they arrive (`mapping:save`).
 */
import type { MappingInput } from './mappingSchema.ts';

/** One control change or note, with channel 1..16 and number/value 0..127. Note-off (and note-on velocity 0) has value 0. */
export interface MidiEvent {
  type: 'cc' | 'note';
  channel: number;
  number: number;
  value: number;
}

/**
 * Parses one MIDI message. Returns undefined for anything that is not a control change, note-on or
 * note-off (clock, sysex, pitch bend, aftertouch), for truncated messages and for out-of-range bytes.
 */
export function parseMidiMessage(data: ArrayLike<number>): MidiEvent | undefined {
  if (!data || data.length < 3) return undefined;
  const status = data[0]!;
  const d1 = data[1]!;
  const d2 = data[2]!;
  if (!isByte(status) || !isDataByte(d1) || !isDataByte(d2)) return undefined;
  const channel = (status & 0x0f) + 1;
  switch (status & 0xf0) {
    case 0xb0:
      return { type: 'cc', channel, number: d1, value: d2 };
    case 0x90:
      return { type: 'note', channel, number: d1, value: d2 };
    case 0x80:
      return { type: 'note', channel, number: d1, value: 0 };
    default:
      return undefined;
  }
}

function isByte(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= 0xff;
}

function isDataByte(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= 0x7f;
}

/** How the console's monitor names a control: `cc 1/7` (channel/number), `note 10/36`. */
export function describeMidi(e: Pick<MidiEvent, 'type' | 'channel' | 'number'>): string {
  return `${e.type} ${e.channel}/${e.number}`;
}

/**
 * The mapping learned when `e` is the first control moved after arming `param`, or undefined when `e`
 * does not count as "moved" (a note release). A pad toggles the parameter; a fader or knob sets it.
 */
export function learnedMapping(e: MidiEvent, param: string): MappingInput | undefined {
  if (e.type === 'note' && e.value === 0) return undefined;
  const mode = e.type === 'note' ? 'toggle' : 'absolute';
  return { midi: { type: e.type, channel: e.channel, number: e.number }, param, mode, curve: 'linear', smoothing: 0 };
}
