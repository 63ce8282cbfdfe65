/**
 * @module staticAssets: files pages need beyond their scripts: fonts, stroke data, textures, audio.
 * `/assets/pkg/<package>/<path>` serves a file of an allow-listed npm package (fonts from
 * `lxgw-wenkai-webfont`, strokes from `hanzi-writer-data`), `/assets/static/<path>` a file from
 * `scenes/assets/` in the repo. Known extensions only, with content types and cache headers; a path that
 * leaves its root (`..`, encoded slashes, NUL, symlinks out) is not found.
 */
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

/** npm packages whose files pages may load, and why. */
export const ASSET_PACKAGES = {
  'lxgw-wenkai-webfont': 'brush-like Kai typeface for CJK and Latin, split by Unicode range',
  'hanzi-writer-data': 'stroke paths of about 9,000 characters for the ink scene',
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.txt': 'text/plain; charset=utf-8',
};

/** Package files never change without a reinstall; repo files may change on a deploy, so they revalidate. */
const PACKAGE_CACHE = 'public, max-age=604800, immutable';
const REPO_CACHE = 'public, max-age=3600, must-revalidate';

export interface StaticAssetsOptions {
  /** Folder served at `/assets/static/` (default `scenes/assets` in the project). */
  staticDir: string;
  /** Where to resolve packages from (the project root). */
  root: string;
}

export type AssetHandler = (route: string, req: IncomingMessage, res: ServerResponse) => boolean;

/** A handler that serves the route and returns true, or returns false when the route is not an asset it has. */
export function createStaticAssets(o: StaticAssetsOptions): AssetHandler {
  const require = createRequire(path.join(o.root, 'package.json'));
  const roots = new Map<string, string>();
  for (const name of Object.keys(ASSET_PACKAGES)) {
    try {
      roots.set(name, realpathSync(path.dirname(require.resolve(`${name}/package.json`))));
    } catch {
      // not installed: its files are simply not found
    }
  }
  const staticRoot = existsSync(o.staticDir) ? realpathSync(o.staticDir) : null;

  return (route, req, res) => {
    let root: string | null | undefined;
    let rel: string;
    let cache: string;
    if (route.startsWith('/assets/pkg/')) {
      const rest = route.slice('/assets/pkg/'.length);
      const name = Object.keys(ASSET_PACKAGES).find((p) => rest.startsWith(`${p}/`));
      if (!name) return false;
      root = roots.get(name);
      rel = rest.slice(name.length + 1);
      cache = PACKAGE_CACHE;
    } else if (route.startsWith('/assets/static/')) {
      root = staticRoot;
      rel = route.slice('/assets/static/'.length);
      cache = REPO_CACHE;
    } else return false;
    const file = root ? resolveInside(root, rel) : null;
    const type = file ? CONTENT_TYPES[path.extname(file).toLowerCase()] : undefined;
    if (!file || !type) return false;
    const stat = statSync(file);
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const headers = { 'content-type': type, 'cache-control': cache, etag, 'x-content-type-options': 'nosniff', 'access-control-allow-origin': '*' };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    res.writeHead(200, { ...headers, 'content-length': stat.size });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
    return true;
  };
}

/** The real path of `rel` under `root`, or null when it is not a plain file inside it. */
export function resolveInside(root: string, rel: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (!decoded || decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((seg) => seg === '..' || seg === '.' || seg === '')) return null;
  const candidate = path.join(root, decoded);
  try {
    const real = realpathSync(candidate);
    if (real !== root && !real.startsWith(root + path.sep)) return null;
    return statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}
