/**
 * @module test/server/hardeningSlowReader
 * A client that never reads: a raw WebSocket over real TCP (handshake and frames written by hand, then the
 * socket paused so the kernel buffers fill and the server's own buffers grow) keeps asking for `state:resume`
 * while a long verse streams, on a real installation (real socket.io, real SQLite) whose generator backend
 * is FAKED (a long scripted verse at full speed, so there is much to send). The server must drop it once its
 * unsent bytes pass `server.maxBufferedBytes`, count it on /metrics, and keep a normal display streaming.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket as IoSocket } from 'socket.io';
import type { Installation } from '../../server/installation.ts';
import type { VerseToken } from '../../protocol/events.ts';
import { FakeBackend } from '../helpers/fakeGenerator.ts';
import { client, next, startTestInstallation, type Client } from '../helpers/installation.ts';

/** The smallest bound the config takes: the kernel's socket buffers absorb the first part of the backlog. */
const LIMIT = 64 * 1024;

/** One WebSocket text frame from a client (masked, as RFC 6455 requires of clients). */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x81, 0x80 | len]) : Buffer.from([0x81, 0x80 | 126, len >> 8, len & 0xff]);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([head, mask, body]);
}

/** Text frames from the server (unmasked) in `buf`, and how many bytes they took. */
function serverFrames(buf: Buffer): { texts: string[]; used: number } {
  const texts: string[] = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    let len = buf[at + 1]! & 0x7f;
    let head = 2;
    if (len === 126) {
      if (buf.length - at < 4) break;
      len = buf.readUInt16BE(at + 2);
      head = 4;
    } else if (len === 127) {
      if (buf.length - at < 10) break;
      len = Number(buf.readBigUInt64BE(at + 2));
      head = 10;
    }
    if (buf.length - at < head + len) break;
    if ((buf[at]! & 0x0f) === 1) texts.push(buf.subarray(at + head, at + head + len).toString());
    at += head + len;
  }
  return { texts, used: at };
}

/**
 * A socket.io client on `/display` written by hand over TCP: it reads until the namespace has accepted it,
 * then stops reading for good. Returns its server-side socket id and a way to send more requests.
 */
function rawReader(port: number): Promise<{ tcp: net.Socket; sid: string; send(text: string): void }> {
  return new Promise((resolve, reject) => {
    const tcp = net.connect(port, '127.0.0.1');
    tcp.on('error', () => {}); // the server drops it; the test watches the server's side
    let buf = Buffer.alloc(0);
    let upgraded = false;
    const send = (text: string): void => void tcp.write(clientFrame(text));
    tcp.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!/^HTTP\/1\.1 101/.test(buf.toString('latin1', 0, end))) return reject(new Error(`no upgrade: ${buf.toString('latin1', 0, end)}`));
        upgraded = true;
        buf = buf.subarray(end + 4);
        send('40/display,');
      }
      const { texts, used } = serverFrames(buf);
      buf = buf.subarray(used);
      for (const t of texts) {
        const sid = /^40\/display,(\{.*\})$/.exec(t)?.[1];
        if (!sid) continue;
        tcp.pause(); // from now on it reads nothing
        tcp.removeAllListeners('data');
        return resolve({ tcp, sid: (JSON.parse(sid) as { sid: string }).sid, send });
      }
    });
    const key = randomBytes(16).toString('base64');
    tcp.write(
      `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}

let inst: Installation;
const sockets: Client[] = [];
const tcps: net.Socket[] = [];
beforeAll(async () => {
  // A long verse written as fast as the fake can: each `state` of it is hundreds of kilobytes.
  const text = '春风吹柳绿，细雨润花红。'.repeat(300);
  inst = await startTestInstallation({ server: { maxBufferedBytes: LIMIT }, params: { tempo: 0, verse_gap: 0.05 } }, { createGenerator: new FakeBackend({ text }).factory() });
  await inst.ready;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  for (const t of tcps) t.destroy();
  await inst?.close();
});

describe('slow readers (raw TCP client that never reads; generator FAKED)', () => {
  it('a client that keeps asking for state:resume without reading is disconnected past server.maxBufferedBytes and counted; a normal display keeps streaming', async () => {
    const display = client(inst, '/display');
    sockets.push(display);
    const received: VerseToken[] = [];
    display.on('verse:token', (t) => received.push(t));
    await next(display, 'verse:token');

    // Every server-side socket of /display and its connection, so the test hears why the reader's ends.
    const disconnects = new Map<string, string>();
    const closes = new Map<string, string>();
    const waiters = new Set<() => void>();
    const poke = (): void => [...waiters].forEach((w) => w());
    const watch = (s: IoSocket): void => {
      s.once('disconnect', (reason) => (disconnects.set(s.id, reason), poke()));
      s.conn.once('close', (reason: string) => (closes.set(s.id, reason), poke()));
    };
    inst.io.of('/display').on('connection', watch);
    for (const s of inst.io.of('/display').sockets.values()) watch(s);
    const until = (done: () => boolean): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => void (done() && (waiters.delete(check), resolve()));
        waiters.add(check);
        check();
      });

    const reader = await rawReader(inst.port);
    tcps.push(reader.tcp);
    // It keeps asking for the whole state within the resume rate (2/s): asking faster would be refused, and a
    // socket that draws refusals on and on is cut off as a flooder before its backlog is what drops it.
    let ack = 0;
    const asking = setInterval(() => reader.send(`42/display,${ack++}["state:resume",{"id":"not-the-verse","fromSeq":0}]`), 600);
    await until(() => disconnects.has(reader.sid) && closes.has(reader.sid)).finally(() => clearInterval(asking));

    expect(disconnects.get(reader.sid)).toBe('server namespace disconnect');
    // Its connection is closed at once, buffers and all, not left to wait for the ping timeout.
    expect(closes.get(reader.sid)).not.toBe('ping timeout');
    expect(disconnects.has(display.id!)).toBe(false);
    const metrics = await (await fetch(`${inst.url}/metrics`)).text();
    expect(metrics).toMatch(/^inkverse_slow_readers_total\{namespace="\/display"\} 1$/m);
    expect(inst.io.of('/display').sockets.has(reader.sid)).toBe(false);

    // The display on the same server is still connected and receives what is written after the drop.
    const after = new Promise<VerseToken>((resolve) => {
      const off = inst.loop.events.on('verse:token', (t) => (off(), resolve(t)));
    });
    const later = await after;
    const got = await next(display, 'verse:token', (t) => t.id === later.id && t.seq === later.seq);
    expect(got.text).toBe(later.text);
    expect(display.connected).toBe(true);
    // It missed nothing meanwhile: within each verse, every token in order, from the first it received.
    const byVerse = new Map<string, VerseToken[]>();
    for (const t of received) byVerse.get(t.id)?.push(t) ?? byVerse.set(t.id, [t]);
    for (const tokens of byVerse.values()) expect(tokens.map((t) => t.seq)).toEqual(tokens.map((_, i) => tokens[0]!.seq + i));
  }, 120_000);
});
