/**
 * @module importGraph test: dependencies run one way, for every top-level folder (the rules are
 * `MAY_IMPORT` in importRules.ts, written out in the README's architecture section): the protocol imports
 * nothing of ours, the engine only the protocol, pages only the protocol and pure engine modules, and no
 * product folder reaches into tools, benchmarks or tests. Reads the real sources.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sourcesUnder } from './sourceFiles.ts';
import { CODE_FOLDERS, importsOf, isPureEngineModule, MAY_IMPORT, resolveSpec, wrongWay } from './importRules.ts';

const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');

const CODE = (name: string): boolean => /\.(ts|mts|mjs|js)$/.test(name);

describe('import graph', () => {
  it('finds relative, dynamic and type-only imports', () => {
    const src = `import a from './a.ts';\nimport type { B } from "../b.ts";\nexport { c } from './c.ts';\nconst d = await import('../d.ts');\ntype E = import('./e.ts').E;`;
    expect(importsOf(src)).toEqual(['./a.ts', '../b.ts', './c.ts', '../d.ts', './e.ts']);
  });

  it('flags an import that runs the wrong way, for every folder', () => {
    expect(wrongWay('engine/x.ts', '../server/streamHub.ts')).toBe('server');
    expect(wrongWay('engine/control/x.ts', '../../scenes/ui/dom.ts')).toBe('scenes');
    expect(wrongWay('engine/x.ts', '../config/schema.ts')).toBe('config');
    expect(wrongWay('engine/originality/x.ts', '../../models/corpusIndex.ts')).toBe('models');
    expect(wrongWay('engine/x.ts', '../protocol/events.ts')).toBeUndefined();
    expect(wrongWay('protocol/x.ts', '../engine/log.ts')).toBe('engine');
    expect(wrongWay('scenes/ui/x.ts', '../../server/pages.ts')).toBe('server');
    expect(wrongWay('models/cli/x.ts', '../../server/main.ts')).toBe('server');
    expect(wrongWay('config/x.ts', '../server/main.ts')).toBe('server');
    expect(wrongWay('models/cli/x.ts', '../../config/loadConfig.ts')).toBe('config');
    expect(wrongWay('server/x.ts', '../test/helpers/fakeGenerator.ts')).toBe('test');
    expect(wrongWay('server/x.ts', '../bench/run.ts')).toBe('bench');
    expect(wrongWay('scripts/x.ts', '../bench/run.ts')).toBe('bench');
    expect(wrongWay('bench/x.ts', '../test/helpers/realModel.ts')).toBeUndefined();
    expect(wrongWay('engine/x.ts', 'zod')).toBeUndefined();
  });

  it('tells a pure engine module from one that needs Node', () => {
    const files: Record<string, string> = {
      'engine/a.ts': `import { b } from './b.ts';\nimport type { P } from '../protocol/p.ts';`,
      'engine/b.ts': `export const b = 1;`,
      'engine/c.ts': `import { a } from './a.ts';\nimport { readFileSync } from 'node:fs';`,
      'engine/d.ts': `import { c } from './c.ts';`,
    };
    const get = (f: string): string => files[f]!;
    expect(isPureEngineModule('engine/a.ts', get)).toBe(true);
    expect(isPureEngineModule('engine/c.ts', get)).toBe(false);
    expect(isPureEngineModule('engine/d.ts', get)).toBe(false);
  });

  it('covers every top-level folder that holds code', () => {
    const withCode = readdirSync(ROOT).filter((d) => !d.startsWith('.') && d !== 'node_modules' && d !== 'dist' && statSync(path.join(ROOT, d)).isDirectory() && sourcesUnder(d, CODE).length > 0);
    expect(withCode.sort()).toEqual([...CODE_FOLDERS].sort());
  });

  it('no source in any folder imports the wrong way', () => {
    const offenders: string[] = [];
    for (const file of CODE_FOLDERS.flatMap((d) => sourcesUnder(d, CODE))) {
      for (const spec of importsOf(read(file))) {
        const bad = wrongWay(file, spec);
        if (bad) offenders.push(`${file} imports ${spec} (${file.split('/')[0]}/ may import ${MAY_IMPORT[file.split('/')[0]!]!.join(', ') || 'nothing of ours'})`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('pages import only pure engine modules (no package, no Node builtin, nothing but protocol/ below them)', () => {
    const impure: string[] = [];
    for (const file of sourcesUnder('scenes', CODE)) {
      for (const spec of importsOf(read(file))) {
        const target = resolveSpec(file, spec);
        if (target?.startsWith('engine/') && !isPureEngineModule(target, read)) impure.push(`${file} imports ${target}`);
      }
    }
    expect(impure).toEqual([]);
  });
});
