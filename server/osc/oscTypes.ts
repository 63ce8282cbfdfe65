/**
 * @module oscTypes: the decoded shapes of OSC 1.0 packets (messages, bundles, timetags, arguments),
 * shared by the decoder, the encoder, the server and the output mirror.
 */
import type { Milliseconds } from '../../protocol/paramSpec.ts';

/** A 64-bit NTP timetag: seconds since 1900-01-01 and a 32-bit binary fraction of a second. */
export interface OscTimetag {
  seconds: number;
  fraction: number;
}

/** The special timetag meaning "immediately" (the 64-bit value 1). */
export const IMMEDIATE: OscTimetag = Object.freeze({ seconds: 0, fraction: 1 });

/** A MIDI message argument (`m`): port id, status, data1, data2. */
export interface OscMidi {
  midi: [number, number, number, number];
}

/**
 * One decoded argument: `i f d` -> number, `h` -> bigint, `s S` -> string, `c` -> one-character string,
 * `b` -> Uint8Array, `T F` -> boolean, `N` -> null, `I` -> Infinity, `t` -> OscTimetag, `r` -> number (RGBA as uint32), `m` -> OscMidi.
 */
export type OscArg = number | bigint | string | boolean | null | Uint8Array | OscTimetag | OscMidi;

export interface OscMessage {
  kind: 'message';
  address: string;
  /** The type tags without the leading comma, e.g. `fs`. */
  types: string;
  args: OscArg[];
}

export interface OscBundle {
  kind: 'bundle';
  timetag: OscTimetag;
  elements: OscPacket[];
}

export type OscPacket = OscMessage | OscBundle;

/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
const NTP_UNIX_OFFSET = 2_208_988_800;
const TWO_POW_32 = 4_294_967_296;

/** True for the timetag meaning "immediately". */
export function isImmediate(t: OscTimetag): boolean {
  return t.seconds === 0 && t.fraction === 1;
}

/**
 * Converts an NTP timetag to milliseconds since the Unix epoch. Seconds below 2^31 are read as NTP
 * era 1 (after February 2036), as RFC 4330 suggests, so the installation keeps working past the rollover.
 */
export function timetagToMs(t: OscTimetag): Milliseconds {
  const seconds = t.seconds < 0x8000_0000 ? t.seconds + TWO_POW_32 : t.seconds;
  return (seconds - NTP_UNIX_OFFSET) * 1000 + (t.fraction / TWO_POW_32) * 1000;
}

/** Converts milliseconds since the Unix epoch to an NTP timetag (inverse of `timetagToMs`). */
export function msToTimetag(ms: Milliseconds): OscTimetag {
  const total = ms / 1000 + NTP_UNIX_OFFSET;
  let seconds = Math.floor(total);
  let fraction = Math.round((total - seconds) * TWO_POW_32);
  if (fraction >= TWO_POW_32) {
    seconds += 1;
    fraction = 0;
  }
  return { seconds: seconds % TWO_POW_32, fraction };
}
