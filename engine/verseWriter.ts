/**
 * @module verseWriter: what the verse loop writes for one prompt: the prompt's mode (promptModes), the verse's
 * opening words, and its token stream: drafted line by line (lineDrafter; English couplets by coupletForm) when the
 * generator can draft and the model has lines to draft, else streamed token by token. A replay streams the archived text as it is.
 */
import type { EngineParams } from './engineParams.ts';
import type { GeneratedToken, Generator } from './generator.ts';
import { coupletVerse } from './coupletForm.ts';
import { draftedVerse } from './lineDrafter.ts';
import type { LineJudge } from './lineJudge.ts';
import { logger } from './log.ts';
import type { ParamReader } from './paramReader.ts';
import type { TunePlan } from '../protocol/events.ts';
import { planPrompt, type PromptMode, type PromptModel } from './promptModes.ts';
import { coherencePenalty } from './coherence/coherencePenalty.ts';
import { establishedSeason } from './coherence/themeMemory.ts';
import { ParallelTable } from './coherence/parallelTable.ts';
import { ThemeTable } from './coherence/themeTable.ts';

const log = logger('engine:writer');

export interface VerseWriterOptions {
  generator: Generator;
  /** The profile the verse is written with (and its folder, to know its characters). */
  model: PromptModel;
  prompt: string;
  /** The theme the language bridge made of the prompt (`autumn wind` -> 秋风), written for instead of it. */
  theme?: string | null;
  /** The mode asked for at the kiosk; chosen from the prompt's shape when absent. */
  mode?: PromptMode;
  /** An archived verse written again: no prompt planning, no drafting. */
  replay: boolean;
  params: ParamReader<EngineParams>;
  judges: readonly LineJudge[];
  /** The verse ends no sooner than this many lines (a continued verse). */
  minLines?: number;
  /** Called with each kept drafted line and the other acceptable drafts of it (kept with the verse for the visitor to see). */
  onDrafts?: (kept: string, others: string[]) => void;
  /** The verse's start event, on which the prompt's mode (and characters the model does not know) are recorded. */
  start?: { mode?: PromptMode; unknown?: string[]; theme?: string; tune?: TunePlan };
}

export interface VerseWriter {
  /** What `verse:start` carries about the prompt: its mode, characters the model does not know, a ci's tune. */
  start: { mode?: PromptMode; unknown?: string[]; tune?: TunePlan };
  /** The visitor's words that open the verse ('' when none). */
  opening: string;
  /** Tokens after `body` (the verse so far, opening and injections included). */
  stream(body: string, seed: number, signal: AbortSignal): AsyncIterable<GeneratedToken>;
}

export function verseWriter(o: VerseWriterOptions): VerseWriter {
  const { generator } = o;
  if (o.replay) return { start: {}, opening: '', stream: (body, seed, signal) => generator.generate({ input: body, body, seed, signal }) };
  if (o.theme && o.start) o.start.theme = o.theme;
  // A ci's prompt names its tune, which a bridged theme would lose.
  const planned = planPrompt(o.mode === 'ci' ? o.prompt : o.theme || o.prompt, o.model, o.mode);
  // A continued verse goes past the length its prompt asked for (an acrostic's four lines): its new lines start freely.
  const p = o.minLines ? { ...planned, plan: { ...planned.plan, lines: undefined, minLines: o.minLines } } : planned;
  // The theme memory: a season the prompt sets is kept to (its rivals discouraged as the verse is decoded, drafts
  // that stray scored down); a season the first lines set is kept to by the drafter's score.
  const themes = o.model.dir ? ThemeTable.forModel(o.model.dir) : null;
  const parallel = o.model.dir ? ParallelTable.forModel(o.model.dir) : null;
  const theme = o.theme || o.prompt;
  const season = themes ? establishedSeason(themes, theme) : null;
  if (themes && season) p.plan = { ...p.plan, avoid: themes.otherSeeds(season) };
  if (p.unknown.length) log.info({ unknown: p.unknown.join(''), mode: p.mode }, 'prompt characters the model does not know were left out of its input');
  const start: VerseWriter['start'] = { mode: p.mode };
  if (p.unknown.length) start.unknown = p.unknown;
  // A ci's tune travels with its start: the sound lengthens each line's last character and lands its rhymes on the tonic.
  const tune = p.plan.tune;
  if (tune) start.tune = { name: tune.name, lines: [...tune.lines], rhymes: tune.rhyme.map((r) => r !== null) };
  if (o.start) Object.assign(o.start, start);
  const draft = generator.draft?.bind(generator);
  return {
    start,
    opening: p.opening,
    stream(body, seed, signal) {
      const base = { input: p.input + body, body, seed, signal, plan: p.plan };
      // Couplets are always drafted (their rhymes are searched for among drafts); a generator that cannot draft streams.
      if (!draft || (o.params.get('drafts') < 1 && !p.plan.couplets)) return generator.generate(base);
      return (p.plan.couplets ? coupletVerse : draftedVerse)({
        generator: { draft },
        input: p.input,
        body,
        seed,
        plan: p.plan,
        keywords: p.keywords,
        language: o.model.language,
        lineBreaks: o.model.lineBreaks,
        params: o.params,
        judges: o.judges,
        coherence: themes ? (line, verse) => coherencePenalty(themes, line, verse, theme, p.plan.tune ? null : parallel) : undefined,
        signal,
        ...(o.onDrafts ? { onDrafts: o.onDrafts } : {}),
      });
    },
  };
}
