/**
 * @module midi: parses raw MIDI bytes (as Web MIDI delivers them), matches them against mappings'
 * `midi` sources, and learns new mappings from the next control a performer moves. Browser-safe.
 */
import { InkverseError } from '../../protocol/errors.ts';
import type { Mapper, MapperOutcome } from './mapper.ts';
import { MappingSchema, type Mapping, type MappingAction, type MidiSource } from '../../protocol/mappingSchema.ts';

/** One control change or note, with channel 1..16 and number/value 0..127. Note-off (and note-on velocity 0) has value 0. */
export interface MidiEvent {
  type: 'cc' | 'note';
  channel: number;
  number: number;
  value: number;
}

/**
 * Parses one MIDI message. Returns undefined for anything that is not a control change, note-on or
 * note-off (clock, sysex, pitch bend, aftertouch), for truncated messages and for out-of-range data bytes.
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

/** What a learn session binds: a parameter, or an action with its argument. */
export type LearnTarget = { param: string } | { action: MappingAction; arg?: string };

export interface MidiLearnOptions {
  /** Called with each mapping learned (the server persists it and broadcasts `mappings`). */
  onLearned: (mapping: Mapping) => void;
  /** Learned sources listen on the channel they were learned on (true) or on every channel (false). */
  bindChannel: boolean;
}

const DEFAULTS = {
  onLearned: () => undefined,
  bindChannel: true,
} satisfies MidiLearnOptions;

/**
 * MIDI learn: `arm()` a parameter or action, then the next moved control (a control change, or a note
 * pressed; releases are ignored) is bound to it. Notes learned for a parameter toggle it and notes or
 * controls learned for an action trigger it; controls learned for a parameter set it absolutely.
 */
export class MidiLearn {
  readonly #o: MidiLearnOptions;
  #armed: { target: LearnTarget; extra: Partial<Mapping> } | undefined;

  constructor(options: Partial<MidiLearnOptions> = {}) {
    this.#o = { ...DEFAULTS, ...options };
  }

  /** What is waiting for a control, if anything. */
  get armed(): LearnTarget | undefined {
    return this.#armed?.target;
  }

  /**
   * Waits for the next control to bind `target`; `extra` sets curve, smoothing, out range or mode of the
   * mapping to create. Arming again replaces the previous target. Throws `INKVERSE_E_BAD_REQUEST` at once when the target is malformed.
   */
  arm(target: LearnTarget, extra: Partial<Pick<Mapping, 'curve' | 'smoothing' | 'in' | 'out' | 'mode'>> = {}): void {
    // Validate now against a placeholder source, so a bad target fails at arm() and not at the performer's first touch.
    const check = MappingSchema.safeParse({ midi: { type: 'cc', number: 0 }, ...target, ...extra });
    if (!check.success) {
      const detail = check.error.issues.map((i) => (i.path.length ? `"${i.path.join('.')}": ${i.message}` : i.message)).join('; ');
      throw new InkverseError('INKVERSE_E_BAD_REQUEST', `Cannot learn ${JSON.stringify(target)}: ${detail}`);
    }
    this.#armed = { target, extra };
  }

  /** Stops waiting; idempotent. */
  cancel(): void {
    this.#armed = undefined;
  }

  /** Offers an event; returns the learned mapping when it completed a learn, else undefined. */
  feed(e: MidiEvent): Mapping | undefined {
    if (!this.#armed) return undefined;
    if (e.type === 'note' && e.value === 0) return undefined; // a release is not a "moved control"
    const { target, extra } = this.#armed;
    const midi: MidiSource = this.#o.bindChannel ? { type: e.type, channel: e.channel, number: e.number } : { type: e.type, number: e.number };
    const mode = 'action' in target ? 'trigger' : e.type === 'note' ? 'toggle' : 'absolute';
    const mapping = MappingSchema.parse({ midi, mode, ...target, ...extra });
    this.#armed = undefined;
    this.#o.onLearned(mapping);
    return mapping;
  }

  /** Parses raw bytes and offers them; returns the learned mapping, if any. */
  feedRaw(data: ArrayLike<number>): Mapping | undefined {
    const e = parseMidiMessage(data);
    return e ? this.feed(e) : undefined;
  }
}
