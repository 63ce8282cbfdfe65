/**
 * @module archivedVerse: a verse as the archive keeps it (prompt, source, model, parameters, timings, the
 * parameter changes that touched it, co-creation fields) and its signed record.
 */
import type { ParamValues } from '../protocol/paramSpec.ts';
import type { ParamOrigin } from './control/controlSurface.ts';
import type { LineAuthor } from '../protocol/coCreation.ts';
import type { PromptMode, TunePlan, VerseEndReason, VerseSource } from '../protocol/events.ts';
import type { VerseProvenance } from './provenance/verseProvenance.ts';

export interface ParamChangeRecord {
  /** Tokens already written when the change arrived. */
  atToken: number;
  values: ParamValues;
  origin: ParamOrigin;
}

/** Origins older versions stored, and the origin each is now: `voice` was a preset recall before presets were renamed. */
const RENAMED_ORIGINS: Readonly<Record<string, ParamOrigin>> = { voice: 'preset' };

/**
 * Parameter changes as stored (a JSON column of the archive or the verse journal), with origins stored under an old
 * name read as today's, so rows written before a rename read like new ones. A verse's signed record keeps what was signed.
 */
export function parseParamChanges(json: string): ParamChangeRecord[] {
  const changes = JSON.parse(json) as ParamChangeRecord[];
  return changes.map((c) => (Object.hasOwn(RENAMED_ORIGINS, c.origin) ? { ...c, origin: RENAMED_ORIGINS[c.origin]! } : c));
}

export interface ArchivedVerse {
  id: string;
  prompt: string;
  source: VerseSource;
  model: string;
  device: string;
  seed: number;
  /** Parameters when the verse started. */
  params: ParamValues;
  text: string;
  lines: string[];
  reason: VerseEndReason;
  /** ISO 8601 times. */
  startedAt: string;
  endedAt: string;
  /** Milliseconds from start to the first token, null when none came. */
  firstTokenMs: number | null;
  tokens: number;
  /** Folded per token and origin (`paramChangeLog.ts`), at most a few hundred entries. */
  paramChanges: ParamChangeRecord[];
  /** Who asked for it (a kiosk page's queue owner, `console`, `osc:...`): only they may revise it. */
  owner?: string;
  /** The verse this one revises or continues. */
  revisionOf?: string;
  /** Who wrote each line (absent: the machine, all of them). */
  authors?: LineAuthor[];
  /** The machine's other drafts of each line. */
  alternatives?: string[][];
  mode?: PromptMode;
  /** The theme the prompt became. */
  theme?: string;
  /** A ci's tune as its `verse:start` carried it, so the verse's music renders later as it was heard. */
  tune?: TunePlan;
  /** Parameter changes left out of `paramChanges` past the per-verse cap; absent when none were. */
  paramChangesDropped?: number;
  /** What only the signed record keeps (mode, line authors and originality, weights, generator calls); not a column. */
  provenance?: VerseProvenance;
}

/** A verse's signed record as stored: the canonical JSON that was signed, the key and the signature (base64). */
export interface VerseSeal {
  record: string;
  keyId: string;
  signature: string;
}
