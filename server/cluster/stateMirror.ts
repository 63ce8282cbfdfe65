/**
 * @module stateMirror: a server that is not the writer serves `state` and `state:resume` from the writer's
 * snapshot and verse log: the snapshot and each token and line are announced as the writer publishes them,
 * and both are read again from Redis at start, every few seconds, and whenever an announcement shows one was
 * missed (a server that joins mid-verse gets the verse so far from the log). While Redis is away it keeps
 * serving what it has. Before it has any snapshot, it serves its own (fallback) state. It also keeps each
 * queued prompt's position, for kiosk updates.
 */
import type { Clock } from '../../engine/clock.ts';
import { Emitter } from '../../engine/emitter.ts';
import type { StatePayload } from '../../protocol/events.ts';
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import type { SnapshotSource } from '../snapshotSource.ts';
import { verseToSend, type ResumeFrom } from '../statePayload.ts';
import type { RedisClient } from './redisLink.ts';
import { parseEntry, parseSnapshot, type SharedSnapshot, type VerseEntry } from './sharedSnapshot.ts';
import { VerseSoFar } from './verseSoFar.ts';

export interface StateMirrorOptions {
  client: RedisClient;
  /** The snapshot's key and the verse log's key. */
  keys: { state: string; verse: string };
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
  /** The JSON of the snapshot held. */
  #json: string | null = null;
  #verse: VerseSoFar | null = null;
  #reading: Promise<void> | null = null;
  #again = false;
  readonly #stop = new AbortController();

  constructor(options: Omit<StateMirrorOptions, keyof typeof DEFAULTS> & Partial<StateMirrorOptions>) {
    this.#o = { ...DEFAULTS, ...options };
    void this.#resync();
  }

  get snapshot(): SharedSnapshot | null {
    return this.#snap;
  }

  /** A snapshot announced by the writer (JSON). Older ones than held are ignored. */
  accept(json: unknown): void {
    this.#take(json, []);
  }

  /** Takes a snapshot unless it is held already or older, then the log's entries, then tells (so a listener sees both). */
  #take(json: unknown, entries: VerseEntry[]): void {
    // The periodic re-read mostly finds the snapshot already held: nothing changed, nothing to announce.
    const snap = json === this.#json ? null : parseSnapshot(json);
    const newer = snap !== null && !(this.#snap && snap.at < this.#snap.at && snap.writer === this.#snap.writer);
    if (newer) {
      const start = snap.verseStart;
      if (start?.id !== this.#verse?.start.id) this.#verse = start ? new VerseSoFar(start) : null;
      this.#snap = snap;
      this.#json = json as string;
    }
    // Entries this server already has are skipped: the log only grows while a verse is written.
    for (const e of entries) this.#verse?.add(e);
    if (newer) this.events.emit('changed', snap);
  }

  /** A token or line announced by the writer (JSON); one that shows an earlier one was missed reads the log again. */
  append(json: unknown): void {
    const entry = parseEntry(json);
    if (!entry) return;
    const outcome = this.#verse?.add(entry) ?? 'other';
    if (outcome === 'gap' || outcome === 'other') void this.refresh();
  }

  /** Reads the snapshot and the verse log from Redis, as one (a failed read keeps what is held). */
  refresh(): Promise<void> {
    // Asked while a read is out: that read may have left before what made us ask, so another follows it.
    if (this.#reading) return ((this.#again = true), this.#reading);
    this.#reading = (async () => {
      do {
        this.#again = false;
        await this.#read();
      } while (this.#again && !this.#stop.signal.aborted);
    })().finally(() => (this.#reading = null));
    return this.#reading;
  }

  async #read(): Promise<void> {
    const { client, keys } = this.#o;
    const read = await client.multi().get(keys.state).lRange(keys.verse, 0, -1).exec().catch(() => null);
    if (!read) return;
    const [json, log] = read as unknown as [string | null, string[]];
    this.#take(json, (log ?? []).map(parseEntry).filter((e): e is VerseEntry => e !== null));
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
    return {
      verse: verseToSend(this.#verse?.snapshot() ?? null, from),
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
