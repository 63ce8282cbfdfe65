/**
 * @module addressPattern: a safe OSC 1.0 address-pattern matcher for untrusted input.
 *
 * Supports `?` (one character), `*` (any run of characters), `[abc]`, `[a-z]`, `[!a-z]` (character
 * classes, `!` negates) and `{foo,bar}` (alternatives). Wildcards never cross `/`: the pattern and
 * the address are split into parts and matched part by part.
 *
 * Why not a RegExp: osc-js compiles incoming patterns into RegExps unescaped, and a 27-byte address
 * stalled the event loop for about 7 s (test/server/osc/addressPattern.test.ts keeps that address). Here nothing from the network becomes a RegExp;
 * matching walks the address once per pattern token keeping the *set* of reachable positions (an NFA
 * simulation), so it never backtracks. Cost is at most (pattern length x address length) character
 * steps, and patterns over `maxLength`/`maxTokens`/`maxAlternatives` are refused before matching.
 *
 * Works in both directions: `matches(address)` tests a known address against a pattern, which is how
 * an OSC server resolves an incoming message (its address is the pattern, our methods the addresses).
 */

export interface AddressPatternOptions {
  /** Longest pattern accepted, in UTF-16 code units. */
  maxLength: number;
  /** Most tokens (literal characters, wildcards, classes, brace groups) in the whole pattern. */
  maxTokens: number;
  /** Most alternatives inside one `{...}` group. */
  maxAlternatives: number;
}

const DEFAULTS = {
  maxLength: 256,
  maxTokens: 256,
  maxAlternatives: 32,
} satisfies AddressPatternOptions;

/** One step of a compiled part. `lit` is a run of literal characters, kept together for speed. */
type Token =
  | { kind: 'lit'; text: string }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'class'; negated: boolean; ranges: number[] }
  | { kind: 'alt'; options: string[] };

export type PatternParseResult = { ok: true; pattern: AddressPattern } | { ok: false; reason: string };

/** Characters that make an address a pattern rather than a plain address. */
const SPECIAL = /[?*[\]{}]/;

/** True when `address` contains OSC pattern characters (`? * [ ] { }`). */
export function isAddressPattern(address: string): boolean {
  return SPECIAL.test(address);
}

/** A compiled, bounded OSC address pattern. Build one with `parseAddressPattern` or `compileAddressPattern`. */
export class AddressPattern {
  /** The pattern as given. */
  readonly source: string;
  /** True when the pattern has no wildcards (matching is then plain string equality). */
  readonly isLiteral: boolean;
  readonly #parts: Token[][];

  private constructor(source: string, parts: Token[][], isLiteral: boolean) {
    this.source = source;
    this.#parts = parts;
    this.isLiteral = isLiteral;
  }

  /** @internal used by the parser. */
  static fromParts(source: string, parts: Token[][], isLiteral: boolean): AddressPattern {
    return new AddressPattern(source, parts, isLiteral);
  }

  /**
   * True when `address` (a plain OSC address) matches this pattern. Linear in the address length.
   * Accepts the address already split at `/` too, for callers matching many patterns against fixed addresses.
   */
  matches(address: string | readonly string[]): boolean {
    if (this.isLiteral) return (typeof address === 'string' ? address : address.join('/')) === this.source;
    const addrParts = typeof address === 'string' ? address.split('/') : address;
    if (addrParts.length !== this.#parts.length) return false;
    for (let i = 0; i < addrParts.length; i++) {
      if (!matchPart(this.#parts[i]!, addrParts[i]!)) return false;
    }
    return true;
  }
}

/**
 * Parses a pattern from untrusted input; never throws. Refuses (with a reason) patterns that do not
 * start with `/`, are malformed (`[` without `]`, empty class, nested `{`), or exceed the bounds.
 */
export function parseAddressPattern(pattern: string, options: Partial<AddressPatternOptions> = {}): PatternParseResult {
  const o = { ...DEFAULTS, ...options };
  if (typeof pattern !== 'string' || pattern.length === 0 || pattern[0] !== '/') return { ok: false, reason: 'must start with "/"' };
  if (pattern.length > o.maxLength) return { ok: false, reason: `longer than ${o.maxLength} characters` };
  if (!isAddressPattern(pattern)) return { ok: true, pattern: AddressPattern.fromParts(pattern, [], true) };

  const parts: Token[][] = [];
  let tokens = 0;
  for (const raw of pattern.split('/')) {
    const part: Token[] = [];
    let i = 0;
    let lit = '';
    const flush = (): void => {
      if (lit) part.push({ kind: 'lit', text: lit });
      lit = '';
    };
    while (i < raw.length) {
      const c = raw[i]!;
      if (++tokens > o.maxTokens) return { ok: false, reason: `more than ${o.maxTokens} tokens` };
      if (c === '?') {
        flush();
        part.push({ kind: 'any' });
        i++;
      } else if (c === '*') {
        flush();
        // Consecutive stars mean the same as one; collapsing them keeps the token count honest.
        if (part[part.length - 1]?.kind !== 'star') part.push({ kind: 'star' });
        i++;
      } else if (c === '[') {
        flush();
        const end = raw.indexOf(']', i + 1);
        if (end < 0) return { ok: false, reason: '"[" without "]"' };
        let body = raw.slice(i + 1, end);
        const negated = body.startsWith('!');
        if (negated) body = body.slice(1);
        if (body.length === 0) return { ok: false, reason: 'empty character class' };
        const ranges: number[] = [];
        for (let j = 0; j < body.length; j++) {
          const lo = body.charCodeAt(j);
          // `a-z` is a range; a `-` first or last is a literal dash.
          if (body[j + 1] === '-' && j + 2 < body.length) {
            const hi = body.charCodeAt(j + 2);
            if (hi < lo) return { ok: false, reason: `reversed range "${body.slice(j, j + 3)}"` };
            ranges.push(lo, hi);
            j += 2;
          } else {
            ranges.push(lo, lo);
          }
        }
        part.push({ kind: 'class', negated, ranges });
        i = end + 1;
      } else if (c === '{') {
        flush();
        const end = raw.indexOf('}', i + 1);
        if (end < 0) return { ok: false, reason: '"{" without "}"' };
        const body = raw.slice(i + 1, end);
        if (/[{[\]*?]/.test(body)) return { ok: false, reason: 'wildcards inside "{...}" are not supported' };
        const options = [...new Set(body.split(','))];
        if (options.length > o.maxAlternatives) return { ok: false, reason: `more than ${o.maxAlternatives} alternatives in "{...}"` };
        part.push({ kind: 'alt', options });
        i = end + 1;
      } else if (c === ']' || c === '}') {
        return { ok: false, reason: `unbalanced "${c}"` };
      } else {
        lit += c;
        i++;
      }
    }
    flush();
    parts.push(part);
  }
  return { ok: true, pattern: AddressPattern.fromParts(pattern, parts, false) };
}

/** Compiles a pattern we wrote ourselves; throws at once (a programmer error) when it is refused. */
export function compileAddressPattern(pattern: string, options: Partial<AddressPatternOptions> = {}): AddressPattern {
  const result = parseAddressPattern(pattern, options);
  if (!result.ok) throw new Error(`Invalid OSC address pattern ${JSON.stringify(pattern)}: ${result.reason}.`);
  return result.pattern;
}

/** One-shot convenience: true when `address` matches `pattern`; a refused pattern matches nothing. */
export function matchAddressPattern(pattern: string, address: string, options: Partial<AddressPatternOptions> = {}): boolean {
  const result = parseAddressPattern(pattern, options);
  return result.ok && result.pattern.matches(address);
}

function classMatches(token: { negated: boolean; ranges: number[] }, code: number): boolean {
  let inside = false;
  for (let k = 0; k < token.ranges.length; k += 2) {
    if (code >= token.ranges[k]! && code <= token.ranges[k + 1]!) {
      inside = true;
      break;
    }
  }
  return inside !== token.negated;
}

function minLength(tokens: readonly Token[]): number {
  let min = 0;
  for (const t of tokens) {
    if (t.kind === 'lit') min += t.text.length;
    else if (t.kind === 'any' || t.kind === 'class') min += 1;
    else if (t.kind === 'alt') min += Math.min(...t.options.map((o) => o.length));
  }
  return min;
}

/**
 * Matches one part (no `/`) by carrying the set of reachable positions through the tokens.
 * `reach[p] === 1` means the tokens so far can consume exactly `text[0..p)`.
 */
function matchPart(tokens: readonly Token[], text: string): boolean {
  const n = text.length;
  if (n < minLength(tokens)) return false; // cheap early refusal for the common case
  let reach = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  reach[0] = 1;
  for (const t of tokens) {
    next.fill(0);
    let any = false;
    switch (t.kind) {
      case 'lit':
        for (let p = 0; p + t.text.length <= n; p++) {
          if (reach[p] && text.startsWith(t.text, p)) {
            next[p + t.text.length] = 1;
            any = true;
          }
        }
        break;
      case 'any':
        for (let p = 0; p < n; p++) {
          if (reach[p]) {
            next[p + 1] = 1;
            any = true;
          }
        }
        break;
      case 'star': {
        // Everything from the first reachable position onwards is reachable: one linear pass.
        let from = reach.indexOf(1);
        if (from >= 0) {
          any = true;
          next.fill(1, from);
        }
        break;
      }
      case 'class':
        for (let p = 0; p < n; p++) {
          if (reach[p] && classMatches(t, text.charCodeAt(p))) {
            next[p + 1] = 1;
            any = true;
          }
        }
        break;
      case 'alt':
        for (let p = 0; p <= n; p++) {
          if (!reach[p]) continue;
          for (const opt of t.options) {
            if (p + opt.length <= n && text.startsWith(opt, p)) {
              next[p + opt.length] = 1;
              any = true;
            }
          }
        }
        break;
    }
    if (!any) return false;
    [reach, next] = [next, reach];
  }
  return reach[n] === 1;
}
