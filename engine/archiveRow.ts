/**
 * @module archiveRow: how an archived verse maps to a `verses` row and back: JSON columns for the
 * parameters, lines and changes, the co-creation fields together in `meta`.
 */
import type { ParamValues } from '../protocol/paramSpec.ts';
import type { VerseEndReason, VerseSource } from '../protocol/events.ts';
import { parseParamChanges, type ArchivedVerse } from './archivedVerse.ts';

/** The co-creation fields, kept together in the `meta` column. */
const META_KEYS = ['owner', 'revisionOf', 'authors', 'alternatives', 'mode', 'theme', 'tune'] as const;

/** A `verses` row as SQLite returns it. */
export interface ArchiveRow {
  id: string;
  prompt: string;
  source: string;
  model: string;
  device: string;
  seed: number;
  params: string;
  text: string;
  lines: string;
  reason: string;
  started_at: string;
  ended_at: string;
  first_token_ms: number | null;
  tokens: number;
  param_changes: string;
  meta: string | null;
  param_changes_dropped: number;
}

/** The verse a row holds (the `meta` column's co-creation fields spread back in). */
export function fromArchiveRow(r: ArchiveRow): ArchivedVerse {
  return {
    ...(r.meta ? (JSON.parse(r.meta) as Partial<ArchivedVerse>) : {}),
    id: r.id,
    prompt: r.prompt,
    source: r.source as VerseSource,
    model: r.model,
    device: r.device,
    seed: r.seed,
    params: JSON.parse(r.params) as ParamValues,
    text: r.text,
    lines: JSON.parse(r.lines) as string[],
    reason: r.reason as VerseEndReason,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    firstTokenMs: r.first_token_ms,
    tokens: r.tokens,
    paramChanges: parseParamChanges(r.param_changes),
    ...(r.param_changes_dropped ? { paramChangesDropped: r.param_changes_dropped } : {}),
  };
}

/** Inserts (or replaces, by id) one verse from the named parameters `toArchiveRow` gives. */
export const INSERT_ARCHIVE_ROW = `INSERT OR REPLACE INTO verses (id, prompt, source, model, device, seed, params, text, lines, reason, started_at,
      ended_at, first_token_ms, tokens, param_changes, meta, revision_of, param_changes_dropped) VALUES (@id, @prompt, @source, @model, @device, @seed, @params,
      @text, @lines, @reason, @started_at, @ended_at, @first_token_ms, @tokens, @param_changes, @meta, @revision_of, @param_changes_dropped)`;

/** The row for a verse, as `INSERT_ARCHIVE_ROW`'s parameters (`revision_of` indexed for a verse's history). */
export function toArchiveRow(v: ArchivedVerse): ArchiveRow & { revision_of: string | null } {
  return {
    id: v.id,
    prompt: v.prompt,
    source: v.source,
    model: v.model,
    device: v.device,
    seed: v.seed,
    params: JSON.stringify(v.params),
    text: v.text,
    lines: JSON.stringify(v.lines),
    reason: v.reason,
    started_at: v.startedAt,
    ended_at: v.endedAt,
    first_token_ms: v.firstTokenMs,
    tokens: v.tokens,
    param_changes: JSON.stringify(v.paramChanges),
    meta: JSON.stringify(Object.fromEntries(META_KEYS.filter((k) => v[k] !== undefined).map((k) => [k, v[k]]))),
    revision_of: v.revisionOf ?? null,
    param_changes_dropped: v.paramChangesDropped ?? 0,
  };
}
