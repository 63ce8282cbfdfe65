/**
 * @module midi: feeds raw MIDI bytes (forwarded by the console) through the mappings whose `midi` source
 * matches. Parsing lives in `protocol/midi.ts`, shared with the console; learning happens in the console,
 * which sends the learned mapping with `mapping:save`.
 */
import { parseMidiMessage, type MidiEvent } from '../../protocol/midi.ts';
import type { Mapping, MidiSource } from '../../protocol/mappingSchema.ts';
import type { Mapper, MapperOutcome } from './mapper.ts';

export { describeMidi, parseMidiMessage, type MidiEvent } from '../../protocol/midi.ts';

/** True when a mapping's MIDI source listens to this event (a source without a channel listens on all). */
export function midiSourceMatches(source: MidiSource, e: MidiEvent): boolean {
  return source.type === e.type && source.number === e.number && (source.channel === undefined || source.channel === e.channel);
}

/** The mappings with a MIDI source matching the event, in their order. */
export function midiMappingsFor(mappings: readonly Mapping[], e: MidiEvent): Mapping[] {
  return mappings.filter((m) => m.midi !== undefined && midiSourceMatches(m.midi, e));
}

/** Parses a raw message and feeds every matching mapping through the mapper. */
export function applyMidi(
  data: ArrayLike<number>,
  mappings: readonly Mapping[],
  mapper: Mapper,
): { event: MidiEvent | undefined; outcomes: MapperOutcome[] } {
  const event = parseMidiMessage(data);
  if (!event) return { event, outcomes: [] };
  return { event, outcomes: midiMappingsFor(mappings, event).map((m) => mapper.handle(m, event.value, 'midi')) };
}
