/**
 * @module snapshotSource: where the `state` a page gets on connect and on `state:resume` comes from. In one
 * process it is read from the loop, the parameters and the scene (`localSnapshot`); on a server that is not
 * the writer it is the mirror of the writer's state kept in Redis.
 */
import type { StatePayload } from '../protocol/events.ts';
import type { Milliseconds } from '../protocol/paramSpec.ts';
import { LastVerse } from './lastVerse.ts';
import { statePayload, type ResumeFrom, type StateSources } from './statePayload.ts';
import type { VerseFeed } from './verseFeed.ts';

export interface SnapshotSource {
  /** The `state` a page gets now (from a token on, for one that resumes). */
  state(from?: ResumeFrom): StatePayload;
}

/** The state read in this process; `close()` stops following the feed. */
export function localSnapshot(o: Omit<StateSources, 'loop' | 'ended'> & { feed: VerseFeed; now: () => Milliseconds }): SnapshotSource & { close(): void } {
  const last = new LastVerse(o.feed);
  return {
    state: (from) => statePayload({ ...o, loop: o.feed, ended: (id) => last.get(id) }, o.now(), from),
    close: () => last.close(),
  };
}
