/**
 * @module verseReplay: writes a verse again from its signed record (replay as proof). The verse writer runs as the
 * verse loop ran it (same prompt, theme, mode, opening, judges, seed), and every generator call gets the record's
 * parameters: the main thread's at the call (what drafting read), and the ones each step sampled with (TraceReplay).
 * The result says whether the text is the same, character for character, and where it cannot be, exactly why.
 */
import type { Generator } from '../generator.ts';
import type { LineJudge } from '../lineJudge.ts';
import type { PromptMode, PromptModel } from '../promptModes.ts';
import type { VerseRecordV1 } from '../../protocol/provenance.ts';
import { TraceReplay } from './generationTrace.ts';
import { verseWriter } from '../verseWriter.ts';

export interface VerseReplayOptions {
  record: VerseRecordV1;
  /** A loaded generator of the record's model and weights. */
  generator: Generator;
  model: PromptModel;
  /** The loop's token hook (moderation masks words as they complete), as the installation ran it. */
  token?: (before: string, raw: string) => string;
  judges: readonly LineJudge[];
  signal?: AbortSignal;
}

export interface ReplayResult {
  /** The text written again. */
  text: string;
  identical: boolean;
  /** Index (in characters) of the first difference, null when identical. */
  firstDifference: number | null;
  /** Why it is not (or may not be) identical: things the record says the replay cannot repeat, or where it left the record. */
  reasons: string[];
}

/** What in a record keeps a replay from being identical, before anything is run. */
export function replayObstacles(record: VerseRecordV1): string[] {
  const out: string[] = [];
  if (record.generation.length === 0) out.push('the record has no generator calls (the verse was cut short by a crash, or written by a fallback that replays archived verses)');
  for (const i of record.injections) out.push(`a performer co-wrote "${i.text}" into the verse at token ${i.atToken} (OSC inject); the model continued from words no record can make it write`);
  record.lines.forEach((l, n) => l.author === 'visitor' && out.push(`line ${n + 1} ("${l.text}") was written by the visitor, not the model`));
  if (record.reason !== 'done') out.push(`the verse ended "${record.reason}", not when the model ended it`);
  return out;
}

const firstDifference = (a: string, b: string): number | null => {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return i;
  return null;
};

export async function replayVerse(o: VerseReplayOptions): Promise<ReplayResult> {
  const { record } = o;
  const trace = new TraceReplay(record.generation);
  const writer = verseWriter({
    generator: trace.wrap(o.generator),
    model: o.model,
    prompt: record.prompt,
    theme: record.theme,
    mode: (record.mode ?? undefined) as PromptMode | undefined,
    replay: false,
    params: trace.params,
    judges: o.judges,
  });
  const token = o.token ?? ((_: string, raw: string) => raw);
  let text = writer.opening ? token('', writer.opening) : '';
  const signal = o.signal ?? new AbortController().signal;
  for await (const t of writer.stream(text, record.seed, signal)) text += token(text, t.text);
  const diff = firstDifference(text, record.text);
  const reasons = replayObstacles(record);
  if (trace.divergence) reasons.push(trace.divergence);
  else if (trace.made !== record.generation.length) reasons.push(`the replay made ${trace.made} generator calls, the record has ${record.generation.length}`);
  if (diff !== null && reasons.length === 0) {
    reasons.push(`the text differs from character ${diff + 1} on ("${[...record.text].slice(diff, diff + 6).join('')}" recorded, "${[...text].slice(diff, diff + 6).join('')}" now), with every call as recorded: the weights' arithmetic gave other numbers (another device, thread count or runtime version)`);
  }
  return { text, identical: diff === null, firstDifference: diff, reasons };
}
