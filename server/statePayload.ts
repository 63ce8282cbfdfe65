/**
 * @module statePayload: the `state` a page gets on connect and on `state:resume`: the verse as far as it
 * has come (or only its tokens from a sequence number on, for a page that lost a few), the live
 * parameters, the scene, the prompt limits, the server's time and the service status.
 */
import type { ControlTarget } from '../engine/control/controlTarget.ts';
import type { PromptQueue } from '../engine/promptQueue.ts';
import type { VerseLoop } from '../engine/verseLoop.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import type { ServiceStatus, StatePayload, VerseSnapshot } from '../protocol/events.ts';
import type { SceneState } from './sceneState.ts';

/** Where a `state` comes from. */
export interface StateSources {
  loop: Pick<VerseLoop, 'current'>;
  control: Pick<ControlTarget, 'params'>;
  scene: Pick<SceneState, 'snapshot'>;
  queue: Pick<PromptQueue, 'options'>;
  /** The service status, when the installation reports one. */
  service?: () => ServiceStatus;
  /** The verse `id` with its end, if it ended last (see lastVerse.ts); a page resuming it gets the rest. */
  ended?: (id: string) => VerseSnapshot | null;
}

/** A page that has a verse up to a token asks for the rest only. */
export interface ResumeFrom {
  id: string;
  fromSeq: number;
}

/** One `state`, taken at `now` (the installation's clock, in ms since the epoch: pages align their pacing to it). */
export function statePayload(o: StateSources, now: Milliseconds, from?: ResumeFrom): StatePayload {
  // A page resuming a verse that ended while it was away gets the rest of it and its end; nothing newer is being written.
  const verse = o.loop.current() ?? (from ? (o.ended?.(from.id) ?? null) : null);
  return {
    verse: verseToSend(verse, from),
    params: o.control.params.snapshot(),
    scene: o.scene.snapshot(),
    limits: { promptChars: o.queue.options.maxChars },
    serverTime: now,
    ...(o.service ? { service: o.service() } : {}),
  };
}

/**
 * The verse as a page gets it: whole, or from `from.fromSeq` on for a page resuming that verse. Copied, so a
 * verse still being written does not change under a `state` waiting to be sent.
 */
export function verseToSend(verse: VerseSnapshot | null, from?: ResumeFrom): VerseSnapshot | null {
  if (!verse) return null;
  const resuming = from !== undefined && from.id === verse.start.id;
  return { ...verse, tokens: resuming ? verse.tokens.filter((t) => t.seq >= from.fromSeq) : [...verse.tokens], lines: [...verse.lines] };
}
