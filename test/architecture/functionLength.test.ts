/**
 * @module functionLength test: no function in `engine/`, `server/` or `config/` is longer than 80 lines, so
 * a maintainer can read any one of them on a screen. One exception: the sampler's hot loop (`sampleToken`),
 * kept in one piece so V8 optimises it as a unit, which must say so in a comment. Parses the real sources
 * with the TypeScript compiler.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT, sourcesUnder } from './sourceFiles.ts';

const FOLDERS = ['engine', 'server', 'config'];
/** Longest function allowed, in lines (first line to last line, both counted). */
const MAX_LINES = 80;
/** The one allowed exception: file → function name. */
const EXCEPTIONS: Record<string, string> = { 'engine/sampler.ts': 'sampleToken' };

const TS_SOURCE = (name: string): boolean => /\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts');

interface FunctionSpan { name: string; lines: number; line: number }

function isFunctionLike(node: ts.Node): node is ts.SignatureDeclaration & { body?: ts.Node } {
  return ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node)
    || ts.isFunctionExpression(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node)
    || ts.isSetAccessorDeclaration(node);
}

/** A readable name: its own, or the variable/property it is assigned to, or `<anonymous>`. */
function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(sf);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(sf);
  return '<anonymous>';
}

export function functionSpans(source: string, fileName = 'x.ts'): FunctionSpan[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: FunctionSpan[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node) && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ name: nameOf(node, sf), lines: end - start + 1, line: start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('function length', () => {
  it('measures declarations, methods, arrows, expressions, constructors and getters', () => {
    const body = (n: number): string => Array.from({ length: n }, (_, i) => `  x${i}();`).join('\n');
    const src = [
      `function f() {\n${body(3)}\n}`,
      `const g = () => {\n${body(1)}\n};`,
      `const h = function () {\n}`,
      `class C {\n  constructor() {\n${body(2)}\n  }\n  m() {\n  }\n  get v() {\n    return 1;\n  }\n}`,
    ].join('\n');
    const spans = functionSpans(src).map((s) => `${s.name}:${s.lines}`);
    expect(spans).toEqual(['f:5', 'g:3', 'h:2', 'constructor:4', 'm:2', 'v:3']);
  });

  it(`no function in ${FOLDERS.join('/, ')}/ is longer than ${MAX_LINES} lines`, () => {
    const tooLong: string[] = [];
    let seen = 0;
    for (const file of FOLDERS.flatMap((d) => sourcesUnder(d, TS_SOURCE))) {
      for (const span of functionSpans(readFileSync(path.join(ROOT, file), 'utf8'), file)) {
        seen += 1;
        if (span.lines > MAX_LINES && EXCEPTIONS[file] !== span.name) tooLong.push(`${file}:${span.line} ${span.name} is ${span.lines} lines`);
      }
    }
    expect(seen).toBeGreaterThan(500);
    expect(tooLong).toEqual([]);
  });

  it('the sampler hot loop is the one exception, and says why', () => {
    const src = readFileSync(path.join(ROOT, 'engine/sampler.ts'), 'utf8');
    const at = src.indexOf('export function sampleToken(');
    expect(at).toBeGreaterThan(0);
    // The comment just above the function (its doc comment) names the reason.
    const before = src.slice(Math.max(0, at - 1200), at);
    expect(before).toMatch(/hot loop/i);
    expect(before).toMatch(/V8/);
  });
});
