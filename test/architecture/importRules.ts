/** @module importRules: which folder may import which, and a small import scanner for the graph test. */
import path from 'node:path';

/** Folders each layer must never import (engine stays below server, pages and config; protocol below all). */
const FORBIDDEN: Record<string, readonly string[]> = {
  engine: ['server', 'scenes', 'config'],
  protocol: ['engine', 'server', 'scenes', 'config', 'models'],
};

/** Every module specifier in a source: static, re-export, dynamic and `import('...')` types. */
export function importsOf(source: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...source.matchAll(re)].map((m) => m[1]!);
}

/** The forbidden top-level folder `spec` reaches from `file` (both relative to the repo root), if any. */
export function wrongWay(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined; // packages are fine
  const layer = file.split(/[\\/]/)[0]!;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).split('/')[0]!;
  return FORBIDDEN[layer]?.includes(target) ? target : undefined;
}
