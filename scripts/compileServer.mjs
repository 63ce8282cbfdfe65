// @module compileServer: compiles the server side (engine, server, config, protocol, models, scenes) from
// TypeScript to JavaScript in dist/node/, file by file with esbuild (a runtime dependency: it also bundles the
// pages), so `npm start` runs plain JavaScript with no transpiler loaded. The output is reused while a content
// hash of the sources matches the stamp beside it, so a clone without a build compiles once, on its first start.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file lives in scripts/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Folders compiled; tests, benchmarks and scripts run from source under tsx (development tools). */
export const SOURCE_DIRS = ['engine', 'server', 'config', 'protocol', 'models', 'scenes'];
/** Where the compiled tree goes, mirroring the source layout (dist/node/server/main.js). */
export const OUT_DIR = path.join(ROOT, 'dist', 'node');
const STAMP = 'stamp.txt';
const SKIP = new Set(['node_modules', 'work']);

function sources(root) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      if (SKIP.has(name)) continue;
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(file);
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(path.join(root, d))) walk(path.join(root, d));
  return files;
}

/** A hash of every compiled source: the cache key of dist/node. */
export function serverSourceHash(root = ROOT) {
  const hash = createHash('sha256');
  for (const f of sources(root)) hash.update(path.relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** Whether dist/node holds the compiled form of the current sources. */
export function isCompiled(root = ROOT) {
  const stamp = path.join(root, 'dist', 'node', STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === serverSourceHash(root);
}

// Each file is its own output: every import stays an import, a relative `./x.ts` becoming `./x.js`.
const keepImports = {
  name: 'keep-imports',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const relative = args.path.startsWith('.');
      return { path: relative ? args.path.replace(/\.ts$/, '.js') : args.path, external: true };
    });
  },
};

/**
 * Compiles into a fresh folder and swaps it in whole (a crash mid-build leaves the old tree).
 * Returns whether it compiled (false: the stamp matched and `force` was not set).
 */
export async function compileServer({ root = ROOT, force = false } = {}) {
  if (!force && isCompiled(root)) return false;
  const { build } = await import('esbuild');
  const stamp = serverSourceHash(root);
  const out = path.join(root, 'dist', 'node');
  const tmp = path.join(root, 'dist', `node.tmp-${process.pid}-${Date.now()}`);
  await mkdir(tmp, { recursive: true });
  try {
    await build({
      entryPoints: sources(root),
      outbase: root,
      outdir: tmp,
      bundle: true, // only so the plugin sees every import; it marks each one external
      plugins: [keepImports],
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'error',
    });
    await writeFile(path.join(tmp, STAMP), `${stamp}\n`);
    await rm(out, { recursive: true, force: true });
    await rename(tmp, out);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return true;
}
