/** @module addressPattern tests: OSC 1.0 pattern semantics, refusals, and pathological patterns staying cheap. */
import { describe, expect, it } from 'vitest';
import { compileAddressPattern, isAddressPattern, matchAddressPattern, parseAddressPattern, type PatternParseResult } from '../../../server/osc/addressPattern.ts';

describe('matchAddressPattern', () => {
  const cases: Array<[string, string, boolean]> = [
    ['/inkverse/skip', '/inkverse/skip', true],
    ['/inkverse/skip', '/inkverse/ski', false],
    ['/inkverse/sk?p', '/inkverse/skip', true],
    ['/inkverse/sk?p', '/inkverse/skp', false],
    ['/inkverse/*', '/inkverse/skip', true],
    ['/inkverse/*', '/inkverse/param/temperature', false], // * never crosses "/"
    ['/inkverse/*/*', '/inkverse/param/temperature', true],
    ['/*/param/temp*', '/inkverse/param/temperature', true],
    ['/inkverse/param/*e', '/inkverse/param/temperature', true],
    ['/inkverse/param/*x', '/inkverse/param/temperature', false],
    ['/inkverse/param/**', '/inkverse/param/top_k', true],
    ['/inkverse/param/*', '/inkverse/param/', true], // * matches the empty run
    ['/1/fader[123]', '/1/fader2', true],
    ['/1/fader[123]', '/1/fader4', false],
    ['/1/fader[1-3]', '/1/fader3', true],
    ['/1/fader[!1-3]', '/1/fader3', false],
    ['/1/fader[!1-3]', '/1/fader7', true],
    ['/1/fader[a-]', '/1/fader-', true], // a trailing dash is literal
    ['/1/fader[-a]', '/1/fader-', true],
    ['/inkverse/{skip,scene}', '/inkverse/scene', true],
    ['/inkverse/{skip,scene}', '/inkverse/prompt', false],
    ['/inkverse/{sk,sc}{ip,ene}', '/inkverse/scene', true],
    ['/inkverse/param/{top_k,top_p}', '/inkverse/param/top_p', true],
    ['/{a,ab}c', '/abc', true], // alternatives of different lengths are all followed
    ['/x{,y}z', '/xz', true], // an empty alternative
    ['/?', '/', false],
  ];
  it.each(cases)('%s against %s -> %s', (pattern, address, expected) => {
    expect(matchAddressPattern(pattern, address)).toBe(expected);
  });

  it('tells patterns from plain addresses', () => {
    expect(isAddressPattern('/1/fader1')).toBe(false);
    for (const p of ['/a?', '/a*', '/[a]', '/{a,b}']) expect(isAddressPattern(p)).toBe(true);
  });

  it('refuses malformed patterns with a reason, never throwing', () => {
    for (const bad of ['', 'inkverse/skip', '/a[bc', '/a[]', '/a[!]', '/a{b,c', '/a}', '/a]', '/a[z-a]', '/a{b,*}', '/a{b,{c}}']) {
      const r = parseAddressPattern(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
      expect(matchAddressPattern(bad, '/a')).toBe(false);
    }
  });

  it('refuses patterns over the length, token and alternative bounds, naming the bound', () => {
    const reason = (r: PatternParseResult): string => (r.ok ? 'accepted' : r.reason);
    expect(reason(parseAddressPattern('/' + 'a*'.repeat(200)))).toBe('longer than 256 characters'); // 401 characters
    expect(reason(parseAddressPattern('/' + 'a*'.repeat(127)))).not.toBe('longer than 256 characters'); // 255: within
    expect(reason(parseAddressPattern('/a*b', { maxLength: 3 }))).toBe('longer than 3 characters');
    expect(reason(parseAddressPattern('/' + '?'.repeat(20), { maxTokens: 10 }))).toBe('more than 10 tokens');
    expect(parseAddressPattern('/' + '?'.repeat(10), { maxTokens: 10 }).ok).toBe(true);
    const alts = (n: number): string => Array.from({ length: n }, (_, i) => `x${i}`).join(',');
    expect(reason(parseAddressPattern(`/{${alts(40)}}`))).toBe('more than 32 alternatives in "{...}"');
    expect(parseAddressPattern(`/{${alts(32)}}`).ok).toBe(true);
    expect(parseAddressPattern(`/{${alts(40)}}`, { maxAlternatives: 64 }).ok).toBe(true);
  });

  it('compileAddressPattern throws for patterns we wrote wrong', () => {
    expect(() => compileAddressPattern('/a[')).toThrow(/Invalid OSC address pattern/);
    expect(compileAddressPattern('/a/*').matches('/a/b')).toBe(true);
  });
});

describe('pathological patterns (no backtracking)', () => {
  // Right answers on the patterns that make a backtracking matcher take minutes to years (it would run past
  // the test's timeout). How fast ours answers is measured in bench/oscFlood.ts, not asserted here.
  const long = '/' + 'a'.repeat(10_000);

  it('/*a*a*a*a*a*a*a*a*a*b against a long run of a', () => {
    const p = compileAddressPattern('/*a*a*a*a*a*a*a*a*a*b');
    expect(p.matches(long)).toBe(false);
    expect(p.matches(long + 'b')).toBe(true);
  });

  it('many stars and question marks, at the pattern bounds', () => {
    const p = compileAddressPattern('/' + '*?'.repeat(127));
    for (const n of [127, 200, 253, 254, 255]) expect(p.matches('/' + 'x'.repeat(n)), `${n} characters`).toBe(true);
    expect(p.matches('/' + 'x'.repeat(126))).toBe(false);
  });

  it('alternatives that overlap heavily', () => {
    const alts = Array.from({ length: 32 }, (_, i) => 'a'.repeat(i + 1)).join(',');
    const p = compileAddressPattern(`/{${alts}}{${alts}}{${alts}}b`, { maxLength: 2000 });
    expect(p.matches('/' + 'a'.repeat(96))).toBe(false);
    expect(p.matches('/' + 'a'.repeat(50) + 'b')).toBe(true);
  });

  it('the 27-byte address that stalled osc-js', () => {
    // An address of this kind took osc-js about 7 s (measured on this project's machines); here it is one linear pass.
    const p = compileAddressPattern('/*********************?*x');
    expect(p.matches('/' + 'y'.repeat(200))).toBe(false);
  });
});
