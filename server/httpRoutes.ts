/**
 * @module httpRoutes: the HTTP side of the contract: pages, bundled assets, `/health`, `/metrics`
 * and `/api/verses`. Plain node:http; every unknown path or bad query gets a JSON error, and nothing a
 * client sends can throw out of the listener (a fault answers 500, or closes the connection when the
 * answer had already begun). Every response carries the security headers; pages carry the CSP.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Archive } from '../engine/archive.ts';
import { logger } from '../engine/log.ts';
import type { ErrorPayload } from '../protocol/errors.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import type { Metrics } from './metrics.ts';
import { PAGES, type BuiltPages, type PageName } from './pages.ts';
import type { AssetHandler } from './staticAssets.ts';
import { CodeLookups, isCodeRoute } from './codeLookups.ts';
import { setCommonHeaders, setPageHeaders } from './headers.ts';
import { bearerToken, tokenMatches } from './tokenCheck.ts';

const log = logger('http');

/** About how many bytes of verses one `/api/verses` answer holds (more come with its `next` link). */
export const API_PAGE_BYTES = 1024 * 1024;

export interface Health {
  status: 'ok' | 'degraded';
  model: string;
  device: string;
  queue: number;
  uptime_s: number;
  [extra: string]: unknown;
}

export interface RoutesOptions {
  pages: BuiltPages;
  /** Fonts, stroke data and repo files under /assets/pkg/ and /assets/static/. */
  assets?: AssetHandler;
  archive: Archive;
  metrics: Metrics;
  health(): Health;
  /** Answers `/v/<code>`, one archived verse to take home (server/versePage.ts); false leaves the route to others. */
  versePage?: (route: string, res: ServerResponse) => boolean;
  /** `/api/key`, `/v/<code>.json`, `/v/<code>.mid` (server/provenance); false leaves the route to others. */
  provenance?: (route: string, query: URLSearchParams, res: ServerResponse) => boolean;
  /** `/follow/qr.svg`, the QR code of the phones' page (server/followQr.ts); false leaves the route to others. */
  followQr?: (route: string, query: URLSearchParams, res: ServerResponse) => boolean;
  /** The installation's token; with `protectEndpoints`, `/metrics` and `/api/verses` need it as `Authorization: Bearer`. */
  token?: string;
  protectEndpoints?: boolean;
  /** Take-away page lookups per address; default `new CodeLookups({ now })` (1 a second, bursts of 20). */
  codeLookups?: CodeLookups;
  /** The installation's clock, milliseconds since the epoch. */
  now: () => Milliseconds;
}

const INDEX = `<!doctype html><meta charset="utf-8"><title>inkverse</title>
<style>body{font:20px system-ui;background:#000;color:#ddd;margin:3em}a{color:#fff;display:block;margin:.6em 0}</style>
<h1>inkverse</h1>${PAGES.map((p) => `<a href="/${p}">/${p}</a>`).join('')}<a href="/health">/health</a>`;

function send(res: ServerResponse, status: number, type: string, body: string, cache = 'no-store'): void {
  if (type.startsWith('text/html')) setPageHeaders(res);
  res.writeHead(status, { 'content-type': type, 'cache-control': cache });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, error: ErrorPayload): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify({ error }));
}

export function createRoutes(o: RoutesOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const route = routeOf(o);
  return (req, res) => {
    try {
      setCommonHeaders(res);
      route(req, res);
    } catch (err) {
      failed(res, err, req.url);
    }
  };
}

/** A route that failed: 500 when nothing was sent yet, else the connection is closed (the client sees a cut answer). */
function failed(res: ServerResponse, err: unknown, target: string | undefined): void {
  log.error({ err, target: target?.slice(0, 200) }, 'request failed');
  if (res.headersSent) return void res.destroy();
  try {
    sendError(res, 500, { code: 'INKVERSE_E_INTERNAL', message: 'The server could not answer this request; it has been logged.' });
  } catch {
    res.destroy();
  }
}

function routeOf(o: RoutesOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const lookups = o.codeLookups ?? new CodeLookups({ now: o.now });
  /** True when the request may see a protected endpoint; otherwise it has been answered 401. */
  const allowed = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!o.protectEndpoints || tokenMatches(o.token, bearerToken(req))) return true;
    res.setHeader('www-authenticate', 'Bearer realm="inkverse"');
    sendError(res, 401, { code: 'INKVERSE_E_UNAUTHORIZED', message: 'This endpoint needs the installation token: send "Authorization: Bearer <INKVERSE_TOKEN>".' });
    return false;
  };
  return (req, res) => {
    let url: URL;
    try {
      // Only the path and query matter; a target like `//[` must not be parsed as an authority.
      url = new URL((req.url ?? '/').replace(/^\/+/, '/'), 'http://localhost');
    } catch {
      return sendError(res, 400, { code: 'INKVERSE_E_BAD_REQUEST', message: 'The request target is not a valid path.' });
    }
    const route = url.pathname.replace(/\/+$/, '') || '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, 405, { code: 'INKVERSE_E_BAD_REQUEST', message: `Only GET is served here; got ${req.method}.` });
    }
    if (route === '/') return send(res, 200, 'text/html; charset=utf-8', INDEX);
    if (route === '/health') {
      const h = o.health();
      return send(res, h.status === 'ok' ? 200 : 503, 'application/json; charset=utf-8', JSON.stringify(h));
    }
    if (route === '/metrics') {
      if (!allowed(req, res)) return;
      o.metrics
        .text()
        .then((text) => send(res, 200, o.metrics.registry.contentType, text))
        .catch((err: unknown) => failed(res, err, req.url));
      return;
    }
    if (route === '/api/verses') {
      if (!allowed(req, res)) return;
      const raw = url.searchParams.get('limit') ?? '20';
      const limit = Number(raw);
      if (!/^\d+$/.test(raw) || limit < 1 || limit > 500) {
        return sendError(res, 400, { code: 'INKVERSE_E_BAD_REQUEST', message: `"limit" must be a whole number from 1 to 500; got ${JSON.stringify(raw)}.` });
      }
      const before = url.searchParams.get('before') ?? undefined;
      if (before !== undefined && !/^[\w~-]{1,100}$/.test(before)) {
        return sendError(res, 400, { code: 'INKVERSE_E_BAD_REQUEST', message: `"before" must be a verse id (letters, digits, "-", "~"); got ${JSON.stringify(before.slice(0, 100))}.` });
      }
      // Paged by size as well as count: a page holds about API_PAGE_BYTES of JSON; `next` asks for the rest.
      const { verses, next } = o.archive.listPage({ limit, maxBytes: API_PAGE_BYTES, before });
      const body = next ? { verses, next: `/api/verses?limit=${limit}&before=${encodeURIComponent(next)}` } : { verses };
      return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(body));
    }
    // Counted before the code is read, so a guess costs the guesser the same whether or not it finds a verse.
    if (isCodeRoute(route) && !lookups.admit(req, res)) return;
    if (o.provenance?.(route, url.searchParams, res)) return;
    if (o.followQr?.(route, url.searchParams, res)) return;
    if (o.versePage?.(route, res)) return;
    const page = route.slice(1) as PageName;
    const html = o.pages.html.get(page);
    if (html) return send(res, 200, 'text/html; charset=utf-8', html);
    if (route.startsWith('/assets/')) {
      const asset = o.pages.assets.get(route.slice('/assets/'.length));
      if (asset) return send(res, 200, 'text/javascript; charset=utf-8', asset, 'no-cache');
      if (o.assets?.(route, req, res)) return;
    }
    sendError(res, 404, { code: 'INKVERSE_E_NOT_FOUND', message: `Nothing at ${route}; pages are ${PAGES.map((p) => `/${p}`).join(', ')}.` });
  };
}
