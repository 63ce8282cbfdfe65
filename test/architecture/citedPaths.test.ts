/**
 * @module citedPaths test: no source comment names a file the repo does not have, so a reader who follows a
 * comment finds what it cites. A cited path (`server/osc/oscOut.ts`, `../protocol/events.ts`) must exist
 * from the repo root or from the citing file's folder; a bare document name (`README.md`) likewise; a bare
 * source file name (`engineParams.ts`) somewhere in the repo. Paths outside the repo's own folders (`dist/`
 * output, another project's `src/`) and placeholders (`./x.ts`, `NAME.json`) are not checked. Bare `.js`/`.json` names are left alone: they
 * name libraries (three.js) and files inside model folders (inkverse.json), not files of this repo.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FOLDERS = ['protocol', 'engine', 'config', 'scenes', 'server', 'models', 'scripts', 'bench', 'test', 'deploy'];
const OWN_FOLDERS = new Set([...FOLDERS, 'shared', 'docs', '.ci']);

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    if (name === 'node_modules' || name === 'dist') continue;
    const rel = path.posix.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...filesUnder(rel));
    else out.push(rel);
  }
  return out;
}

const COMMENT = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|^\s*#[^\n]*/gm;
const CITED = /(?<![\w./@$-])((?:\.{1,2}\/)*(?:[\w.-]+\/)*\w[\w.-]*\.(?:ts|mts|mjs|js|json|md|py|sh))(?![\w/])/g;
/** Placeholder names in examples (`./x.ts`, `specs/NAME.json`), not citations. */
const PLACEHOLDER = /(^|\/)(x|[A-Z]{3,})\.(?!md$)\w+$/;

/** Paths cited in the comments of a source (placeholders in capitals, like `specs/NAME.json`, excepted; documents, like `README.md`, kept). */
function citedPaths(source: string): string[] {
  const out: string[] = [];
  for (const comment of source.match(COMMENT) ?? []) for (const m of comment.matchAll(CITED)) if (!PLACEHOLDER.test(m[1]!)) out.push(m[1]!);
  return out;
}

function missing(file: string, cited: string, names: ReadonlySet<string>): boolean {
  const exists = (p: string): boolean => existsSync(path.join(ROOT, p)) || existsSync(path.join(ROOT, path.dirname(file), p));
  // A path that starts outside this repo's own folders (`dist/` build output, `src/` of another project) is not ours to check.
  if (cited.includes('/') && !cited.startsWith('.') && !OWN_FOLDERS.has(cited.split('/')[0]!)) return false;
  if (cited.includes('/')) return !exists(cited);
  if (/\.(js|json)$/.test(cited)) return false;
  if (cited.endsWith('.md')) return !exists(cited);
  return !names.has(cited);
}

describe('cited paths', () => {
  it('finds paths and names in line, block and hash comments, and not in code', () => {
    const src = `// see server/osc/oscOut.ts and README.md\n/** after ../protocol/events.ts, into specs/NAME.json, ./x.ts to ./x.js, *.test.ts */\nconst x = 'not/a/comment.ts';\n# models/train/run.mjs`;
    expect(citedPaths(src)).toEqual(['server/osc/oscOut.ts', 'README.md', '../protocol/events.ts', 'models/train/run.mjs']);
  });

  it('no comment names a file that does not exist', () => {
    const files = FOLDERS.flatMap(filesUnder);
    const names = new Set([...files.map((f) => path.posix.basename(f)), ...readdirSync(ROOT)]);
    const wrong: string[] = [];
    // This file is left out: its own first test cites made-up paths on purpose.
    for (const file of files.filter((f) => /\.(ts|mts|mjs|js|py|sh)$/.test(f) && f !== 'test/architecture/citedPaths.test.ts')) {
      for (const cited of citedPaths(readFileSync(path.join(ROOT, file), 'utf8'))) if (missing(file, cited, names)) wrong.push(`${file}: ${cited}`);
    }
    expect(wrong).toEqual([]);
  });
});
