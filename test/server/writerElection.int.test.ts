/**
 * The writer lock on a real `redis-server` (issue 19's review, item 4): the lock's Lua script is loaded once and
 * each renewal sends only its digest (EVALSHA), as Redis's own MONITOR shows; a Redis that forgot its scripts
 * (a restart, here `SCRIPT FLUSH`) gets the script whole once (EVAL) and the writer keeps the lock throughout.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../engine/clock.ts';
import { openRedis, type RedisClient, type RedisLink } from '../../server/cluster/redisLink.ts';
import { WriterElection, type Role } from '../../server/cluster/writerElection.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';

let redis: TestRedis;
let link: RedisLink;
let monitor: RedisClient;
let admin: RedisClient;
/** The lock's commands Redis ran (command name, lower case), as MONITOR printed them. */
const lockCommands: string[] = [];
const waiting: Array<() => void> = [];

beforeAll(async () => {
  redis = await startRedis();
  link = await openRedis({ url: redis.url, clock: systemClock });
  admin = createClient({ url: redis.url }) as RedisClient;
  monitor = createClient({ url: redis.url }) as RedisClient;
  await Promise.all([admin.connect(), monitor.connect()]);
  await monitor.monitor((line) => {
    if (/\[\d+ lua\]/.test(String(line))) return; // what the script itself runs
    const args = String(line).slice(String(line).indexOf(']') + 2);
    const name = args.split(' ')[0]!.replace(/"/g, '').toLowerCase();
    if (args.includes('"test:writer"') || args.toLowerCase().startsWith('"script" "load"')) lockCommands.push(name === 'script' ? 'script load' : name);
    for (const w of waiting.splice(0)) w();
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([link?.close(), monitor?.close().catch(() => {}), admin?.close()]);
  await redis?.stop();
});

/** Resolves once `ok()` holds, checked at each command Redis runs. */
function whenSeen(ok: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => (ok() ? resolve() : void waiting.push(check));
    check();
  });
}

describe('the writer lock', () => {
  it('is renewed by its script\'s digest, and kept when Redis forgot the script', async () => {
    const election = new WriterElection({ client: link.client, key: 'test:writer', id: 'server-1', lockMs: 600, contend: true, clock: systemClock });
    const roles: Role[] = [];
    election.events.on('role', (r) => roles.push(r));
    try {
      election.start();
      await whenSeen(() => lockCommands.filter((c) => c === 'evalsha').length >= 4);
      expect(roles).toEqual(['writer']);
      // Loaded once, then only the digest: the script itself is never sent with a renewal.
      expect(lockCommands.slice(0, 5)).toEqual(['script load', 'evalsha', 'evalsha', 'evalsha', 'evalsha']);

      await admin.scriptFlush(); // as a restarted Redis: no script cached
      const flushedAt = lockCommands.length;
      await whenSeen(() => lockCommands.slice(flushedAt).filter((c) => c === 'evalsha').length >= 4);
      const after = lockCommands.slice(flushedAt);
      // The first renewal finds no script and sends it whole (which caches it again); the digest works after that.
      expect(after.slice(0, 3)).toEqual(['evalsha', 'eval', 'evalsha']);
      expect(after.filter((c) => c !== 'evalsha')).toEqual(['eval']);
      expect(roles).toEqual(['writer']);
      expect(await admin.get('test:writer')).toBe('server-1');
    } finally {
      await election.close();
    }
    expect(await admin.get('test:writer')).toBeNull(); // a clean close lets the lock go
  }, 60_000);
});
