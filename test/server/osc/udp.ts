/** @module udp: small helpers for OSC tests over real UDP sockets on localhost. */
import dgram from 'node:dgram';

/** A UDP client that sends byte arrays to one localhost port. */
export async function udpClient(port: number): Promise<{ send: (bytes: Uint8Array) => Promise<void>; close: () => Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    send: (bytes) => new Promise<void>((resolve, reject) => socket.send(bytes, port, '127.0.0.1', (err) => (err ? reject(err) : resolve()))),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** Waits (in real time) until `check` is true; fails after `timeoutMs` naming what it waited for. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
