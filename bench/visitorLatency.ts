/**
 * @module bench/visitorLatency: kiosk submit -> first token of the visitor's own verse while attract verses run
 * (issue 23). A real installation (shipped Tang model, CPU, the default tempo, gap and drafting, a temporary data
 * folder) on a free port; a /kiosk socket.io client submits 20 prompts, each at a random moment (seeded) of the
 * attract cycle: from 0 to ATTRACT_CYCLE_MS after an attract verse starts, so some land mid-line, some at a line
 * end, some in the gap after the verse. Each visitor verse is skipped after its first token, and the next attract
 * verse starts the next round.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { parseConfig } from '../config/loadConfig.ts';
import { seededRng } from '../engine/rng.ts';
import type { ClientToServerEvents, PromptAck, ServerToClientEvents, VerseStart } from '../protocol/events.ts';
import { startInstallation } from '../server/installation.ts';
import type { BenchDefinition } from './benchDefinition.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** An attract verse of 8 Tang lines at tempo 8 takes about 8 s, then the 4 s verse gap. */
const ATTRACT_CYCLE_MS = 12_000;
const PROMPTS = ['江上秋月', '山中夜雨', '故园', '春风', 'autumn wind', '孤舟', '明月', 'the river at dawn', '寒梅', '归雁'];

export interface VisitorLatency {
  submissions: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Where the attract cycle was when each prompt came: counts by loop state. */
  during: { writing: number; resting: number };
  /** Attract verses that ended `yielded`. */
  yielded: number;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

export async function benchVisitorLatency(submissions = 20): Promise<VisitorLatency> {
  const data = mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-visitor-'));
  const config = parseConfig({ server: { port: 0, host: '127.0.0.1' }, osc: { port: 0, host: '127.0.0.1' }, data, log: { level: 'warn' } });
  const inst = await startInstallation({ config, configDir: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-cfg-')) });
  const kiosk: Client = io(`${inst.url}/kiosk`, { transports: ['websocket'], forceNew: true });
  const rng = seededRng(23);
  const latencies: number[] = [];
  const during = { writing: 0, resting: 0 };
  let yielded = 0;
  inst.loop.events.on('verse:end', (e) => void (e.reason === 'yielded' && yielded++));
  const nextStart = (match: (s: VerseStart) => boolean): Promise<VerseStart> =>
    new Promise((resolve) => {
      const on = (s: VerseStart): void => void (match(s) && (inst.loop.events.off('verse:start', on), resolve(s)));
      inst.loop.events.on('verse:start', on);
    });
  // The first token of each verse as the kiosk receives it (recorded as it comes, so none is missed before an ack).
  const firsts = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  kiosk.on('verse:token', (t) => {
    if (firsts.has(t.id)) return;
    firsts.set(t.id, performance.now());
    waiting.get(t.id)?.(firsts.get(t.id)!);
  });
  const firstToken = (id: string): Promise<number> => new Promise((resolve) => (firsts.has(id) ? resolve(firsts.get(id)!) : waiting.set(id, resolve)));
  try {
    await inst.ready;
    for (let i = 0; i < submissions; i++) {
      await nextStart((s) => s.source === 'attract');
      await new Promise((r) => setTimeout(r, rng() * ATTRACT_CYCLE_MS));
      during[inst.loop.state === 'writing' ? 'writing' : 'resting']++;
      const t0 = performance.now();
      const ack = await new Promise<PromptAck>((resolve) => kiosk.emit('prompt:submit', { text: PROMPTS[i % PROMPTS.length]! }, resolve));
      if (!ack.ok) throw new Error(`prompt refused: ${ack.error.message}`);
      latencies.push((await firstToken(ack.id)) - t0);
      inst.loop.skip(); // the visitor's verse is not what is measured; the next attract verse starts the next round
    }
  } finally {
    kiosk.close();
    await inst.close();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return { submissions, p50Ms: Math.round(percentile(sorted, 0.5)), p95Ms: Math.round(percentile(sorted, 0.95)), maxMs: Math.round(sorted.at(-1)!), during, yielded };
}

/** `npm run bench -- visitor`. */
export const bench: BenchDefinition = {
  async run() {
    const r = await benchVisitorLatency();
    return {
      figures: { visitor_first_token_p50_ms: r.p50Ms, visitor_first_token_p95_ms: r.p95Ms, visitor_first_token_max_ms: r.maxMs },
      markdown: [
        "## Visitors first: kiosk submit -> first token of the visitor's verse, attract verses running (tempo 8, gap 4 s, 4 drafts)",
        '',
        '| submissions | during an attract verse / in its gap | attract verses yielded | p50 | p95 | max |',
        '| --- | --- | --- | --- | --- | --- |',
        `| ${r.submissions} | ${r.during.writing} / ${r.during.resting} | ${r.yielded} | ${r.p50Ms} ms | ${r.p95Ms} ms | ${r.maxMs} ms |`,
      ],
    };
  },
};
