/** @module sourceFiles (test helper): the project root and the source files under a folder, for the architecture tests. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Files under `dir` (relative to the root, posix separators) whose name passes `keep`; node_modules and dist left out. */
export function sourcesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    if (name === 'node_modules' || name === 'dist') continue;
    const rel = path.posix.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sourcesUnder(rel, keep));
    else if (keep(name)) out.push(rel);
  }
  return out;
}
