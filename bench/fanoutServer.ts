/**
 * @module bench/fanoutServer: one side of the fan-out bench in a process of its own (bench/fanout.ts starts two).
 * `socketio`: an http server with socket.io as the installation sets it up (socketServerOptions) broadcasting
 * `verse:token` to every stream namespace as streamHub does; `ws`: the same http server with a bare `ws`
 * WebSocketServer sending the same JSON to every client. Told over IPC to send `count` tokens at `rate` per second,
 * it sends them; told `report` (once the clients have them all), it answers with the CPU time it used since.
 */
import http from 'node:http';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';
import { socketServerOptions } from '../server/socketGuards.ts';
import { NAMESPACES } from '../protocol/events.ts';

export type FanoutMode = 'socketio' | 'ws';
export type FanoutRequest = { count: number; rate: number } | { report: true };
export interface SendResult {
  cpuUs: number;
  wallMs: number;
}

const mode = process.argv[2] as FanoutMode;
const httpServer = http.createServer();
let broadcast: (json: unknown) => void;
if (mode === 'socketio') {
  const ioServer = new Server(httpServer, socketServerOptions({ origins: [] }, () => Date.now()));
  const all = NAMESPACES.map((ns) => ioServer.of(ns));
  broadcast = (payload) => {
    for (const ns of all) ns.emit('verse:token', payload);
  };
} else {
  const wss = new WebSocketServer({ server: httpServer });
  broadcast = (payload) => {
    const data = JSON.stringify(['verse:token', payload]);
    for (const c of wss.clients) c.send(data);
  };
}
httpServer.listen(0, '127.0.0.1', () => process.send!({ port: (httpServer.address() as { port: number }).port }));

const wallNow = (): number => performance.timeOrigin + performance.now();

let start = 0;
let cpu0 = process.cpuUsage();
process.on('message', (req: FanoutRequest) => {
  if ('report' in req) {
    const cpu = process.cpuUsage(cpu0);
    return void process.send!({ cpuUs: cpu.user + cpu.system, wallMs: performance.now() - start } satisfies SendResult);
  }
  start = performance.now();
  cpu0 = process.cpuUsage();
  let seq = 0;
  const tick = (): void => {
    const due = Math.min(req.count, Math.floor(((performance.now() - start) / 1000) * req.rate) + 1);
    while (seq < due) broadcast({ id: 'bench', seq: seq++, text: '月', line: 0, entropy: 3.2, at: wallNow() });
    // One wake-up per token interval (not a 1 ms poll, whose own CPU would swamp the per-token figure).
    if (seq < req.count) setTimeout(tick, Math.max(1, (seq * 1000) / req.rate - (performance.now() - start)));
  };
  tick();
});
process.on('disconnect', () => process.exit(0));
