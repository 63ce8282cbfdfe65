/**
 * kiosk modules: the page is built by createKiosk(deps), not by import order. Its modules import one another
 * without a cycle, and importing them touches neither the page nor the socket (they load in Node, where there
 * is neither `document` nor `location`). Reads the real sources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from '../../architecture/importRules.ts';

const DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'scenes', 'kiosk');

/** Each kiosk module and the kiosk modules it imports (type-only imports included). */
function kioskGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const name of readdirSync(DIR).filter((n) => n.endsWith('.ts'))) {
    const deps = importsOf(readFileSync(path.join(DIR, name), 'utf8'))
      .filter((s) => s.startsWith('./'))
      .map((s) => s.slice(2));
    graph.set(name, deps);
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of graph.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

describe('kiosk modules', () => {
  it('the cycle finder finds a cycle', () => {
    expect(findCycle(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']]]))).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  });

  it('import one another without a cycle', () => {
    const graph = kioskGraph();
    expect(graph.has('createKiosk.ts')).toBe(true);
    expect(findCycle(graph)).toBeNull();
  });

  it('only main.ts connects a socket or reads the page location', () => {
    const offenders = [...kioskGraph().keys()].filter((n) => n !== 'main.ts' && /\bconnect\(|\blocation\.|getElementById/.test(readFileSync(path.join(DIR, n), 'utf8').replace(/\bdoc\.getElementById/g, '')));
    expect(offenders).toEqual([]);
  });

  it('load without a page: no DOM or socket is touched at import time', async () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const mod = await import('../../../scenes/kiosk/createKiosk.ts');
    expect(typeof mod.createKiosk).toBe('function');
  });
});
