/**
 * @module bench/run: `npm run bench`. A thin registry: each entry names a bench file exporting `bench` (a
 * BenchDefinition, bench/benchDefinition.ts); bench/runner.ts runs them and prints one JSON object on stdout.
 * To add a bench: write bench/<name>.ts exporting `bench`, and add one line below.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBenches, type BenchEntry } from './runner.ts';

/** Every bench in the order they run; a file is loaded only when its bench runs, so `--help` answers at once. */
export const BENCHES: Record<string, BenchEntry> = {
  footprint: { quick: true, summary: 'server RSS/CPU at reading pace with 8 displays (1 and 10 min; quick: 1 min), memory breakdown', load: () => import('./footprint.ts') },
  generation: { quick: true, summary: 'decode: engine vs plain transformers generate() (decode_ratio), time to first token', load: () => import('./generation.ts') },
  ort: { quick: true, summary: 'decode: engine vs a bare onnxruntime-node loop on the same ONNX file (ort_ratio)', load: () => import('./ortPeer.ts') },
  drafting: { quick: true, summary: 'decode with drafting: drafted lines/s against streaming one line at a time (drafted_lines_ratio)', load: () => import('./drafting.ts') },
  blend: { quick: false, summary: 'style fader: decode cost of blending two models against one (blend_cpu_cost_ratio)', load: () => import('./blend.ts') },
  gpu: { quick: true, summary: 'decode on webgpu / cuda beside cpu, and what auto picks (unavailable without a GPU)', load: () => import('./gpu.ts') },
  fanout: { quick: true, summary: 'socket.io /display fan-out vs a bare ws broadcast, 1/8/64 (full: 300) displays (fanout_64_ratio)', load: () => import('./fanout.ts') },
  osc: { quick: true, summary: 'OSC in -> params vs a bare UDP echo (osc_ratio)', load: () => import('./osc.ts') },
  oscabsorb: { quick: true, summary: 'OSC: messages/s a running installation absorbs before loss (rate ramped in steps) vs a bare UDP echo (osc_absorb_ratio)', load: () => import('./oscAbsorb.ts') },
  isolation: { quick: true, summary: 'event-loop delay while writing, with/without 240 OSC msg/s and 64 displays', load: () => import('./isolation.ts') },
  endtoend: { quick: true, summary: 'kiosk submit -> first character on /display; display tokens/s vs the generator alone', load: () => import('./endToEnd.ts') },
  startup: { quick: false, summary: 'npm start: URLs printed, /health ok, first attract token', load: () => import('./startup.ts') },
  eventloop: { quick: false, summary: 'event-loop delay streaming at full speed to 20 displays', load: () => import('./eventLoop.ts') },
  sound: { quick: false, summary: 'sound page: token -> note lag (Chromium)', load: () => import('./soundLag.ts') },
  recovery: { quick: false, summary: 'supervision: fault -> degraded -> next token', load: () => import('./recovery.ts') },
  visitor: { quick: false, summary: 'kiosk submit -> first token of the visitor verse, attract verses running', load: () => import('./visitorLatency.ts') },
  keystroke: { quick: false, summary: 'kiosk keystroke -> paint (Chromium): Latin, Chinese without IME, pinyin letter and its candidates, vs a bare textarea (keystroke_ratio)', load: () => import('./keystroke.ts') },
  scenes: { quick: false, summary: 'display scenes: script time per frame (Chromium)', load: () => import('./scenes.ts') },
  oscflood: { quick: false, summary: 'hostile OSC floods and address patterns', load: () => import('./oscFlood.ts') },
  floods: { quick: false, summary: '/health while a kiosk floods prompt:status', load: () => import('./floods.ts') },
  redis: { quick: false, summary: 'several servers over Redis: token fan-out p50/p99 with 1 and 2 edges at 64 and 300 clients', load: () => import('./clusterFanout.ts') },
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(await runBenches(BENCHES, process.argv.slice(2)));
