/**
 * @module oneClock test: time comes from one clock. Nothing in `engine/`, `server/` or `config/` reads the
 * wall clock (`Date.now`, `new Date()` without arguments) except `engine/clock.ts`; everything else gets a
 * `Clock` (or its `now`) passed in from where the installation is composed (`server/stages/*.ts`), so tests
 * can drive time. `new Date(ms)`, formatting a time it was given, is fine. Reads the real sources.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sourcesUnder } from './sourceFiles.ts';

const FOLDERS = ['engine', 'server', 'config'];
const CLOCK_MODULE = 'engine/clock.ts';

const TS_SOURCE = (name: string): boolean => /\.(ts|mts)$/.test(name);

/** `Date.now` (called or passed as a function) and `new Date()` with no arguments: the wall clock read. */
const WALL_CLOCK = /\bDate\.now\b|\bnew Date\(\s*\)/g;

/** Each wall-clock read in `source`, as `line: text`. */
export function wallClockReads(source: string): string[] {
  return source.split('\n').flatMap((line, i) => (line.match(WALL_CLOCK) ? [`${i + 1}: ${line.trim()}`] : []));
}

describe('one clock', () => {
  it('finds Date.now called or passed, and new Date() without arguments; not new Date(ms)', () => {
    const src = ['const a = Date.now();', 'const b = { now: Date.now };', 'const c = new Date();', 'const d = new Date( );', 'const e = new Date(ms).toISOString();', 'const f = clock.now();'].join('\n');
    expect(wallClockReads(src).map((r) => r.split(':')[0])).toEqual(['1', '2', '3', '4']);
  });

  it(`nothing in ${FOLDERS.join('/, ')}/ reads the wall clock outside ${CLOCK_MODULE}`, () => {
    const files = FOLDERS.flatMap((d) => sourcesUnder(d, TS_SOURCE));
    expect(files).toContain(CLOCK_MODULE);
    const reads = files
      .filter((f) => f !== CLOCK_MODULE)
      .flatMap((f) => wallClockReads(readFileSync(path.join(ROOT, f), 'utf8')).map((r) => `${f}:${r}`));
    expect(reads).toEqual([]);
  });

  it('the clock module is where the wall clock is read', () => {
    expect(wallClockReads(readFileSync(path.join(ROOT, CLOCK_MODULE), 'utf8')).length).toBeGreaterThan(0);
  });
});
