/** @module addressPattern tests: OSC 1.0 pattern semantics, refusals, and pathological patterns staying cheap. */
import { describe, expect, it } from 'vitest';
import { compileAddressPattern, isAddressPattern, matchAddressPattern, parseAddressPattern } from '../../server/osc/addressPattern.ts';

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

  it('refuses patterns over the length, token and alternative bounds', () => {
    expect(parseAddressPattern('/' + 'a*'.repeat(200)).ok).toBe(false); // 401 characters > 256
    expect(parseAddressPattern('/a*b', { maxLength: 3 }).ok).toBe(false);
    expect(parseAddressPattern('/' + '?'.repeat(20), { maxTokens: 10 }).ok).toBe(false);
    const alts = Array.from({ length: 40 }, (_, i) => `x${i}`).join(',');
    expect(parseAddressPattern(`/{${alts}}`).ok).toBe(false);
    expect(parseAddressPattern(`/{${alts}}`, { maxAlternatives: 64 }).ok).toBe(true);
  });

  it('compileAddressPattern throws for patterns we wrote wrong', () => {
    expect(() => compileAddressPattern('/a[')).toThrow(/Invalid OSC address pattern/);
    expect(compileAddressPattern('/a/*').matches('/a/b')).toBe(true);
  });
});

describe('pathological patterns stay cheap (no backtracking)', () => {
  // These are not speed assertions: a backtracking matcher takes minutes to years on them; ours
  // answers each in well under a millisecond, so even a generous bound is never near.
  const long = '/' + 'a'.repeat(10_000);

  it('/*a*a*a*a*a*a*a*a*a*b against a long run of a', () => {
    const p = compileAddressPattern('/*a*a*a*a*a*a*a*a*a*b');
    const t0 = performance.now();
    expect(p.matches(long)).toBe(false);
    expect(p.matches(long + 'b')).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('many stars and question marks, at the pattern bounds', () => {
    const p = compileAddressPattern('/' + '*?'.repeat(127));
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) p.matches('/' + 'x'.repeat(253 + (i % 3)));
    expect(p.matches('/' + 'x'.repeat(254))).toBe(true);
    expect(p.matches('/' + 'x'.repeat(126))).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('alternatives that overlap heavily', () => {
    const alts = Array.from({ length: 32 }, (_, i) => 'a'.repeat(i + 1)).join(',');
    const p = compileAddressPattern(`/{${alts}}{${alts}}{${alts}}b`, { maxLength: 2000 });
    const t0 = performance.now();
    expect(p.matches('/' + 'a'.repeat(96))).toBe(false);
    expect(p.matches('/' + 'a'.repeat(50) + 'b')).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('the 27-byte address that stalled osc-js', () => {
    // An address of this kind took osc-js about 7 s (DESIGN.md); here it is one linear pass.
    const p = compileAddressPattern('/*********************?*x');
    expect(p.matches('/' + 'y'.repeat(200))).toBe(false);
  });
});
