/**
 * @module coupletForm: English rhymed couplets (the `couplets` prompt mode): lines in pairs whose last words rhyme
 * (`linesRhyme` of prosody/englishMetre, from the CMU pronouncing dictionary), the verse ending only after a whole
 * pair. A character-level model seldom rhymes by chance, so each couplet is searched for among the model's own
 * drafts, and every token shown is one the model sampled:
 * - the first line is drafted a batch at a time; lines ending on a word with few rhymes in the dictionary (or not
 *   in it) are set aside, the rest ranked by the drafter's score (lineDrafter.scoreDraft);
 * - for the best first lines in turn, second lines are drafted; one that rhymes as written is kept as it is;
 * - else the best second lines lose their last word, and the model writes it again a token at a time, each token the
 *   first of a batch of samples that stays on the way to a rhyme (a letter of some rhyming word, then punctuation or
 *   the line break once the word is whole): the model's own distribution restricted to endings that rhyme. A line
 *   so never ends mid-word, and ends where the model ends it.
 * The pair is shown line by line, and the next couplet is searched for while it is on screen. A couplet not found
 * within the search's rounds ends the verse before it (its first line is never shown), except the first: a visitor
 * never gets their own words back alone, so the best unrhymed pair drafted is shown then. Like the drafter, the verse
 * stops at the first couplet's end at or after max_tokens.
 */
import { cmuDictionary } from './prosody/cmuDictionary.ts';
import { FINISH_LINE_TOKENS, type DraftedLine, type GeneratedToken } from './generator.ts';
import { judgeLine } from './lineJudge.ts';
import { bareLine, scoreDraft, type DraftingOptions } from './lineDrafter.ts';
import { logger } from './log.ts';
import { englishWords, linesRhyme, rhymePart } from './prosody/englishMetre.ts';

const log = logger('engine:couplets');

/** How hard a couplet is searched for (drafts are cheap for the English model: about 100 characters of vocabulary). */
export const COUPLET_SEARCH = {
  /** Drafts per batch (the live `drafts` parameter when larger). */
  rows: 8,
  /** Batches of first lines before the couplet is given up. */
  firstRounds: 3,
  /** First lines of a batch, best first, for which a rhyming second line is sought. */
  firstTries: 3,
  /** Batches of second lines per first line. */
  secondRounds: 2,
  /** Second lines, best first, whose last word the model is asked to write again as a rhyme. */
  walkTries: 4,
  /** Samples per token of a rhyming word. */
  walkRows: 16,
  /** Most tokens a rhyming word's line may end with: punctuation marks, then the line break. */
  endingTokens: 3,
  /** Fewest words in a line. */
  minWords: 3,
  /** Fewest other dictionary words that rhyme with a first line's last word. */
  minRhymes: 20,
};

const LETTER = /[a-z]/i;

/** Dictionary words (letters only) by rhyme part, indexed on first use. */
let rhymeClasses: Map<string, string[]> | null = null;

function rhymeClass(word: string): string[] {
  if (!rhymeClasses) {
    rhymeClasses = new Map();
    for (const w of Object.keys(cmuDictionary())) {
      if (!/^[a-z]+$/.test(w)) continue; // alternate pronunciations (`word(1)`), abbreviations
      const r = rhymePart(w);
      if (!r) continue;
      const list = rhymeClasses.get(r);
      if (list) list.push(w);
      else rhymeClasses.set(r, [w]);
    }
  }
  const r = rhymePart(word);
  return r ? (rhymeClasses.get(r) ?? []) : [];
}

/** How many other dictionary words rhyme with `word` (0 when it is not in the dictionary). */
export function rhymeCount(word: string): number {
  return Math.max(0, rhymeClass(word).length - 1);
}

/** The words that rhyme with a line's last word, and every beginning of them (the ways a rhyme can be spelled). */
interface RhymeSet extends Set<string> {
  prefixes: Set<string>;
  longest: number;
}

/** Other dictionary words that rhyme with `word` (as `linesRhyme` judges), with their prefixes. */
export function rhymesOf(word: string): RhymeSet {
  const w = word.toLowerCase();
  const set = new Set(rhymeClass(w).filter((x) => x !== w)) as RhymeSet;
  set.prefixes = new Set();
  set.longest = 0;
  for (const x of set) {
    for (let i = 1; i <= x.length; i++) set.prefixes.add(x.slice(0, i));
    set.longest = Math.max(set.longest, x.length);
  }
  return set;
}

const lineText = (d: Pick<DraftedLine, 'tokens'>): string => d.tokens.map((t) => t.text).join('');
const lastWord = (line: string): string => englishWords(line).at(-1) ?? '';

interface Scored {
  line: DraftedLine;
  score: number;
}

/** The best whole second line seen that does not rhyme (kept only for a verse's first couplet). */
interface Unrhymed {
  best: Scored | null;
}

const best = (xs: Scored[]): Scored | null => xs.reduce<Scored | null>((a, x) => (a && a.score >= x.score ? a : x), null);

/** The verse as rhymed couplets, token by token; see the module comment. */
export async function* coupletVerse(o: DraftingOptions): AsyncGenerator<GeneratedToken> {
  const ahead = new AbortController();
  const signal = AbortSignal.any([o.signal, ahead.signal]);
  const search = new CoupletSearch(o, signal);
  let verse: string = o.body;
  let spent = 0;
  const budget = (): number => o.params.get('max_tokens') - spent;
  let pending: Promise<DraftedLine[] | null> | null = search.next(verse, budget(), true);
  try {
    while (pending) {
      const lines: DraftedLine[] | null = await pending;
      if (!lines) return;
      const text: string = lines.map(lineText).join('');
      spent += lines.reduce((n, l) => n + l.tokens.length, 0);
      const after: string = verse + text;
      // Search for the next couplet now, while this one is on screen.
      pending = budget() > 0 ? search.next(after, budget(), false) : null;
      pending?.catch(() => undefined);
      for (const line of lines) for (const t of line.tokens) yield t;
      verse = after;
    }
  } finally {
    ahead.abort(new Error('drafting stopped'));
  }
}

/** Finds one couplet (or the second line of one) after a verse so far, from the model's drafts. */
class CoupletSearch {
  readonly #o: DraftingOptions;
  readonly #signal: AbortSignal;

  constructor(o: DraftingOptions, signal: AbortSignal) {
    this.#o = o;
    this.#signal = signal;
  }

  #rows(): number {
    return Math.max(COUPLET_SEARCH.rows, Math.round(this.#o.params.get('drafts') || 0));
  }

  #draft(context: string, seed: number, count: number, maxTokens: number): Promise<DraftedLine[]> {
    const o = this.#o;
    return o.generator.draft({ input: o.input + context, body: context, seed, count, maxTokens, plan: o.plan, signal: this.#signal });
  }

  #seed(index: number, n: number): number {
    return this.#o.seed + index * 104_729 + n * 7_919;
  }

  /** True when a whole line (the part before it included) passes the judges. */
  #judged(line: string): boolean {
    const verdict = judgeLine(this.#o.judges, bareLine(line));
    if (!verdict.ok) log.info({ judge: verdict.judge, reason: verdict.reason, line }, 'couplet line refused');
    return verdict.ok;
  }

  #score(line: DraftedLine, context: string, previous: string | null, index: number): number {
    return scoreDraft(line, context, this.#o.keywords, this.#o.language, previous, index);
  }

  /**
   * The lines that complete the next couplet after `context` (the verse so far, perhaps ending inside a line), or
   * null when the verse ends there (none found, or the model would rather end). For the `opening` couplet a pair that
   * does not rhyme is returned when no rhyming one is found, so the verse is never the visitor's words alone.
   */
  async next(context: string, budget: number, opening: boolean): Promise<DraftedLine[] | null> {
    const lines = context.split('\n');
    const partial = lines.at(-1)!;
    const index = lines.length - 1;
    const c = COUPLET_SEARCH;
    if (index % 2 === 1) {
      // The verse so far ends inside a couplet (a performer's words were injected): its last whole line opens the pair,
      // and is given as many tries as a first line would have.
      for (let attempt = 0; attempt < c.firstRounds * c.firstTries; attempt++) {
        const second = await this.#second(context, bareLine(lines.at(-2)!), partial, index, attempt);
        if (second) return [second];
      }
      return null;
    }
    let unrhymed: DraftedLine[] | null = null;
    for (let round = 0; round < c.firstRounds; round++) {
      const drafts = await this.#draft(context, this.#seed(index, round), this.#rows(), Math.max(1, budget) + FINISH_LINE_TOKENS);
      // The model would rather end here, between couplets: end the verse.
      if (drafts.filter((d) => d.ended === 'eos').length * 2 > drafts.length && !opening) return null;
      const firsts: Scored[] = [];
      for (const d of drafts) {
        const full = partial + lineText(d);
        if (d.ended !== 'line' || englishWords(full).length < c.minWords) continue;
        if (rhymeCount(lastWord(full)) < c.minRhymes || !this.#judged(full)) continue;
        firsts.push({ line: d, score: this.#score(d, context, null, index) });
      }
      firsts.sort((a, b) => b.score - a.score);
      for (const [i, first] of firsts.slice(0, c.firstTries).entries()) {
        const after = context + lineText(first.line);
        const loose: Unrhymed | undefined = opening && !unrhymed ? { best: null } : undefined;
        const second = await this.#second(after, bareLine(partial + lineText(first.line)), '', index + 1, round * c.firstTries + i, loose);
        if (second) return [first.line, second];
        if (loose?.best) unrhymed = [first.line, loose.best.line];
      }
    }
    if (unrhymed) {
      log.warn({ line: index }, 'no rhyming couplet found for the first pair; it is shown unrhymed');
      return unrhymed;
    }
    log.warn({ line: index }, 'no rhyming couplet found; the verse ends before it');
    return null;
  }

  /**
   * A second line rhyming with `first` after `context` (which ends with `partial`, the line's start), or null; with
   * `loose`, the best whole line that does not rhyme is kept there too.
   */
  async #second(context: string, first: string, partial: string, index: number, attempt: number, loose?: Unrhymed): Promise<DraftedLine | null> {
    const c = COUPLET_SEARCH;
    const rhymes = rhymesOf(lastWord(first));
    if (rhymes.size === 0) return null;
    for (let round = 0; round < c.secondRounds; round++) {
      const seed = this.#seed(index, 1_000 + attempt * c.secondRounds + round);
      const drafts = await this.#draft(context, seed, this.#rows(), FINISH_LINE_TOKENS);
      const whole: Scored[] = [];
      const bodies = new Map<string, Scored>();
      for (const d of drafts) {
        if (d.ended !== 'line') continue;
        const full = partial + lineText(d);
        if (englishWords(full).length >= c.minWords) {
          const rhymed = linesRhyme(first, bareLine(full));
          if ((rhymed || loose) && this.#judged(full)) {
            const scored = { line: d, score: this.#score(d, context, first, index) };
            if (rhymed) whole.push(scored);
            else if (loose && (!loose.best || scored.score > loose.best.score)) loose.best = scored;
          }
        }
        // The line without its last word: the model may write a rhyming one in its place.
        const cut = d.tokens.findLastIndex((t, k) => k > 0 && LETTER.test(t.text[0] ?? '') && /\s$/u.test(d.tokens[k - 1]!.text));
        if (cut < 0) continue;
        const body = d.tokens.slice(0, cut);
        const text = partial + lineText({ tokens: body });
        if (englishWords(text).length + 1 < c.minWords || bodies.has(text)) continue;
        bodies.set(text, { line: { tokens: body, ended: 'line', prosody: null }, score: this.#score(d, context, first, index) });
      }
      const kept = best(whole);
      if (kept) return kept.line;
      const ranked = [...bodies.values()].sort((a, b) => b.score - a.score).slice(0, c.walkTries);
      const found: Scored[] = [];
      for (const [i, body] of ranked.entries()) {
        const line = await this.#rhymeWord(context, body.line, rhymes, seed + 2_003 * (i + 1));
        if (line && this.#judged(partial + lineText(line))) found.push({ line, score: this.#score(line, context, first, index) });
      }
      const chosen = best(found);
      if (chosen) return chosen.line;
    }
    return null;
  }

  /**
   * `body` finished by the model with a word of `rhymes` and the line's end, or null when its samples leave the way.
   * A token at a time, the first of a batch of one-token samples that keeps to the way is taken: a letter on the way
   * to a rhyme, then (once the word is one) punctuation or the line break. Each step so samples the model's own
   * distribution restricted to the ways that end the line on a rhyme. One-token batches continue the kept row's cache.
   */
  async #rhymeWord(context: string, body: DraftedLine, rhymes: RhymeSet, seed: number): Promise<DraftedLine | null> {
    const c = COUPLET_SEARCH;
    const tokens = [...body.tokens];
    let word = '';
    let closing = 0;
    for (let step = 0; step <= rhymes.longest + c.endingTokens; step++) {
      const rows = await this.#draft(context + lineText({ tokens }), seed + step * 31, c.walkRows, 1);
      let next: GeneratedToken | null = null;
      for (const row of rows) {
        const t = row.tokens[0];
        if (!t) continue; // end of text
        if (closing === 0 && /^[a-z]+$/i.test(t.text) && rhymes.prefixes.has(word + t.text.toLowerCase())) {
          next = t;
          break;
        }
        if (rhymes.has(word) && closing < c.endingTokens && /^[^\p{L}\p{N}\s]*\n?$/u.test(t.text) && t.text !== '') {
          if (t.text.endsWith('\n')) return { tokens: [...tokens, t], ended: 'line', prosody: null };
          next = t;
          closing++;
          break;
        }
      }
      if (!next) return null;
      tokens.push(next);
      if (closing === 0) word += next.text.toLowerCase();
    }
    return null;
  }
}
