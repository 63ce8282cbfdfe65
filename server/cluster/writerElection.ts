/**
 * @module writerElection: which server writes. The writer holds a Redis key with an expiry (`SET NX PX`) and
 * renews it a few times per expiry; a standby tries to take it at the same pace, so when the writer dies
 * (no renewal) a standby holds it within one expiry and a little. While Redis is away nobody can take the key,
 * so the writer keeps writing; if on its return another server holds it, the writer steps down.
 * An `edge` never contends.
 */
import type { Clock } from '../../engine/clock.ts';
import { Emitter } from '../../engine/emitter.ts';
import { logger } from '../../engine/log.ts';
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import { LuaScript } from './luaScript.ts';
import type { RedisClient } from './redisLink.ts';

const log = logger('server:cluster');

export type Role = 'writer' | 'standby' | 'edge';

/** Takes the key if free, renews it if ours: 1 when we hold it afterwards, else 0. One round trip, atomic. */
const HOLD = new LuaScript(`
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`);
/** Lets the key go if ours (a clean shutdown hands over at once instead of after the expiry). */
const RELEASE = new LuaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`);

export interface WriterElectionOptions {
  client: RedisClient;
  /** The lock's key. */
  key: string;
  /** This server's id, the lock's value. */
  id: string;
  /** How long the lock lasts without renewal, in milliseconds. */
  lockMs: Milliseconds;
  /** False for an edge: it never writes. */
  contend: boolean;
  clock: Clock;
}

export class WriterElection {
  readonly events = new Emitter<{ role: (role: Role) => void }>();
  readonly #o: WriterElectionOptions;
  #role: Role;
  readonly #stop = new AbortController();
  #loop: Promise<void> | null = null;

  constructor(options: WriterElectionOptions) {
    this.#o = options;
    this.#role = options.contend ? 'standby' : 'edge';
  }

  get role(): Role {
    return this.#role;
  }

  /** Starts contending (an edge does nothing). */
  start(): void {
    if (!this.#o.contend || this.#loop) return;
    this.#loop = this.#run();
  }

  async #run(): Promise<void> {
    const { clock, lockMs } = this.#o;
    while (!this.#stop.signal.aborted) {
      await this.#tick();
      // A third of the expiry: two renewals may be lost to a slow moment before the lock lapses.
      await clock.sleep(Math.max(50, Math.floor(lockMs / 3)), this.#stop.signal).catch(() => {});
    }
  }

  async #tick(): Promise<void> {
    const { client, key, id, lockMs } = this.#o;
    let held: boolean;
    try {
      held = (await HOLD.run(client, [key], [id, String(lockMs)])) === 1;
    } catch {
      return; // Redis away: the writer keeps writing, a standby keeps waiting
    }
    if (this.#stop.signal.aborted) return;
    const next: Role = held ? 'writer' : 'standby';
    if (next === this.#role) return;
    log.info({ id, role: next }, next === 'writer' ? 'this server is now the writer' : 'another server holds the writer lock; standing by');
    this.#role = next;
    this.events.emit('role', next);
  }

  /** Stops contending; a writer lets the lock go so a standby takes over at once. Idempotent. */
  async close(): Promise<void> {
    if (this.#stop.signal.aborted) return;
    this.#stop.abort();
    await this.#loop;
    if (this.#role === 'writer') await RELEASE.run(this.#o.client, [this.#o.key], [this.#o.id]).catch(() => {});
    this.events.removeAllListeners();
  }
}
