/**
 * @module followQr: `GET /follow/qr.svg`, the QR code of the `/follow` page on the installation's public address,
 * drawn by the server (the `qrcode` package, as for take-away codes) so the display and the kiosk only show an image.
 * `?p=<prompt id>` draws `/follow?p=<id>` instead: the kiosk's visitor follows their own verse on their phone.
 * Drawn codes are kept (one per URL, a bounded few), so hundreds of displays and kiosks cost one drawing each.
 */
import type { ServerResponse } from 'node:http';
import QRCode from 'qrcode';
import { logger } from '../engine/log.ts';

const log = logger('server:follow');

/** The page's route and its QR code's. */
export const FOLLOW_QR_ROUTE = '/follow/qr.svg';
/** A prompt id as the queue makes them (and nothing longer). */
const PROMPT_ID = /^[\w~-]{1,100}$/;
/** Drawn codes kept, newest last. */
const CACHE_SIZE = 64;

export interface FollowQrOptions {
  /** The public base URL, e.g. `http://192.168.1.20:8080` (read at each request: the port is known once listening). */
  base(): string;
}

/** The route handler: true when it answered. */
export function followQrRoute(o: FollowQrOptions): (route: string, query: URLSearchParams, res: ServerResponse) => boolean {
  const drawn = new Map<string, Promise<string>>();
  return (route, query, res) => {
    if (route !== FOLLOW_QR_ROUTE) return false;
    const p = query.get('p');
    if (p !== null && !PROMPT_ID.test(p)) {
      res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: { code: 'INKVERSE_E_BAD_REQUEST', message: '"p" must be a prompt id (letters, digits, "_", "-", "~", at most 100).' } }));
      return true;
    }
    const url = `${o.base()}/follow${p ? `?p=${encodeURIComponent(p)}` : ''}`;
    let svg = drawn.get(url);
    if (!svg) {
      svg = QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      drawn.set(url, svg);
      if (drawn.size > CACHE_SIZE) drawn.delete(drawn.keys().next().value!);
    }
    svg.then(
      (text) => {
        res.writeHead(200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-cache', 'x-follow-url': url });
        res.end(text);
      },
      (err: unknown) => {
        drawn.delete(url);
        log.error({ err }, 'could not draw the /follow QR code');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: { code: 'INKVERSE_E_INTERNAL', message: 'The QR code could not be drawn; it has been logged.' } }));
      },
    );
    return true;
  };
}
