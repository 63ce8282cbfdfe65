/**
 * @module importRules: which top-level folder may import which (the architecture section of the README in
 * code), what makes an engine module pure, and a small import scanner for the graph test.
 */
import path from 'node:path';

/** Our folders each top-level folder may import besides itself; a folder not listed here may import nothing of ours. */
export const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  /** The wire contract: depends on nothing of ours, so every side can import it. */
  protocol: [],
  /** The verse loop runs headless, below every transport, page and config format. */
  engine: ['protocol'],
  /** The config validates engine backends and every parameter namespace (the tables in scenes/controlTables.ts). */
  config: ['protocol', 'engine', 'scenes'],
  /** Browser pages: the protocol, and pure engine modules only (see `isPureEngineModule`). */
  scenes: ['protocol', 'engine'],
  /** Composes everything; serves the pages and reads the scene and parameter tables. */
  server: ['protocol', 'engine', 'config', 'scenes'],
  /** Model tools (evaluate, pull, train) run the engine. */
  models: ['protocol', 'engine'],
  /** Build and render scripts. */
  scripts: ['protocol', 'engine', 'config', 'scenes', 'server'],
  /** Benchmarks run whole installations, models and browsers, with the test helpers. */
  bench: ['protocol', 'engine', 'config', 'scenes', 'server', 'models', 'scripts', 'test'],
  test: ['protocol', 'engine', 'config', 'scenes', 'server', 'models', 'scripts', 'bench'],
};

/** Folders whose sources the graph test reads: every top-level folder with code. */
export const CODE_FOLDERS = Object.keys(MAY_IMPORT);

/** Every module specifier in a source: static, re-export, dynamic and `import('...')` types. */
export function importsOf(source: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...source.matchAll(re)].map((m) => m[1]!);
}

/** The repo-relative path `spec` names from `file`, or null for a package or builtin. */
export function resolveSpec(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file.split(path.sep).join('/')), spec));
}

/** The top-level folder `spec` reaches from `file` that `file`'s folder may not import, if any. */
export function wrongWay(file: string, spec: string): string | undefined {
  const target = resolveSpec(file, spec)?.split('/')[0];
  const layer = file.split(/[\\/]/)[0]!;
  if (target === undefined || target === layer) return undefined;
  return MAY_IMPORT[layer]?.includes(target) ? undefined : target;
}

/**
 * Whether an engine module is pure, and so may run in a page: it imports no package and no builtin, only
 * `protocol/` and other pure engine modules. `read` gives a module's source by repo-relative path.
 */
export function isPureEngineModule(file: string, read: (file: string) => string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return true;
  seen.add(file);
  for (const spec of importsOf(read(file))) {
    const target = resolveSpec(file, spec);
    if (target === null) return false;
    if (target.startsWith('protocol/')) continue;
    if (!target.startsWith('engine/') || !isPureEngineModule(target, read, seen)) return false;
  }
  return true;
}
