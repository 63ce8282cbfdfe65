/**
 * @module oscDecode: decodes OSC 1.0 messages and bundles from untrusted UDP packets under strict bounds.
 *
 * Why not osc-js's decoder: it recurses into bundles without a depth limit, its string-termination
 * check compares against `DataView.length` (undefined, so unterminated strings pass), and it throws
 * plain Errors from deep inside; here every bound is explicit, the result is a value, and nothing throws.
 * Browser-safe (DataView and TextDecoder only).
 */
import type { OscArg, OscBundle, OscMessage, OscPacket } from './oscTypes.ts';

export interface OscDecodeOptions {
  /** Largest packet accepted, in bytes (checked before anything is read). */
  maxPacketBytes: number;
  /** Deepest bundle nesting accepted (1 = a bundle of messages, no bundles inside). */
  maxBundleDepth: number;
  /** Most messages and bundles in one packet, counted over all levels. */
  maxElements: number;
  /** Most arguments in one message. */
  maxArgs: number;
  /** Longest address, in bytes. */
  maxAddressBytes: number;
}

const DEFAULTS = {
  maxPacketBytes: 8192,
  maxBundleDepth: 4,
  maxElements: 64,
  maxArgs: 64,
  maxAddressBytes: 256,
} satisfies OscDecodeOptions;

export const OSC_DECODE_DEFAULTS: Readonly<OscDecodeOptions> = Object.freeze({ ...DEFAULTS });

export type OscDecodeResult =
  | { ok: true; packet: OscPacket; /** messages and bundles decoded */ elements: number }
  | { ok: false; reason: string };

/** Thrown only inside this module and always caught by `decodeOscPacket`. */
class Malformed extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const BUNDLE_TAG = [0x23, 0x62, 0x75, 0x6e, 0x64, 0x6c, 0x65, 0x00]; // "#bundle\0"

interface Ctx {
  bytes: Uint8Array;
  view: DataView;
  elements: number;
  o: OscDecodeOptions;
}

/** Decodes one packet. Never throws: malformed or over-bound input yields `{ ok: false, reason }`. */
export function decodeOscPacket(data: Uint8Array, options: Partial<OscDecodeOptions> = {}): OscDecodeResult {
  const o: OscDecodeOptions = { ...DEFAULTS, ...options };
  try {
    if (!(data instanceof Uint8Array)) return { ok: false, reason: 'not a byte array' };
    if (data.byteLength > o.maxPacketBytes) return { ok: false, reason: `packet of ${data.byteLength} bytes exceeds ${o.maxPacketBytes}` };
    if (data.byteLength === 0 || data.byteLength % 4 !== 0) return { ok: false, reason: `packet size ${data.byteLength} is not a positive multiple of 4` };
    const ctx: Ctx = { bytes: data, view: new DataView(data.buffer, data.byteOffset, data.byteLength), elements: 0, o };
    const packet = readPacket(ctx, 0, data.byteLength, 0);
    return { ok: true, packet, elements: ctx.elements };
  } catch (err) {
    return { ok: false, reason: err instanceof Malformed ? err.message : `decoder fault: ${String(err)}` };
  }
}

function fail(reason: string): never {
  throw new Malformed(reason);
}

function readPacket(ctx: Ctx, start: number, end: number, depth: number): OscPacket {
  if (++ctx.elements > ctx.o.maxElements) fail(`more than ${ctx.o.maxElements} elements`);
  if (ctx.bytes[start] === 0x23) return readBundle(ctx, start, end, depth + 1);
  if (ctx.bytes[start] === 0x2f) return readMessage(ctx, start, end);
  return fail('element starts with neither "/" nor "#bundle"');
}

function readBundle(ctx: Ctx, start: number, end: number, depth: number): OscBundle {
  if (depth > ctx.o.maxBundleDepth) fail(`bundles nested deeper than ${ctx.o.maxBundleDepth}`);
  if (end - start < 16) fail('bundle shorter than its header');
  for (let i = 0; i < 8; i++) if (ctx.bytes[start + i] !== BUNDLE_TAG[i]) fail('bad bundle tag');
  const timetag = { seconds: ctx.view.getUint32(start + 8), fraction: ctx.view.getUint32(start + 12) };
  const elements: OscPacket[] = [];
  let p = start + 16;
  while (p < end) {
    if (end - p < 4) fail('truncated bundle element size');
    const size = ctx.view.getInt32(p);
    p += 4;
    if (size <= 0 || size % 4 !== 0) fail(`bundle element size ${size} is not a positive multiple of 4`);
    if (size > end - p) fail('bundle element runs past the end of the packet');
    elements.push(readPacket(ctx, p, p + size, depth));
    p += size;
  }
  return { kind: 'bundle', timetag, elements };
}

/** Reads a NUL-terminated, 4-byte-padded string; returns it and the offset after its padding. */
function readString(ctx: Ctx, start: number, end: number, what: string, maxBytes = end - start): [string, number] {
  // Search only within bounds, so an unterminated string never scans past its element.
  const length = ctx.bytes.subarray(start, Math.min(end, start + maxBytes + 1)).indexOf(0);
  if (length < 0) fail(end - start > maxBytes ? `${what} longer than ${maxBytes} bytes` : `${what} is not terminated`);
  const nul = start + length;
  const next = (nul + 4) & ~3;
  if (next > end) fail(`${what} padding runs past the end`);
  return [utf8.decode(ctx.bytes.subarray(start, nul)), next];
}

/**
 * The shortest decimal that reads back as the same float32: a controller sending 1.3 arrives as
 * 1.2999999523162842 in a double, which is what float32 holds, but 1.3 is what the performer meant.
 */
export function shortestFloat32(f: number): number {
  if (!Number.isFinite(f) || f === 0) return f;
  for (let digits = 1; digits < 9; digits++) {
    const d = Number(f.toPrecision(digits));
    if (Math.fround(d) === f) return d;
  }
  return f;
}

function need(p: number, n: number, end: number, tag: string): void {
  if (p + n > end) fail(`argument "${tag}" runs past the end`);
}

/** Fixed-width arguments: byte size and how to read one at `p`. */
const FIXED: Record<string, readonly [number, (v: DataView, p: number) => OscArg]> = {
  i: [4, (v, p) => v.getInt32(p)],
  f: [4, (v, p) => shortestFloat32(v.getFloat32(p))],
  r: [4, (v, p) => v.getUint32(p)],
  c: [4, (v, p) => String.fromCharCode(v.getUint32(p) & 0xffff)],
  m: [4, (v, p) => ({ midi: [v.getUint8(p), v.getUint8(p + 1), v.getUint8(p + 2), v.getUint8(p + 3)] })],
  d: [8, (v, p) => v.getFloat64(p)],
  h: [8, (v, p) => v.getBigInt64(p)],
  t: [8, (v, p) => ({ seconds: v.getUint32(p), fraction: v.getUint32(p + 4) })],
};

/** Arguments that take no bytes: the tag is the value. */
const NO_DATA: Record<string, OscArg> = { T: true, F: false, N: null, I: Infinity };

function readBlob(ctx: Ctx, start: number, end: number): [OscArg, number] {
  need(start, 4, end, 'b');
  const size = ctx.view.getInt32(start);
  let p = start + 4;
  if (size < 0 || size > end - p) fail('blob size runs past the end');
  // Copy: the socket's buffer may be reused after the handler returns.
  const blob = ctx.bytes.slice(p, p + size);
  p += (size + 3) & ~3;
  if (p > end) fail('blob padding runs past the end');
  return [blob, p];
}

/** Reads one argument of type `tag` at `p`; returns it and the offset after it. */
function readArg(ctx: Ctx, tag: string, p: number, end: number): [OscArg, number] {
  const fixed = Object.hasOwn(FIXED, tag) ? FIXED[tag] : undefined;
  if (fixed) {
    need(p, fixed[0], end, tag);
    return [fixed[1](ctx.view, p), p + fixed[0]];
  }
  if (Object.hasOwn(NO_DATA, tag)) return [NO_DATA[tag]!, p];
  if (tag === 's' || tag === 'S') return readString(ctx, p, end, 'string argument');
  if (tag === 'b') return readBlob(ctx, p, end);
  return fail(`unsupported type tag ${JSON.stringify(tag)}`);
}

function readMessage(ctx: Ctx, start: number, end: number): OscMessage {
  const [address, afterAddress] = readString(ctx, start, end, 'address', ctx.o.maxAddressBytes);
  // Old senders may omit the type tag string entirely; OSC 1.0 asks receivers to accept that as "no arguments".
  if (afterAddress >= end) return { kind: 'message', address, types: '', args: [] };
  if (ctx.bytes[afterAddress] !== 0x2c) fail('type tag string does not start with ","');
  const [tagString, afterTags] = readString(ctx, afterAddress, end, 'type tags', ctx.o.maxArgs + 1);
  const types = tagString.slice(1);
  if (types.length > ctx.o.maxArgs) fail(`more than ${ctx.o.maxArgs} arguments`);
  const args: OscArg[] = [];
  let p = afterTags;
  for (const tag of types) {
    const [arg, next] = readArg(ctx, tag, p, end);
    args.push(arg);
    p = next;
  }
  if (p !== end) fail('trailing bytes after the last argument');
  return { kind: 'message', address, types, args };
}
