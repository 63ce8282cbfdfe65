/**
 * @module importGraph test: dependencies run one way. The engine imports nothing from the server, the
 * pages or the config; the shared protocol imports nothing of ours but itself. Reads the real sources.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, wrongWay } from './importRules.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sourcesUnder(rel));
    else if (/\.(ts|mts|mjs|js)$/.test(name)) out.push(rel);
  }
  return out;
}

describe('import graph', () => {
  it('finds relative, dynamic and type-only imports', () => {
    const src = `import a from './a.ts';\nimport type { B } from "../b.ts";\nexport { c } from './c.ts';\nconst d = await import('../d.ts');\ntype E = import('./e.ts').E;`;
    expect(importsOf(src)).toEqual(['./a.ts', '../b.ts', './c.ts', '../d.ts', './e.ts']);
  });

  it('flags an engine file that imports the server, the pages or the config', () => {
    expect(wrongWay('engine/x.ts', '../server/streamHub.ts')).toBe('server');
    expect(wrongWay('engine/control/x.ts', '../../scenes/ui/dom.ts')).toBe('scenes');
    expect(wrongWay('engine/x.ts', '../config/schema.ts')).toBe('config');
    expect(wrongWay('engine/x.ts', '../protocol/events.ts')).toBeUndefined();
    expect(wrongWay('protocol/x.ts', '../engine/log.ts')).toBe('engine');
    expect(wrongWay('engine/x.ts', 'zod')).toBeUndefined();
  });

  it('no engine or protocol source imports the wrong way', () => {
    const offenders: string[] = [];
    for (const file of [...sourcesUnder('engine'), ...sourcesUnder('protocol')]) {
      for (const spec of importsOf(readFileSync(path.join(ROOT, file), 'utf8'))) {
        const bad = wrongWay(file, spec);
        if (bad) offenders.push(`${file} imports ${spec} (${bad}/)`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
