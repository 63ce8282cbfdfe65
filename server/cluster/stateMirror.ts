/**
 * @module stateMirror: a server that is not the writer serves `state` and `state:resume` from the writer's
 * snapshot: announced with each change, and read again from Redis at start and every few seconds (a missed
 * announcement, a Redis blip). While Redis is away it keeps serving the last snapshot it has. Before it has
 * any, it serves its own (fallback) state. It also keeps each queued prompt's position, for kiosk updates.
 */
import type { Clock } from '../../engine/clock.ts';
import { Emitter } from '../../engine/emitter.ts';
import type { StatePayload } from '../../protocol/events.ts';
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import type { SnapshotSource } from '../snapshotSource.ts';
import type { ResumeFrom } from '../statePayload.ts';
import type { RedisClient } from './redisLink.ts';
import { parseSnapshot, type SharedSnapshot } from './sharedSnapshot.ts';

export interface StateMirrorOptions {
  client: RedisClient;
  key: string;
  clock: Clock;
  /** The state served before any snapshot came. */
  fallback: SnapshotSource;
  /** How often the snapshot is read again from Redis, in milliseconds; default 2000. */
  resyncMs: Milliseconds;
}

const DEFAULTS = { resyncMs: 2000 } satisfies Partial<StateMirrorOptions>;

export class StateMirror implements SnapshotSource {
  /** `changed` after each new snapshot (queue positions may have moved). */
  readonly events = new Emitter<{ changed: (s: SharedSnapshot) => void }>();
  readonly #o: StateMirrorOptions;
  #snap: SharedSnapshot | null = null;
  readonly #stop = new AbortController();

  constructor(options: Omit<StateMirrorOptions, keyof typeof DEFAULTS> & Partial<StateMirrorOptions>) {
    this.#o = { ...DEFAULTS, ...options };
    void this.#resync();
  }

  /** The JSON of the snapshot held. */
  #json: string | null = null;

  get snapshot(): SharedSnapshot | null {
    return this.#snap;
  }

  /** A snapshot announced by the writer (JSON). Older ones than held are ignored. */
  accept(json: unknown): void {
    // The periodic re-read mostly finds the snapshot already held: nothing changed, nothing to announce.
    if (typeof json === 'string' && json === this.#json) return;
    const snap = typeof json === 'string' ? parseSnapshot(json) : null;
    if (!snap || (this.#snap && snap.at < this.#snap.at && snap.writer === this.#snap.writer)) return;
    this.#snap = snap;
    this.#json = json as string;
    this.events.emit('changed', snap);
  }

  /** Reads the snapshot from Redis (a failed read keeps the last one). */
  async refresh(): Promise<void> {
    this.accept(await this.#o.client.get(this.#o.key).catch(() => null));
  }

  async #resync(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      await this.refresh();
      await this.#o.clock.sleep(this.#o.resyncMs, this.#stop.signal).catch(() => {});
    }
  }

  /** 1-based position of a waiting prompt, as the writer last told. */
  positionOf(id: string): number | undefined {
    const i = this.#snap?.queue.findIndex((p) => p.id === id) ?? -1;
    return i === -1 ? undefined : i + 1;
  }

  state(from?: ResumeFrom): StatePayload {
    const snap = this.#snap;
    if (!snap) return this.#o.fallback.state(from);
    const verse = snap.verse;
    const resuming = verse && from && from.id === verse.start.id;
    return {
      verse: verse ? { ...verse, tokens: resuming ? verse.tokens.filter((t) => t.seq >= from.fromSeq) : verse.tokens } : null,
      params: snap.params,
      scene: snap.scene,
      limits: snap.limits,
      serverTime: this.#o.clock.now(),
      ...(snap.service ? { service: snap.service } : {}),
    };
  }

  close(): void {
    this.#stop.abort();
    this.events.removeAllListeners();
  }
}
