/**
 * @module bench/clusterFanout: fan-out over Redis (issue 19). A writer and, for two edges, an edge server
 * (`redis.role: "edge"`) share a real `redis-server`; N display clients are spread evenly over the servers
 * that serve pages (1 edge: the writer alone, through the Redis streams adapter; 2 edges: writer and edge).
 * Latency is from the writer's loop emitting a token to each client receiving it, all in one process on one
 * clock (clients and servers share the CPU, so the figures are an upper bound of what separate machines see).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { parseConfig } from '../config/loadConfig.ts';
import type { ConfigInput } from '../config/schema.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol/events.ts';
import { startInstallation, type Installation } from '../server/installation.ts';
import { startRedis } from '../test/helpers/redisServer.ts';
import type { BenchDefinition } from './benchDefinition.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface FanoutRow {
  edges: number;
  clients: number;
  verses: number;
  tokens: number;
  p50Ms: number;
  p99Ms: number;
  /** Clients that missed a token or saw seq out of order (should be 0). */
  gapped: number;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;

async function server(redisUrl: string, prefix: string, role: 'auto' | 'edge'): Promise<Installation> {
  const config: ConfigInput = {
    server: { port: 0, host: '127.0.0.1' },
    osc: { port: 0, host: '127.0.0.1' },
    data: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-fanout-')),
    params: { tempo: 30, verse_gap: 0.2 },
    redis: { url: redisUrl, role, prefix },
  };
  const inst = await startInstallation({ config: parseConfig(config) });
  await inst.ready;
  return inst;
}

/** Waits until `ok` (at most `capMs`). */
async function until(ok: () => boolean, capMs = 120_000): Promise<void> {
  const end = performance.now() + capMs;
  while (!ok() && performance.now() < end) await new Promise((r) => setTimeout(r, 50));
}

/** One run: `edges` servers serving `clients` displays, measured over `verses` whole verses. */
export async function benchFanout(redisUrl: string, edges: 1 | 2, clients: number, verses: number): Promise<FanoutRow> {
  const prefix = `bench-${edges}-${clients}-${Date.now()}`;
  const writer = await server(redisUrl, prefix, 'auto');
  await until(() => writer.health().role === 'writer');
  const servers = edges === 2 ? [writer, await server(redisUrl, prefix, 'edge')] : [writer];
  const sockets: Client[] = Array.from({ length: clients }, (_, i) => io(`${servers[i % servers.length]!.url}/display`, { transports: ['websocket'], forceNew: true }));
  await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.once('state', () => resolve()))));
  const emitted = new Map<string, number>();
  const samples: number[] = [];
  const seen = sockets.map(() => new Map<string, number>());
  let measuring: Set<string> | null = null;
  let gaps = new Set<number>();
  writer.loop.events.on('verse:token', (t) => emitted.set(`${t.id}:${t.seq}`, performance.now()));
  sockets.forEach((s, i) => s.on('verse:token', (t) => {
    if (!measuring?.has(t.id)) return;
    const at = emitted.get(`${t.id}:${t.seq}`);
    if (at !== undefined) samples.push(performance.now() - at);
    const next = seen[i]!.get(t.id) ?? 0;
    if (t.seq !== next) gaps.add(i);
    seen[i]!.set(t.id, t.seq + 1);
  }));
  // From a verse start (so every client sees whole verses) over `verses` verses.
  let tokens = 0;
  await new Promise<void>((resolve) => {
    let done = 0;
    writer.loop.events.on('verse:start', (s) => {
      if (!measuring) measuring = new Set();
      if (measuring.size < verses) measuring.add(s.id);
    });
    writer.loop.events.on('verse:token', (t) => measuring?.has(t.id) && tokens++);
    writer.loop.events.on('verse:end', (e) => measuring?.has(e.id) && ++done === verses && resolve());
  });
  // The last tokens may still be on their way to the slowest client.
  await until(() => samples.length >= tokens * clients || gaps.size > 0, 10_000);
  for (const s of sockets) s.close();
  for (const s of servers.reverse()) await s.close();
  const sorted = samples.sort((a, b) => a - b);
  const r = (ms: number): number => Math.round(ms * 10) / 10;
  gaps = new Set([...gaps, ...seen.flatMap((m, i) => ([...(measuring ?? [])].some((id) => !m.has(id)) ? [i] : []))]);
  return { edges, clients, verses, tokens, p50Ms: r(percentile(sorted, 0.5)), p99Ms: r(percentile(sorted, 0.99)), gapped: gaps.size };
}

/** `npm run bench -- redis`. */
export const bench: BenchDefinition = {
  async run({ quick, log }) {
    const redis = await startRedis();
    const rows: FanoutRow[] = [];
    try {
      for (const clients of [64, 300]) {
        for (const edges of [1, 2] as const) {
          log(`fanout: ${edges} edge(s), ${clients} clients`);
          rows.push(await benchFanout(redis.url, edges, clients, quick ? 1 : 3));
        }
      }
    } finally {
      await redis.stop();
    }
    const figures = Object.fromEntries(rows.flatMap((r) => [[`fanout_${r.edges}edge_${r.clients}_p50_ms`, r.p50Ms], [`fanout_${r.edges}edge_${r.clients}_p99_ms`, r.p99Ms], [`fanout_${r.edges}edge_${r.clients}_gapped`, r.gapped]]));
    return {
      figures,
      markdown: [
        '## Fan-out over Redis: one and two edges',
        '',
        'A writer and (for two edges) an edge share a real `redis-server`; display clients are spread evenly over the servers; latency from the writer emitting a token to each client receiving it (tempo 30 tokens/s; servers and clients in one process on this machine).',
        '',
        '| edges | clients | verses | tokens | p50 | p99 | clients with a gap |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows.map((r) => `| ${r.edges} | ${r.clients} | ${r.verses} | ${r.tokens} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${r.gapped} |`),
      ],
    };
  },
};
