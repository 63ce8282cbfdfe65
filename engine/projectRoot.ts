/**
 * @module projectRoot: the project's root folder, the nearest one above this module holding `package.json`.
 * The same answer from the sources (`engine/`) and from the compiled tree (`dist/node/engine/`), so shipped
 * data files (tables, models) are found by their place in the project, not beside the running module.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}: inkverse must run from its project folder.`);
  }
}

/** Absolute path of the project root (where `package.json`, `models/` and `config/` are). */
export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** An absolute path inside the project, e.g. `projectPath('engine', 'bridge', 'en-zh.json')`. */
export function projectPath(...parts: string[]): string {
  return path.join(PROJECT_ROOT, ...parts);
}
