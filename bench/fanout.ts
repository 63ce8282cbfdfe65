/**
 * @module bench/fanout: the display fan-out against a bare `ws` broadcast. Two server processes of the same shape
 * (bench/fanoutServer.ts): socket.io as the installation configures it, emitting `verse:token` to every stream
 * namespace as streamHub does, and a bare `ws` WebSocketServer sending the same JSON. The same bare `ws` clients
 * read both (engine.io's handshake and framing spoken by hand for socket.io), so client work is equal; each token
 * carries its send time, and the server process reports its CPU time. Per repeat both run back to back, in
 * alternating order. `fanout_<n>_ratio` = the bare server's CPU time per token over socket.io's (higher is better).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { BenchDefinition, Figure } from './benchDefinition.ts';
import { percentile, ratios, stats } from './benchReport.ts';
import type { FanoutMode, FanoutRequest, SendResult } from './fanoutServer.ts';

interface Side {
  child: ChildProcess;
  port: number;
}

const wallNow = (): number => performance.timeOrigin + performance.now();

async function startSide(mode: FanoutMode): Promise<Side> {
  const child = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fanoutServer.ts'), [mode], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`fan-out server (${mode}) exited with ${code}`)));
  });
  return { child, port };
}

const ask = (side: Side, req: FanoutRequest): Promise<SendResult> =>
  new Promise((resolve) => {
    side.child.once('message', (m: SendResult) => resolve(m));
    side.child.send(req);
  });

/** Connects `n` bare clients; each records the delivery delay of every token into `delays`. */
async function connect(mode: FanoutMode, port: number, n: number, delays: number[]): Promise<{ clients: WebSocket[]; received: () => number }> {
  let received = 0;
  const clients = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const url = mode === 'socketio' ? `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket` : `ws://127.0.0.1:${port}/`;
          const ws = new WebSocket(url);
          ws.on('error', reject);
          if (mode === 'ws') ws.once('open', () => resolve(ws));
          ws.on('message', (raw: Buffer) => {
            const data = raw.toString();
            if (mode === 'socketio') {
              if (data.startsWith('0')) return void ws.send('40/display,'); // engine.io open -> join /display
              if (data.startsWith('40/display')) return resolve(ws);
              if (data === '2') return void ws.send('3'); // ping -> pong
              if (!data.startsWith('42/display,')) return;
            }
            const [, token] = JSON.parse(mode === 'socketio' ? data.slice(data.indexOf('[')) : data) as [string, { at: number }];
            delays.push(wallNow() - token.at);
            received++;
          });
        }),
    ),
  );
  return { clients, received: () => received };
}

interface Run {
  cpuUsPerToken: number;
  p50Ms: number;
  p99Ms: number;
  lost: number;
}

async function runOnce(mode: FanoutMode, side: Side, displays: number, count: number, rate: number): Promise<Run> {
  const delays: number[] = [];
  const { clients, received } = await connect(mode, side.port, displays, delays);
  await ask(side, { report: true }); // settles the connections' own work before the count starts
  side.child.send({ count, rate } satisfies FanoutRequest);
  const deadline = performance.now() + (count / rate) * 1000 + 10_000;
  while (received() < count * displays && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const used = await ask(side, { report: true });
  for (const c of clients) c.terminate();
  const sorted = delays.sort((a, b) => a - b);
  return { cpuUsPerToken: used.cpuUs / count, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), lost: count * displays - received() };
}

export interface FanoutOptions {
  /** Display counts, each with its repeats. */
  displays: Array<{ n: number; repeats: number; rate: number }>;
  /** Seconds of tokens per run. */
  seconds: number;
}

const QUICK = { displays: [{ n: 1, repeats: 1, rate: 250 }, { n: 8, repeats: 1, rate: 250 }, { n: 64, repeats: 3, rate: 250 }], seconds: 1.5 } satisfies FanoutOptions;
const FULL = { displays: [{ n: 1, repeats: 3, rate: 250 }, { n: 8, repeats: 3, rate: 250 }, { n: 64, repeats: 5, rate: 250 }, { n: 300, repeats: 3, rate: 100 }], seconds: 4 } satisfies FanoutOptions;

/** `npm run bench -- fanout`. */
export const bench: BenchDefinition = {
  async run({ quick, log }) {
    const o = quick ? QUICK : FULL;
    const sides = { socketio: await startSide('socketio'), ws: await startSide('ws') };
    const figures: Record<string, Figure> = {};
    const rows: string[] = [];
    try {
      for (const { n, repeats, rate } of o.displays) {
        const runs: Record<FanoutMode, Run[]> = { socketio: [], ws: [] };
        for (let r = 0; r < repeats; r++) {
          for (const mode of (r % 2 ? ['ws', 'socketio'] : ['socketio', 'ws']) as FanoutMode[]) runs[mode].push(await runOnce(mode, sides[mode], n, Math.round(rate * o.seconds), rate));
          log(`${n} displays, repeat ${r + 1}: socket.io ${runs.socketio.at(-1)!.cpuUsPerToken.toFixed(0)} µs/token p99 ${runs.socketio.at(-1)!.p99Ms.toFixed(1)} ms; ws ${runs.ws.at(-1)!.cpuUsPerToken.toFixed(0)} µs/token p99 ${runs.ws.at(-1)!.p99Ms.toFixed(1)} ms`);
        }
        const s = (mode: FanoutMode, k: keyof Run, digits = 2) => stats(runs[mode].map((x) => x[k]), digits);
        Object.assign(figures, {
          [`fanout_${n}_ratio`]: stats(ratios(runs.socketio.map((x) => x.cpuUsPerToken), runs.ws.map((x) => x.cpuUsPerToken), 'lower-is-better')),
          [`fanout_${n}_p99_ratio`]: stats(ratios(runs.socketio.map((x) => x.p99Ms), runs.ws.map((x) => x.p99Ms), 'lower-is-better')),
          [`fanout_${n}_p50_ms`]: s('socketio', 'p50Ms'),
          [`fanout_${n}_p99_ms`]: s('socketio', 'p99Ms'),
          [`fanout_${n}_server_cpu_us_per_token`]: s('socketio', 'cpuUsPerToken', 0),
          [`fanout_${n}_ws_p50_ms`]: s('ws', 'p50Ms'),
          [`fanout_${n}_ws_p99_ms`]: s('ws', 'p99Ms'),
          [`fanout_${n}_ws_server_cpu_us_per_token`]: s('ws', 'cpuUsPerToken', 0),
          [`fanout_${n}_lost`]: runs.socketio.reduce((a, x) => a + x.lost, 0),
        });
        const c = (f: Figure): string => (typeof f === 'object' ? `${f.median} (${f.min}–${f.max})` : String(f));
        rows.push(
          `| ${n} | ${rate} | ${c(figures[`fanout_${n}_server_cpu_us_per_token`]!)} | ${c(figures[`fanout_${n}_ws_server_cpu_us_per_token`]!)} | **${c(figures[`fanout_${n}_ratio`]!)}** | ${c(figures[`fanout_${n}_p50_ms`]!)} / ${c(figures[`fanout_${n}_p99_ms`]!)} | ${c(figures[`fanout_${n}_ws_p50_ms`]!)} / ${c(figures[`fanout_${n}_ws_p99_ms`]!)} |`,
        );
      }
    } finally {
      for (const side of Object.values(sides)) side.child.kill();
    }
    return {
      figures,
      markdown: [
        `## Fan-out: socket.io /display broadcast vs a bare \`ws\` broadcast (${o.seconds} s of tokens per run, loopback)`,
        '',
        'Server CPU per token is the server process\'s CPU time over the run divided by the tokens sent (all displays). Delivery is from the',
        'server\'s send to a client\'s message handler (bare `ws` clients in the bench process for both). Median (min–max) over repeats.',
        '',
        '| displays | tokens/s | socket.io CPU µs/token | bare ws CPU µs/token | ratio (ws / socket.io CPU) | socket.io delivery p50 / p99 ms | bare ws delivery p50 / p99 ms |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
      ],
    };
  },
};
