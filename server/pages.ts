/**
 * @module pages: the browser pages (`/kiosk`, `/display`, `/sound`, `/console`). Each is
 * `scenes/<page>/index.html` plus `scenes/<page>/main.ts`, bundled with esbuild once at start-up,
 * so `npm start` needs no separate build step and nothing is fetched from a CDN.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../config/loadConfig.ts';

export const PAGES = ['kiosk', 'display', 'sound', 'console'] as const;
export type PageName = (typeof PAGES)[number];

export interface BuiltPages {
  html: Map<PageName, string>;
  /** Bundled scripts by file name (`kiosk.js`). */
  assets: Map<string, string>;
}

const SCENES_DIR = path.join(PROJECT_ROOT, 'scenes');

/** Bundles every page; throws with esbuild's messages if a page does not compile. */
export async function buildPages(): Promise<BuiltPages> {
  const result = await build({
    entryPoints: Object.fromEntries(PAGES.map((p) => [p, path.join(SCENES_DIR, p, 'main.ts')])),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outdir: '/assets',
    minify: true,
    sourcemap: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const assets = new Map<string, string>();
  for (const file of result.outputFiles) assets.set(path.basename(file.path), file.text);
  const html = new Map<PageName, string>();
  for (const page of PAGES) html.set(page, await readFile(path.join(SCENES_DIR, page, 'index.html'), 'utf8'));
  return { html, assets };
}
