/**
 * @module testTiers test: the split between the unit tier (`*.test.ts`, `npm run test:unit`) and the
 * integration tier (`*.int.test.ts`) holds. A unit test file may not start a whole installation, a browser,
 * the model in its worker or a child process; such a file must be named `*.int.test.ts` (README, "Test it").
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** What only the integration tier may use, and how a file shows it uses it. */
const INTEGRATION_ONLY: Array<[string, RegExp]> = [
  ['a whole installation', /helpers\/installation\.ts'|server\/installation\.ts'/],
  ['Chromium', /helpers\/(browser|browserSuite)\.ts'|playwright-core'/],
  // A TransformersGenerator starts its worker; one whose construction is refused (inside thrown()) does not.
  ['the model in its worker', /\brealGenerator\(|new Worker\(|(?<!thrown\(\(\) => )new TransformersGenerator\(/],
  ['a child process', /node:child_process'/],
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('test tiers', () => {
  it('no unit test file (*.test.ts) uses what only integration tests (*.int.test.ts) may', () => {
    const offenders: string[] = [];
    for (const file of testFiles(path.join(ROOT, 'test'))) {
      if (file.endsWith('.int.test.ts') || file === import.meta.filename) continue;
      const source = readFileSync(file, 'utf8');
      for (const [what, uses] of INTEGRATION_ONLY) {
        if (uses.test(source)) offenders.push(`${path.relative(ROOT, file)} uses ${what}: name it *.int.test.ts`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('finds what it looks for (the integration tier has each kind)', () => {
    const ints = testFiles(path.join(ROOT, 'test')).filter((f) => f.endsWith('.int.test.ts'));
    for (const [what, uses] of INTEGRATION_ONLY) {
      expect(ints.some((f) => uses.test(readFileSync(f, 'utf8'))), what).toBe(true);
    }
  });
});
