/**
 * @module verseScore: a finished verse laid out as timed tokens, for rendering it offline (an archived
 * verse keeps its lines but not its token times, so they are spread at the verse's tempo). Pure.
 */
import type { ParamsPayload, TunePlan, VerseEndReason, VerseSource } from '../../protocol/events.ts';
import type { Seconds } from '../../protocol/paramSpec.ts';
import { isHan } from './hanziProsody.ts';
import { beatForTempo } from './musicEvents.ts';
import type { ComposerToken } from './verseComposer.ts';

export interface TimedToken extends ComposerToken {
  /** When the token is played, from the start of the render. */
  time: Seconds;
}

/** Everything an offline render needs: the tokens with their times, the ending and the parameters. */
export interface VerseScore {
  source: VerseSource;
  /** A ci's tune: its lines' lengths and rhymes, as the sound page takes them from `verse:start`. */
  tune?: TunePlan;
  tokens: TimedToken[];
  end: { reason: VerseEndReason; time: Seconds };
  /** `sound.<name>` values and the engine's `tempo`, as in a `params` event. */
  params: ParamsPayload;
  /** Parameter moves made while the verse was written, applied just before token `atToken`. */
  changes: ScoreParamChange[];
}

/** A parameter move in a score: applied just before token `atToken` (from an archived verse's `paramChanges`). */
export interface ScoreParamChange {
  atToken: number;
  params: ParamsPayload;
}

export interface ScoreInput {
  source: VerseSource;
  /** A ci's tune (the archive keeps it from `verse:start`). */
  tune?: TunePlan;
  /** The verse's lines as archived (Chinese lines keep their closing mark). */
  lines: readonly string[];
  params: ParamsPayload;
  reason?: VerseEndReason;
  /** Moves made while it was written (the archive keeps them); a `tempo` move respaces the tokens after it. */
  changes?: ScoreParamChange[];
  /** Silence before the first token. */
  lead?: Seconds;
}

/** Lays a verse's lines out token by token (one character each) at the tempo in its parameters. */
export function scoreFromLines(input: ScoreInput): VerseScore {
  const changes = input.changes ?? [];
  const tempoOf = (p: ParamsPayload, fallback: number): number => (typeof p.tempo === 'number' ? p.tempo : fallback);
  let beat = beatForTempo(tempoOf(input.params, 8));
  let time = input.lead ?? 0.5;
  const tokens: TimedToken[] = [];
  input.lines.forEach((text, line) => {
    const chars = Array.from(text);
    // English lines end with the newline the model wrote; Chinese ones with their own mark.
    const han = chars.some(isHan);
    for (const ch of han ? chars : [...chars, '\n']) {
      for (const c of changes) if (c.atToken === tokens.length && typeof c.params.tempo === 'number') beat = beatForTempo(c.params.tempo);
      tokens.push({ text: ch, seq: tokens.length, line, time });
      time += beat;
    }
  });
  return { source: input.source, ...(input.tune ? { tune: input.tune } : {}), tokens, end: { reason: input.reason ?? 'done', time }, params: input.params, changes };
}
