/**
 * @module sharedSnapshot: what the writer keeps in Redis for every other server. The snapshot: the start of
 * the verse being written, the live parameters and scene, the prompt queue, the journal of the verse being
 * written, and the prompt limits; it is written whole at verse start, at each line's end, at verse end and
 * when the rest changes. The verse log: the running verse's tokens and lines, appended one by one (so a verse
 * costs Redis bytes in proportion to its length). Any server serves `state` from the two; a standby that
 * takes over restores the queue and the interrupted verse from the snapshot (as a restart after `kill -9`
 * does from the SQLite journal).
 */
import { z } from 'zod';
import type { QueuedPrompt } from '../../engine/promptQueue.ts';
import type { JournaledVerse } from '../../engine/queueStore.ts';
import type { ParamsPayload, ScenePayload, ServiceStatus, VerseLine, VerseStart, VerseToken } from '../../protocol/events.ts';

export interface SharedSnapshot {
  /** The id of the server that wrote it. */
  writer: string;
  /** The verse being written (its tokens and lines are in the verse log); null between verses. */
  verseStart: VerseStart | null;
  params: ParamsPayload;
  scene: ScenePayload;
  /** Waiting prompts, in the order they will be written. */
  queue: QueuedPrompt[];
  /** Verses begun and not archived (the one being written). */
  running: JournaledVerse[];
  limits: { promptChars: number };
  service?: ServiceStatus;
  /** When it was taken, ms since the epoch (the writer's clock). */
  at: number;
}

/** One entry of the verse log: a token or a finished line of the running verse. */
export type VerseEntry = { token: VerseToken } | { line: VerseLine };

/** The outer shape, checked where a snapshot comes in from Redis; what is inside was written by a writer of this installation. */
const Shape = z.looseObject({
  writer: z.string(),
  verseStart: z.looseObject({ id: z.string() }).nullable(),
  params: z.record(z.string(), z.unknown()),
  scene: z.looseObject({ name: z.string() }),
  queue: z.array(z.looseObject({ id: z.string(), text: z.string(), owner: z.string(), seq: z.number() })),
  running: z.array(z.looseObject({ item: z.looseObject({ id: z.string() }) })),
  limits: z.looseObject({ promptChars: z.number() }),
  at: z.number(),
});

const Entry = z.union([
  z.looseObject({ token: z.looseObject({ id: z.string(), seq: z.number().int().min(0), text: z.string(), line: z.number() }) }),
  z.looseObject({ line: z.looseObject({ id: z.string(), index: z.number().int().min(0), text: z.string() }) }),
]);

/** Reads a snapshot from its JSON; null for anything malformed (a foreign key under our prefix, a torn write). */
export function parseSnapshot(json: unknown): SharedSnapshot | null {
  return parseJson(json, Shape) as SharedSnapshot | null;
}

/** Reads an entry of the verse log from its JSON; null for anything malformed. */
export function parseEntry(json: unknown): VerseEntry | null {
  return parseJson(json, Entry) as VerseEntry | null;
}

function parseJson(json: unknown, shape: z.ZodType): unknown {
  if (typeof json !== 'string' || !json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return shape.safeParse(value).success ? value : null;
  } catch {
    return null;
  }
}
