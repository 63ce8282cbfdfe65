/**
 * @module publicUrl: the address visitors' phones reach this installation at, for the QR codes (take-away pages,
 * `/follow`): the config's `kiosk.publicUrl`, else the machine's first LAN address and the port.
 */
import os from 'node:os';

/** The machine's first non-internal IPv4 address (visitors on the installation's Wi-Fi reach it there), or null when it has none. */
export function lanAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}

/** The base URL without a trailing slash, e.g. `http://192.168.1.20:8080` (loopback on a machine without a LAN). */
export function publicBaseUrl(publicUrl: string | undefined, port: number): string {
  return (publicUrl ?? `http://${lanAddress() ?? '127.0.0.1'}:${port}`).replace(/\/+$/, '');
}
