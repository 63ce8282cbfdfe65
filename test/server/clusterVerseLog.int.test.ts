/**
 * The writer's verse in Redis (issue 19's review, item 1), on a real `redis-server` with the socket.io Redis
 * streams adapter as the servers use it: what the writer sends Redis per verse grows in proportion to the
 * verse (counted on Redis's own MONITOR, not by the writer), and a server that joins in the middle of a verse
 * rebuilds it exactly as the writer has it. The verse comes from a scripted verse feed (a FAKE loop): a real
 * model cannot be made to write a verse exactly twice as long as another (its form caps it at 8 lines).
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../engine/clock.ts';
import { Emitter } from '../../engine/emitter.ts';
import type { VerseLoopEvents } from '../../engine/verseLoopEvents.ts';
import type { VerseLine, VerseSnapshot, VerseStart, VerseToken } from '../../protocol/events.ts';
import { openRedis, type RedisClient, type RedisLink } from '../../server/cluster/redisLink.ts';
import type { SharedSnapshot } from '../../server/cluster/sharedSnapshot.ts';
import { StateMirror } from '../../server/cluster/stateMirror.ts';
import { StatePublisher } from '../../server/cluster/statePublisher.ts';
import { startRedis, type TestRedis } from '../helpers/redisServer.ts';

const KEYS = { state: 'test:state', verse: 'test:verse' };
/** Commands that only read: the other server's and the adapter's reads are not what the writer sends. */
const READS = new Set(['xread', 'xrange', 'get', 'lrange', 'multi', 'exec', 'echo', 'ping', 'client', 'info', 'hello']);
/** Six lines of 7 characters, taken in turn. */
const POEM = '春江潮水连海平海上明月共潮生滟滟随波千万里何处春江无月明江流宛转绕芳甸月照花林皆似霰';

let redis: TestRedis;
let writer: RedisLink;
let edge: RedisLink;
let monitor: RedisClient;
const ios: Server[] = [];
/** Every command Redis ran, as MONITOR printed it. */
const ran: string[] = [];

/** A socket.io server on the Redis streams adapter, as a server of the installation has (no pages needed). */
function ioOn(link: RedisLink): Server {
  const http = createServer().listen(0, '127.0.0.1');
  const io = new Server(http, { adapter: createAdapter(link.adapterClient, { streamName: 'test:socket.io', channelPrefix: 'test:socket.io', sessionKeyPrefix: 'test:sio:' }) });
  ios.push(io);
  return io;
}

beforeAll(async () => {
  redis = await startRedis();
  writer = await openRedis({ url: redis.url, clock: systemClock });
  edge = await openRedis({ url: redis.url, clock: systemClock });
  monitor = createClient({ url: redis.url }) as RedisClient;
  await monitor.connect();
  await monitor.monitor((line) => ran.push(String(line)));
}, 60_000);

afterAll(async () => {
  await Promise.all(ios.map((io) => new Promise((resolve) => io.close(resolve))));
  await Promise.all([writer?.close(), edge?.close(), monitor?.close().catch(() => {})]);
  await redis?.stop();
});

/** The writer's side: a verse feed, the publisher on it, and the verse as the writer has it (`loop.current()`). */
function writerSide(io: Server): { feed: Emitter<VerseLoopEvents>; publisher: StatePublisher; verse(): VerseSnapshot | null; write(n: number, lines: number): Generator<void> } {
  const feed = new Emitter<VerseLoopEvents>();
  let verse: VerseSnapshot | null = null;
  const read = (): Omit<SharedSnapshot, 'verseStart'> => ({
    writer: 'writer-1',
    params: { tempo: 8, temperature: 0.8, top_k: 40, top_p: 0.95, verse_gap: 4, scene: 'ink', blend: 0, line_pause: 0.6, ink_density: 0.5, wind: 0.2 },
    scene: { name: 'ink' } as SharedSnapshot['scene'],
    queue: [],
    // The journal of the verse, as the writer's store has it at each line's end.
    running: verse ? [{ item: { id: verse.start.id, text: '春江', owner: 'kiosk-1', seq: 1, source: 'visitor' }, start: { model: 'tang-poet-zh', device: 'cpu', seed: 7, params: {}, startedAt: 0 }, progress: { text: verse.text, lines: verse.lines.map((l) => l.text), tokens: verse.tokens.length, firstTokenMs: 40, paramChanges: [] }, updatedAt: 0 }] as unknown as SharedSnapshot['running'] : [],
    limits: { promptChars: 40 },
    at: Date.now(),
  });
  const publisher = new StatePublisher({ client: writer.client, keys: KEYS, feed: { events: feed }, read, announce: (kind, json) => void io.serverSideEmit(kind === 'state' ? 'inkverse:state' : 'inkverse:verse', json) });
  /** Writes verse `n` of `lines` lines of 7 characters and a mark, one token each; yields after each token (and the line it ends). */
  function* write(n: number, lines: number): Generator<void> {
    const start: VerseStart = { id: `verse-${n}`, prompt: '春江', source: 'visitor', model: 'tang-poet-zh' };
    feed.emit('verse:start', start);
    verse = { start, tokens: [], lines: [], text: '' };
    for (let l = 0; l < lines; l++) {
      const text = `${POEM.slice((l * 7) % POEM.length, ((l * 7) % POEM.length) + 7)}${l % 2 ? '。' : '，'}`; // 7 characters and a mark
      for (const [i, ch] of [...text].entries()) {
        const token: VerseToken = { id: start.id, seq: verse.tokens.length, text: ch, line: l, at: Date.now(), entropy: 2.345 };
        verse.tokens.push(token);
        verse.text += ch;
        feed.emit('verse:token', token);
        if (i === text.length - 1) {
          const line: VerseLine = { id: start.id, index: l, stanza: 0, text: text.slice(0, 7), author: 'machine', pinyin: 'chūn jiāng cháo shuǐ lián hǎi píng' };
          verse.lines.push(line);
          feed.emit('verse:line', line); // with its last token, as the loop does
        }
        yield;
      }
    }
    verse = null;
    feed.emit('verse:end', { id: start.id, text: '', reason: 'done' });
  }
  return { feed, publisher, verse: () => verse && structuredClone(verse), write };
}

/** Waits until every command sent so far by the writer (state and adapter connections) has run, and marks the point in MONITOR's record. */
async function mark(publisher: StatePublisher, name: string): Promise<number> {
  await publisher.flushed();
  await writer.client.echo(name);
  await writer.adapterClient.echo(name);
  await new Promise<void>((resolve) => {
    const check = (): void => (ran.filter((l) => l.includes(`"${name}"`)).length >= 2 ? resolve() : void setTimeout(check, 1));
    check();
  });
  return ran.length;
}

/** Bytes of the commands (their arguments as MONITOR prints them) that write, between two marks. */
function bytesSent(from: number, to: number): { bytes: number; commands: number } {
  const writes = ran.slice(from, to).map((l) => l.slice(l.indexOf(']') + 2)).filter((args) => !READS.has(args.split(' ')[0]!.replace(/"/g, '').toLowerCase()));
  // MONITOR prints each argument quoted, a byte outside ASCII as \\xNN and a quote or backslash escaped: counted as the bytes they stand for.
  const size = (args: string): number => args.replace(/\\x[0-9a-f]{2}/g, '.').replace(/\\(.)/g, '$1').length;
  return { bytes: writes.reduce((n, args) => n + size(args), 0), commands: writes.length };
}

async function run(steps: Generator<void>, until = Infinity): Promise<void> {
  for (let i = 0; i < until; i++) {
    if (steps.next().done) return;
    // Tokens come far slower than Redis answers (8 a second by default): each is sent before the next comes.
    await writer.client.ping();
  }
}

describe('the verse in Redis', () => {
  it('costs Redis bytes in proportion to its length: a verse twice as long costs less than 2.5 times as much', async () => {
    const w = writerSide(ioOn(writer));
    try {
      const costs: Array<{ tokens: number; bytes: number; commands: number }> = [];
      for (const [n, lines] of [[1, 8], [2, 16]] as const) {
        const before = await mark(w.publisher, `before-${n}`);
        await run(w.write(n, lines));
        const after = await mark(w.publisher, `after-${n}`);
        costs.push({ tokens: lines * 8, ...bytesSent(before, after) });
      }
      console.info(`bytes sent to Redis per verse: ${costs.map((c) => `${c.tokens} tokens: ${c.bytes} B in ${c.commands} commands`).join('; ')}`);
      const [short, long] = costs as [(typeof costs)[0], (typeof costs)[0]];
      expect(short.bytes).toBeGreaterThan(0);
      expect(long.bytes / short.bytes).toBeLessThan(2.5);
      expect(long.commands / short.commands).toBeLessThan(2.5);
    } finally {
      w.publisher.close();
    }
  }, 120_000);

  it('a server that joins mid-verse has the verse so far exactly as the writer, and follows it to its end', async () => {
    const w = writerSide(ioOn(writer));
    const edgeIo = ioOn(edge); // the other server's adapter is reading before its mirror starts, as in a server
    const fallback = { state: () => { throw new Error('the edge served its own state: it found no snapshot'); } };
    let mirror: StateMirror | null = null;
    try {
      const steps = w.write(3, 8);
      await run(steps, 3 * 8 + 5); // three lines and five characters of the fourth
      await w.publisher.flushed();
      mirror = new StateMirror({ client: edge.client, keys: KEYS, clock: systemClock, fallback });
      const m = mirror;
      edgeIo.on('inkverse:state', (json: unknown) => m.accept(json));
      edgeIo.on('inkverse:verse', (json: unknown) => m.append(json));
      await m.refresh();
      expect(m.state().verse).toEqual(w.verse());
      expect(m.state().verse?.tokens).toHaveLength(29);
      // The rest comes by announcement: at each line's end (a snapshot announced after its tokens) it matches again.
      const nextChange = (): Promise<VerseSnapshot | null> => new Promise((resolve) => {
        const off = m.events.on('changed', () => (off(), resolve(structuredClone(m.state().verse))));
      });
      for (let l = 3; l < 7; l++) {
        const changed = nextChange();
        await run(steps, l === 3 ? 3 : 8);
        expect(await changed).toEqual(w.verse());
      }
      expect(m.state({ id: 'verse-3', fromSeq: 50 }).verse?.tokens.map((t) => t.seq)).toEqual([50, 51, 52, 53, 54, 55]);
    } finally {
      mirror?.close();
      w.publisher.close();
    }
  }, 120_000);
});
