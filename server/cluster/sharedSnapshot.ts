/**
 * @module sharedSnapshot: what the writer keeps in Redis for every other server: the verse as far as it has
 * come, the live parameters and scene, the prompt queue, the journal of the verse being written, and the
 * prompt limits. Any server serves `state` from it; a standby that takes over restores the queue and the
 * interrupted verse from it (as a restart after `kill -9` does from the SQLite journal).
 */
import { z } from 'zod';
import type { QueuedPrompt } from '../../engine/promptQueue.ts';
import type { JournaledVerse } from '../../engine/queueStore.ts';
import type { ParamsPayload, ScenePayload, ServiceStatus, VerseSnapshot } from '../../protocol/events.ts';

export interface SharedSnapshot {
  /** The id of the server that wrote it. */
  writer: string;
  verse: VerseSnapshot | null;
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

/** The outer shape, checked where a snapshot comes in from Redis; what is inside was written by a writer of this installation. */
const Shape = z.looseObject({
  writer: z.string(),
  verse: z.unknown(),
  params: z.record(z.string(), z.unknown()),
  scene: z.looseObject({ name: z.string() }),
  queue: z.array(z.looseObject({ id: z.string(), text: z.string(), owner: z.string(), seq: z.number() })),
  running: z.array(z.looseObject({ item: z.looseObject({ id: z.string() }) })),
  limits: z.looseObject({ promptChars: z.number() }),
  at: z.number(),
});

/** Reads a snapshot from its JSON; null for anything malformed (a foreign key under our prefix, a torn write). */
export function parseSnapshot(json: string | null | undefined): SharedSnapshot | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Shape.safeParse(value).success ? (value as SharedSnapshot) : null;
  } catch {
    return null;
  }
}
