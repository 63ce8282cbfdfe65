/**
 * @module pages: the browser pages (`/kiosk`, `/display`, `/sound`, `/console`, `/follow`). Each is
 * `scenes/<page>/index.html` plus `scenes/<page>/main.ts`, bundled with esbuild into `dist/pages/`
 * with code splitting, so a page can load a scene lazily (`import()`) and fetch only what it shows.
 * The bundle is built by `npm run build` or on the first start, and reused while its sources are
 * unchanged (a content hash of every browser source is stamped beside it).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { logger } from '../engine/log.ts';

const log = logger('server:pages');

export const PAGES = ['kiosk', 'display', 'sound', 'console', 'follow'] as const;
export type PageName = (typeof PAGES)[number];
/** Bundles with no page of their own: `verse` runs on the server-rendered `/v/<code>` (its image and music). */
const SCRIPT_ONLY = ['verse'] as const;

export interface BuiltPages {
  html: Map<PageName, string>;
  /** Bundled scripts and chunks by file name (`kiosk.js`, `chunk-AB12.js`). */
  assets: Map<string, string>;
  /** Whether this start built the bundle (false: reused the cached one). */
  built: boolean;
}

export interface PagesOptions {
  /** Project root: sources under `scenes/`, `protocol/`, `engine/`; bundle in `dist/pages/`. */
  root: string;
  /** Rebuild even when the stamp matches. */
  force?: boolean;
}

/** Folders whose files can end up in a page bundle. */
const SOURCE_DIRS = ['scenes', 'protocol', 'engine'];
const STAMP = 'stamp.txt';

/** A hash of every browser source (and the lockfile, for package versions): the cache key of the bundle. */
export function sourceHash(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ts|html|css|json)$/.test(name)) hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(path.join(root, d))) walk(path.join(root, d));
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest('hex').slice(0, 16);
}

/** The pages, from the cached bundle when it matches the sources, else freshly built (throws with esbuild's messages). */
export async function loadPages(options: PagesOptions): Promise<BuiltPages> {
  const out = path.join(options.root, 'dist', 'pages');
  const stamp = sourceHash(options.root);
  const cached = !options.force && existsSync(path.join(out, STAMP)) && readFileSync(path.join(out, STAMP), 'utf8').trim() === stamp;
  if (cached) {
    try {
      return { ...(await readBundle(out)), built: false };
    } catch (err) {
      log.warn({ err }, 'the cached page bundle could not be read; rebuilding');
    }
  }
  const tmp = await buildPages(options.root, stamp);
  const bundle = await readBundle(tmp); // read before the swap, so a concurrent start cannot pull it away
  try {
    await rm(out, { recursive: true, force: true });
    await rename(tmp, out);
  } catch (err) {
    // Another process swapped its (identical) bundle in first; ours is still served from memory.
    log.debug({ err }, 'kept the page bundle another start wrote');
    await rm(tmp, { recursive: true, force: true });
  }
  return { ...bundle, built: true };
}

async function readBundle(dir: string): Promise<Omit<BuiltPages, 'built'>> {
  const assets = new Map<string, string>();
  for (const name of await readdir(path.join(dir, 'assets'))) assets.set(name, await readFile(path.join(dir, 'assets', name), 'utf8'));
  const html = new Map<PageName, string>();
  for (const page of PAGES) html.set(page, await readFile(path.join(dir, `${page}.html`), 'utf8'));
  return { html, assets };
}

/** Bundles every page into a fresh temporary folder (swapped in whole by the caller, so a crash mid-build leaves the old bundle). */
async function buildPages(root: string, stamp: string): Promise<string> {
  // A duration for the log line, and a unique folder name: neither is the installation's time, so no Clock.
  const started = performance.now();
  const tmp = path.join(root, 'dist', `pages.tmp-${process.pid}-${randomUUID()}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(path.join(tmp, 'assets'), { recursive: true });
  await build({
    entryPoints: Object.fromEntries([...PAGES, ...SCRIPT_ONLY].map((p) => [p, path.join(root, 'scenes', p, 'main.ts')])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: path.join(tmp, 'assets'),
    chunkNames: 'chunk-[hash]',
    minify: true,
    sourcemap: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  for (const page of PAGES) await writeFile(path.join(tmp, `${page}.html`), await readFile(path.join(root, 'scenes', page, 'index.html')));
  await writeFile(path.join(tmp, STAMP), `${stamp}\n`);
  log.info({ ms: Math.round(performance.now() - started) }, 'built the page bundles');
  return tmp;
}
