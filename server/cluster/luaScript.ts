/**
 * @module luaScript: a Lua script run on Redis by its digest. It is sent whole once (`SCRIPT LOAD`); each run
 * after that sends only the digest (`EVALSHA`), so a lock renewed every few hundred milliseconds does not send
 * its script each time. A Redis that restarted has forgotten it (`NOSCRIPT`): that run sends it whole
 * (`EVAL`, which caches it again) and the digest works once more.
 */
import type { RedisClient } from './redisLink.ts';

export class LuaScript {
  readonly #source: string;
  /** The digest, per connection that loaded it (each Redis has its own script cache). */
  readonly #shas = new WeakMap<RedisClient, string>();

  constructor(source: string) {
    this.#source = source;
  }

  /** Runs the script with `keys` and `args`; rejects as the command does (Redis away). */
  async run(client: RedisClient, keys: string[], args: string[]): Promise<unknown> {
    const options = { keys, arguments: args };
    let sha = this.#shas.get(client);
    if (!sha) this.#shas.set(client, (sha = await client.scriptLoad(this.#source)));
    try {
      return await client.evalSha(sha, options);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.eval(this.#source, options); // Redis restarted: sent whole, and cached there again
    }
  }
}
