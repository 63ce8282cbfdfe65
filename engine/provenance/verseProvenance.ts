/**
 * @module verseProvenance: what a verse's signed record holds beyond the archive's columns (collected by the verse
 * loop as it writes), and the record itself (`provenanceRecord`), built the same way every time so its canonical
 * JSON can be signed and checked (protocol/provenance.ts).
 */
import type { ArchivedVerse } from '../archivedVerse.ts';
import type { VerseLine } from '../../protocol/events.ts';
import { RECORD_FORMAT, type GenerationCall, type RecordLine, type VerseRecordV1 } from '../../protocol/provenance.ts';
import type { WeightsDigest } from './weightsDigest.ts';

export interface VerseProvenance {
  mode: string | null;
  theme: string | null;
  opening: string;
  lines: RecordLine[];
  weights: WeightsDigest | null;
  dtype: string | null;
  /** The style fader's second model, when one was loaded beside the model (`blend` in the parameters says how much). */
  blend?: { name: string; weights: WeightsDigest | null } | null;
  generation: GenerationCall[];
  injections: Array<{ atToken: number; text: string }>;
  revisionOf: string | null;
}

/** A shown line as the record keeps it (the co-creation issue's `author` when the line carries one). */
export function recordLine(line: VerseLine): RecordLine {
  const author = (line as { author?: unknown }).author === 'visitor' ? 'visitor' : 'machine';
  return { text: line.text, author, copied: line.copied === true, source: line.source ? { ...line.source } : null };
}

/** The record of an archived verse (a verse cut short by a crash has no provenance: its lines alone are known). */
export function provenanceRecord(v: ArchivedVerse): VerseRecordV1 {
  const p = v.provenance;
  const lines = p?.lines ?? v.lines.map((text) => ({ text, author: 'machine' as const, copied: false, source: null }));
  return {
    format: RECORD_FORMAT,
    id: v.id,
    prompt: v.prompt,
    source: v.source,
    mode: p?.mode ?? null,
    theme: p?.theme ?? null,
    opening: p?.opening ?? '',
    text: v.text,
    lines,
    model: { name: v.model, weights: p?.weights ?? null, dtype: p?.dtype ?? null, device: v.device, ...(p?.blend ? { blend: { ...p.blend } } : {}) },
    seed: v.seed,
    params: { ...v.params },
    paramChanges: v.paramChanges.map((c) => ({ atToken: c.atToken, values: { ...c.values }, origin: String(c.origin) })),
    generation: p?.generation ?? [],
    injections: p?.injections ?? [],
    revisionOf: p?.revisionOf ?? null,
    ...(v.tune ? { tune: { name: v.tune.name, lines: [...v.tune.lines], rhymes: [...v.tune.rhymes] } } : {}),
    reason: v.reason,
    startedAt: v.startedAt,
    endedAt: v.endedAt,
    originality: { lines: lines.length, copied: lines.filter((l) => l.copied).length },
  };
}
