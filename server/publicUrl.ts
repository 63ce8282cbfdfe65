/**
 * @module publicUrl: the address visitors' phones reach this installation at, for the QR codes (take-away pages,
 * `/follow`): the config's `kiosk.publicUrl`, else the machine's first LAN address and the port.
 */
import os from 'node:os';

/** The first non-internal IPv4 address, for visitors on the installation's Wi-Fi. */
export function lanHost(): string {
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}

/** The base URL without a trailing slash, e.g. `http://192.168.1.20:8080`. */
export function publicBaseUrl(publicUrl: string | undefined, port: number): string {
  return (publicUrl ?? `http://${lanHost()}:${port}`).replace(/\/+$/, '');
}
