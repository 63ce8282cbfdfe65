/** @module verseRecord: the archive's record of a verse, made from what the verse loop knows when it ends. */
import type { ArchivedVerse, ParamChangeRecord } from './archive.ts';
import type { QueuedPrompt } from './promptQueue.ts';
import type { VerseProvenance } from './provenance/verseProvenance.ts';
import type { Milliseconds, ParamValues } from '../protocol/paramSpec.ts';
import type { VerseEndReason, VerseSnapshot } from '../protocol/events.ts';

/** What the loop knows of a verse that ended. */
export interface VerseRecordParts {
  item: QueuedPrompt;
  model: string;
  device: string;
  seed: number;
  /** Parameters when the verse started. */
  params: ParamValues;
  snapshot: VerseSnapshot;
  reason: VerseEndReason;
  startedAt: Milliseconds;
  endedAt: Milliseconds;
  firstTokenMs: number | null;
  paramChanges: ParamChangeRecord[];
  provenance?: VerseProvenance;
}

export function verseRecord(p: VerseRecordParts): ArchivedVerse {
  return {
    id: p.item.id,
    prompt: p.item.text,
    source: p.item.source,
    model: p.model,
    device: p.device,
    seed: p.seed,
    params: p.params,
    text: p.snapshot.text,
    lines: p.snapshot.lines.map((l) => l.text),
    reason: p.reason,
    startedAt: new Date(p.startedAt).toISOString(),
    endedAt: new Date(p.endedAt).toISOString(),
    firstTokenMs: p.firstTokenMs,
    tokens: p.snapshot.tokens.length,
    paramChanges: p.paramChanges,
    ...(p.provenance ? { provenance: p.provenance } : {}),
  };
}
