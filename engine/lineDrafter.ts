/**
 * @module lineDrafter: line-level drafting. While a line is on screen, the next line is drafted N times (the live
 * `drafts` parameter) in one batch; each draft is asked of the line judges (moderation, originality), refused
 * drafts are redrafted, and the best of the rest by score (mean log-probability, prosody, relevance to the
 * prompt, no repetition) is kept. Yields the kept lines token by token, like `Generator.generate`, so the loop
 * paces them as it paces a stream. Like a stream, the verse stops at the first line end at or after max_tokens: a
 * line begun within the budget may finish past it (by at most FINISH_LINE_TOKENS); a line cut even so is never
 * shown (the verse ends before it). Finishing the last line rather than dropping it also keeps the drafted tokens
 * the room never sees to the rows not kept.
 */
import type { EngineParams } from './engineParams.ts';
import { FINISH_LINE_TOKENS, type DraftedLine, type GeneratedToken, type Generator } from './generator.ts';
import { judgeLine, type LineJudge } from './lineJudge.ts';
import { logger } from './log.ts';
import type { ParamReader } from './paramReader.ts';
import { iambicShare, linesRhyme, wordShare } from './prosody/englishMetre.ts';
import { countLineBreaks } from './segmenter.ts';
import type { VersePlan } from './versePlan.ts';

const log = logger('engine:drafter');

/** Score weights: a draft's score is its mean log-probability (nats/token) plus these. */
export const DRAFT_SCORE = {
  /** Times the share of prosody checks met (tones, rhyme; metre and rhyme in English). */
  prosody: 1.5,
  /** A line that brings one of the prompt's characters into the verse. */
  relevance: 1.2,
  /** The same, while the verse has none of them yet. */
  firstRelevance: 1.2,
  /** Per character the line repeats from the verse so far (keywords aside), or within itself. */
  repetition: 0.4,
  /** Times the share of English words that are not dictionary words. */
  nonWords: 3,
};

/**
 * Rounds of redrafting when every draft of a line was refused by a judge (redrafts drop the keyword favour, in case
 * the prompt's own words are what was refused); then the verse ends there.
 */
export const MAX_REDRAFTS = 3;

export interface DraftingOptions {
  generator: Pick<Required<Generator>, 'draft'>;
  /** Model input before the verse (template applied). */
  input: string;
  /** The verse so far (an opening, or what was written before an injection). */
  body: string;
  seed: number;
  plan: VersePlan;
  /** The prompt's characters, for relevance. */
  keywords: string;
  language: string;
  /** The model's line breaks (its profile's `lineBreaks`), to count the lines of `body`. */
  lineBreaks: readonly string[];
  /** Live engine parameters (`drafts`, `max_tokens`). */
  params: ParamReader<EngineParams>;
  judges: readonly LineJudge[];
  /** Nats off a draft's score for straying from the verse so far (coherencePenalty); absent: nothing is taken off. */
  coherence?: (line: string, verse: string) => number;
  signal: AbortSignal;
  /** Called with each kept line and the other acceptable drafts of it, best first, without repeats. */
  onDrafts?: (kept: string, others: string[]) => void;
}

const lineText = (d: DraftedLine): string => d.tokens.map((t) => t.text).join('');
/** The line as judges see it: its characters without the line-end mark. */
export const bareLine = (text: string): string => text.replace(/[\s，。！？；,.!?;:]+$/u, '').trim();

/** A drafted line's score against the verse so far (higher is better). */
export function scoreDraft(d: DraftedLine, verse: string, keywords: string, language: string, previousLine: string | null, lineIndex: number): number {
  const n = Math.max(1, d.tokens.length);
  let score = d.tokens.reduce((s, t) => s + t.logprob, 0) / n;
  const text = bareLine(lineText(d));
  if (language.startsWith('en')) {
    const metre = iambicShare(text);
    const rhyme = lineIndex % 2 === 1 && previousLine !== null ? (linesRhyme(previousLine, text) ? 1 : 0) : null;
    const checks = [metre, rhyme].filter((x): x is number => x !== null);
    if (checks.length) score += (DRAFT_SCORE.prosody * checks.reduce((a, b) => a + b, 0)) / checks.length;
    score -= DRAFT_SCORE.nonWords * (1 - wordShare(text));
    return score;
  }
  if (d.prosody !== null) score += DRAFT_SCORE.prosody * d.prosody;
  const chars = [...text];
  const fresh = chars.filter((c) => keywords.includes(c) && !verse.includes(c));
  if (fresh.length > 0) score += DRAFT_SCORE.relevance + ([...keywords].some((c) => verse.includes(c)) ? 0 : DRAFT_SCORE.firstRelevance);
  const repeated = chars.filter((c, i) => (verse.includes(c) && !keywords.includes(c)) || chars.indexOf(c) !== i).length;
  return score - DRAFT_SCORE.repetition * repeated;
}

/** The verse written line by line from drafts; see the module comment. */
export async function* draftedVerse(o: DraftingOptions): AsyncGenerator<GeneratedToken> {
  const ahead = new AbortController();
  const signal = AbortSignal.any([o.signal, ahead.signal]);
  let verse = o.body;
  let spent = 0;
  let lineIndex = countLineBreaks(o.body, o.lineBreaks);

  /** The best acceptable draft of the line after `context`, or null when the verse ends there. */
  const nextLine = async (context: string, index: number, budget: number, prev: string | null): Promise<DraftedLine | null> => {
    if (budget <= 0) return null;
    for (let round = 0; round <= MAX_REDRAFTS; round++) {
      const count = Math.max(1, Math.round(o.params.get('drafts') || 1));
      const drafts = await o.generator.draft({
        input: o.input + context,
        body: context,
        seed: o.seed + index * 104_729 + round * 7_919,
        count,
        maxTokens: budget + FINISH_LINE_TOKENS,
        plan: round === 0 ? o.plan : { ...o.plan, keywords: '' },
        signal,
      });
      // The model would rather end here (where the form allows it): end the verse.
      if (drafts.filter((d) => d.ended === 'eos').length * 2 > drafts.length) return null;
      const lines = drafts.filter((d) => d.ended === 'line' && bareLine(lineText(d)).length > 0);
      if (lines.length === 0) return null;
      const ok = lines.filter((d) => {
        const verdict = judgeLine(o.judges, bareLine(lineText(d)));
        if (!verdict.ok) log.info({ judge: verdict.judge, reason: verdict.reason, line: lineText(d) }, 'draft refused');
        return verdict.ok;
      });
      if (ok.length > 0) {
        const scored = ok.map((d) => ({ d, s: scoreDraft(d, context, o.keywords, o.language, prev, index) - (o.coherence?.(bareLine(lineText(d)), context) ?? 0) }));
        scored.sort((a, b) => b.s - a.s);
        const kept = lineText(scored[0]!.d);
        o.onDrafts?.(kept, [...new Set(scored.slice(1).map((x) => lineText(x.d)))].filter((t) => bareLine(t) !== bareLine(kept)));
        return scored[0]!.d;
      }
    }
    log.warn({ line: index }, 'every draft of a line was refused; the verse ends before it');
    return null;
  };

  // A ci is as long as its tune (沁园春: 139 tokens), whatever the live max_tokens: the form is the tune.
  const tuneTokens = o.plan.tune ? o.plan.tune.lines.reduce((n, l) => n + l + 1, 0) : 0;
  const budget = (): number => Math.max(o.params.get('max_tokens'), tuneTokens) - spent;
  let pending: Promise<DraftedLine | null> | null = nextLine(verse, lineIndex, budget(), null);
  try {
    while (pending) {
      const line = await pending;
      if (!line) return;
      const text = lineText(line);
      spent += line.tokens.length;
      const after = verse + text;
      // Draft the next line now, while this one is on screen.
      pending = nextLine(after, lineIndex + 1, budget(), bareLine(text));
      pending.catch(() => undefined);
      for (const t of line.tokens) yield t;
      verse = after;
      lineIndex++;
    }
  } finally {
    ahead.abort(new Error('drafting stopped'));
  }
}
