/**
 * @module streamTokens: streams a verse writer's tokens at the live tempo until the verse ends; after a
 * performer's injection (co-writing), the injected words join the verse and the model continues from them.
 */
import type { Clock } from './clock.ts';
import type { ControlSurface } from './control/controlSurface.ts';
import type { EngineParams } from './engineParams.ts';
import type { VerseProvenance } from './provenance/verseProvenance.ts';
import type { RunningVerse } from './runningVerse.ts';
import type { VerseWriter } from './verseWriter.ts';

/** Least tempo (tokens/s) at which an attract verse that yields to a visitor finishes its line: about a third of a second for a Tang line. */
const YIELD_TEMPO = 24;

/** Sends one token; returns true when the verse may end after it (a yield asked for, and a line just closed). */
export type EmitToken = (raw: string, entropy: number | undefined) => boolean;

export interface StreamTokensOptions {
  running: RunningVerse;
  writer: VerseWriter;
  /** The verse's seed; each restart after an injection samples with its own. */
  seed: number;
  emit: EmitToken;
  /** Where each injection is recorded for the verse's provenance (at which token, what text). */
  injections: VerseProvenance['injections'];
  /** `tempo` (tokens/s, 0: as fast as written) is read before each token. */
  params: ControlSurface<EngineParams>;
  clock: Clock;
}

/** Streams until the verse ends, is aborted, or yields at a line end. */
export async function streamTokens({ running, writer, seed, emit, injections, params, clock }: StreamTokensOptions): Promise<void> {
  for (let restart = 0; ; restart++) {
    const streamSignal = AbortSignal.any([running.verse.signal, running.stream.signal]);
    for await (const token of writer.stream(running.snapshot.text, seed + restart * 7919, streamSignal)) {
      if (streamSignal.aborted) break;
      if (emit(token.text, token.entropy)) {
        running.verse.abort(new Error('yielded'));
        break;
      }
      const tempo = params.get('tempo');
      if (tempo > 0) {
        try {
          await clock.sleep(1000 / (running.yielding ? Math.max(tempo, YIELD_TEMPO) : tempo), streamSignal);
        } catch {
          break;
        }
      }
    }
    if (running.verse.signal.aborted || running.injections.length === 0) break;
    // Co-writing: the performer's words join the verse, and the model continues from them.
    for (const text of running.injections.splice(0)) (injections.push({ atToken: running.snapshot.tokens.length, text }), emit(text, undefined));
    running.stream = new AbortController();
  }
}
