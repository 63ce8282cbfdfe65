/** Static assets over real HTTP: package fonts and stroke data, repo files, content types, caching, no traversal. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticAssets } from '../../server/staticAssets.ts';
import { rawRequest } from '../helpers/rawHttp.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let server: Server;
let port: number;

beforeAll(async () => {
  const assets = createStaticAssets({ root: ROOT, staticDir: path.join(ROOT, 'scenes', 'assets') });
  server = createServer((req, res) => {
    const route = new URL(req.url ?? '/', 'http://x').pathname;
    if (!assets(route, req, res)) {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = (p: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`http://127.0.0.1:${port}${p}`, { headers });

describe('static assets', () => {
  it('serves a font stylesheet and a font slice of an allow-listed package, with types and long caching', async () => {
    const css = await get('/assets/pkg/lxgw-wenkai-webfont/lxgwwenkai-regular.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const text = await css.text();
    const slice = /url\('\.\/(files\/[^']+\.woff2)'\)/.exec(text)?.[1];
    expect(slice).toBeDefined();
    const font = await get(`/assets/pkg/lxgw-wenkai-webfont/${slice}`);
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect(font.headers.get('cache-control')).toContain('immutable');
    expect((await font.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('serves stroke data for a character and answers a matching ETag with 304', async () => {
    const res = await get('/assets/pkg/hanzi-writer-data/' + encodeURIComponent('秋') + '.json');
    expect(res.status).toBe(200);
    const data = (await res.json()) as { strokes: string[] };
    expect(data.strokes.length).toBeGreaterThan(3);
    const again = await get('/assets/pkg/hanzi-writer-data/' + encodeURIComponent('秋') + '.json', { 'if-none-match': res.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('serves repo files under /assets/static/', async () => {
    const res = await get('/assets/static/README.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('must-revalidate');
  });

  it('refuses packages off the list, unknown extensions and every way out of the root', async () => {
    for (const target of [
      '/assets/pkg/zod/package.json',
      '/assets/pkg/hanzi-writer-data/package.json/../../zod/package.json',
      '/assets/pkg/hanzi-writer-data/%2e%2e/zod/package.json',
      '/assets/pkg/hanzi-writer-data/..%2fzod%2fpackage.json',
      '/assets/pkg/hanzi-writer-data/%00.json',
      '/assets/static/../../package.json',
      '/assets/static/..%2f..%2fpackage.json',
      '/assets/static/%5c..%5cpackage.json',
      '/assets/pkg/lxgw-wenkai-webfont/OFL.txt/',
      '/assets/pkg/hanzi-writer-data/README.md',
    ]) {
      const res = await rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(res.status, target).toBe(404);
    }
  });
});
