/**
 * @module oscEncode: encodes OSC 1.0 messages and bundles (for the output mirror, tests and benchmarks).
 * Hand-written rather than osc-js so the output side has the same types as the decoder and no hidden
 * address handling. Browser-safe.
 */
import { IMMEDIATE, type OscTimetag } from './oscTypes.ts';

/** An argument with an explicit OSC type; plain values are inferred (see `inferArg`). */
export type OscTypedArg =
  | { type: 'i'; value: number }
  | { type: 'f'; value: number }
  | { type: 'd'; value: number }
  | { type: 'h'; value: bigint }
  | { type: 's'; value: string }
  | { type: 'b'; value: Uint8Array }
  | { type: 't'; value: OscTimetag }
  | { type: 'T' | 'F' | 'N' | 'I' };

/** A plain value is sent as: string -> `s`, boolean -> `T`/`F`, null -> `N`, bigint -> `h`, number -> `f`. */
export type OscOutArg = OscTypedArg | string | number | boolean | null | bigint | Uint8Array;

/** One element of an encoded bundle: a message or a nested bundle. */
export type OscOutPacket =
  | { address: string; args?: readonly OscOutArg[] }
  | { timetag: OscTimetag; elements: readonly OscOutPacket[] };

const utf8 = new TextEncoder();

function inferArg(a: OscOutArg): OscTypedArg {
  if (typeof a === 'string') return { type: 's', value: a };
  if (typeof a === 'number') return { type: 'f', value: a };
  if (typeof a === 'boolean') return { type: a ? 'T' : 'F' };
  if (typeof a === 'bigint') return { type: 'h', value: a };
  if (a === null) return { type: 'N' };
  if (a instanceof Uint8Array) return { type: 'b', value: a };
  return a;
}

/** Bytes of an OSC string: UTF-8, NUL-terminated, padded to a multiple of 4. */
function oscString(s: string): Uint8Array {
  const raw = utf8.encode(s);
  const out = new Uint8Array((raw.length + 4) & ~3);
  out.set(raw);
  return out;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

function fixed(bytes: number, write: (v: DataView) => void): Uint8Array {
  const out = new Uint8Array(bytes);
  write(new DataView(out.buffer));
  return out;
}

/** Encodes one message. Throws (a programmer error) when the address does not start with `/`. */
export function encodeOscMessage(address: string, args: readonly OscOutArg[] = []): Uint8Array {
  if (!address.startsWith('/')) throw new Error(`An OSC address must start with "/"; got ${JSON.stringify(address)}.`);
  const typed = args.map(inferArg);
  const chunks: Uint8Array[] = [oscString(address), oscString(',' + typed.map((a) => a.type).join(''))];
  for (const a of typed) {
    switch (a.type) {
      case 'i':
        chunks.push(fixed(4, (v) => v.setInt32(0, a.value)));
        break;
      case 'f':
        chunks.push(fixed(4, (v) => v.setFloat32(0, a.value)));
        break;
      case 'd':
        chunks.push(fixed(8, (v) => v.setFloat64(0, a.value)));
        break;
      case 'h':
        chunks.push(fixed(8, (v) => v.setBigInt64(0, a.value)));
        break;
      case 't':
        chunks.push(timetagBytes(a.value));
        break;
      case 's':
        chunks.push(oscString(a.value));
        break;
      case 'b': {
        const padded = new Uint8Array((a.value.length + 3) & ~3);
        padded.set(a.value);
        chunks.push(fixed(4, (v) => v.setInt32(0, a.value.length)), padded);
        break;
      }
      default:
        break; // T F N I carry no bytes.
    }
  }
  return concat(chunks);
}

function timetagBytes(t: OscTimetag): Uint8Array {
  return fixed(8, (v) => {
    v.setUint32(0, t.seconds);
    v.setUint32(4, t.fraction);
  });
}

/** Encodes a bundle; `timetag` defaults to "immediately". */
export function encodeOscBundle(elements: readonly OscOutPacket[], timetag: OscTimetag = IMMEDIATE): Uint8Array {
  const chunks: Uint8Array[] = [oscString('#bundle'), timetagBytes(timetag)];
  for (const e of elements) {
    const bytes = encodeOscPacket(e);
    chunks.push(fixed(4, (v) => v.setInt32(0, bytes.length)), bytes);
  }
  return concat(chunks);
}

/** Encodes a message or a bundle. */
export function encodeOscPacket(packet: OscOutPacket): Uint8Array {
  return 'address' in packet ? encodeOscMessage(packet.address, packet.args) : encodeOscBundle(packet.elements, packet.timetag);
}
