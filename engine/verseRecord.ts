/** @module verseRecord: the archive's record of a verse, made from what the verse loop knows when it ends. */
import type { ArchivedVerse, ParamChangeRecord } from './archivedVerse.ts';
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
  /** Changes left out of `paramChanges` (past the per-verse cap). */
  paramChangesDropped?: number;
  provenance?: VerseProvenance;
  /** The machine's other drafts of each line (see lineAuthorship). */
  alternatives?: string[][];
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
    ...(p.paramChangesDropped ? { paramChangesDropped: p.paramChangesDropped } : {}),
    ...(p.provenance ? { provenance: p.provenance } : {}),
    ...coCreation(p),
  };
}

/** Who may revise the verse, what it revised, who wrote each line and the other drafts; only what is known. */
function coCreation(p: VerseRecordParts): Partial<ArchivedVerse> {
  const out: Partial<ArchivedVerse> = { owner: p.item.owner };
  const { revisionOf, mode, theme, tune } = p.snapshot.start;
  if (revisionOf) out.revisionOf = revisionOf;
  if (mode) out.mode = mode;
  if (theme) out.theme = theme;
  if (tune) out.tune = tune;
  if (p.snapshot.lines.some((l) => l.author)) out.authors = p.snapshot.lines.map((l) => l.author ?? 'machine');
  if (p.alternatives?.some((a) => a.length)) out.alternatives = p.snapshot.lines.map((_, i) => p.alternatives![i] ?? []);
  return out;
}
