/**
 * @module bench/endToEnd: what a visitor and a display see, against the generator alone. A real installation in this
 * process (shipped Tang model, tempo 0 and verse gap 0: no pacing, so the figures are the machinery's; no drafting, so
 * the work per token matches the generator alone), a /kiosk and a /display socket.io client on loopback.
 * - Kiosk submit -> the first character of that verse arriving on the /display socket.
 * - Tokens per CPU-second as the display receives them, against the same generator streaming verses with nobody
 *   watching (the worker generator driven by verseWriter, as bench/generation.ts does), in the same process:
 *   `e2e_tokens_ratio` (1: the server, socket.io and the display cost nothing per token).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { parseConfig } from '../config/loadConfig.ts';
import { engineSurface } from '../engine/control/controlSurface.ts';
import { ModelRegistry, modelSamplingParams } from '../engine/modelRegistry.ts';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';
import { TransformersGenerator } from '../engine/transformersGenerator.ts';
import { verseWriter } from '../engine/verseWriter.ts';
import type { ClientToServerEvents, PromptAck, ServerToClientEvents } from '../protocol/events.ts';
import { startInstallation } from '../server/installation.ts';
import type { BenchDefinition } from './benchDefinition.ts';
import { ratios, stats } from './benchReport.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const PROMPTS = ['江上秋月', '山中夜雨', '故园', '春风', '孤舟', '明月'];
const cpuSeconds = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

/** Display tokens per CPU-second over `seconds` of an installation writing unpaced, and submit -> first display character. */
async function installationRun(seconds: number, submissions: number): Promise<{ perCpuS: number; perS: number; firstMs: number[] }> {
  const config = parseConfig({
    server: { port: 0, host: '127.0.0.1' },
    osc: { port: 0, host: '127.0.0.1' },
    data: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-e2e-')),
    params: { tempo: 0, verse_gap: 0, drafts: 0 },
    log: { level: 'warn' },
  });
  const inst = await startInstallation({ config, configDir: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-cfg-')) });
  const display: Client = io(`${inst.url}/display`, { transports: ['websocket'], forceNew: true });
  const kiosk: Client = io(`${inst.url}/kiosk`, { transports: ['websocket'], forceNew: true });
  try {
    await inst.ready;
    // After the first whole verse: the visitor's tables load beside the first one (visitor.warm) and are not per-token work.
    await new Promise<void>((resolve) => display.once('verse:end', () => resolve()));
    const firsts = new Map<string, number>();
    let tokens = 0;
    display.on('verse:token', (t) => {
      tokens++;
      if (!firsts.has(t.id)) firsts.set(t.id, performance.now());
    });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const perCpuS = tokens / cpuSeconds(process.cpuUsage(cpu0));
    const perS = tokens / ((performance.now() - t0) / 1000);
    const firstMs: number[] = [];
    for (let i = 0; i < submissions; i++) {
      const t = performance.now();
      const ack = await new Promise<PromptAck>((resolve) => kiosk.emit('prompt:submit', { text: PROMPTS[i % PROMPTS.length]! }, resolve));
      if (!ack.ok) throw new Error(`prompt refused: ${ack.error.message}`);
      while (!firsts.has(ack.id)) await new Promise((r) => setTimeout(r, 1));
      firstMs.push(firsts.get(ack.id)! - t);
      inst.loop.skip();
    }
    return { perCpuS, perS, firstMs };
  } finally {
    display.close();
    kiosk.close();
    await inst.close();
  }
}

/** Tokens per CPU-second of the generator alone, streaming verses for `seconds`. */
async function generatorRun(seconds: number): Promise<{ perCpuS: number; perS: number }> {
  const model = new ModelRegistry(path.join(PROJECT_ROOT, 'models')).get('tang-poet-zh');
  const params = engineSurface({ ...modelSamplingParams(model).params, tempo: 0, drafts: 0 });
  const generator = new TransformersGenerator({ model, device: 'cpu', dtype: 'auto', params });
  try {
    await generator.load();
    let tokens = 0;
    let v = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    while (performance.now() < end) {
      const writer = verseWriter({ generator, model, prompt: PROMPTS[v % PROMPTS.length]!, replay: false, params, judges: [] });
      for await (const _ of writer.stream(writer.opening, ++v, new AbortController().signal)) tokens++;
    }
    return { perCpuS: tokens / cpuSeconds(process.cpuUsage(cpu0)), perS: tokens / ((performance.now() - t0) / 1000) };
  } finally {
    await generator.close();
    params.dispose();
  }
}

/** `npm run bench -- endtoend`. */
export const bench: BenchDefinition = {
  async run({ quick, log }) {
    const [repeats, seconds, submissions] = quick ? [2, 2, 2] : [3, 15, 8];
    const ours: Array<{ perCpuS: number; perS: number; firstMs: number[] }> = [];
    const peer: Array<{ perCpuS: number; perS: number }> = [];
    for (let r = 0; r < repeats; r++) {
      ours.push(await installationRun(seconds, submissions));
      peer.push(await generatorRun(seconds));
      log(`repeat ${r + 1}: display ${ours.at(-1)!.perCpuS.toFixed(0)} tokens/CPU-s, generator alone ${peer.at(-1)!.perCpuS.toFixed(0)}; submit -> first character ${ours.at(-1)!.firstMs.map((x) => x.toFixed(0)).join(', ')} ms`);
    }
    const figures = {
      e2e_first_character_ms: stats(ours.flatMap((o) => o.firstMs), 1),
      e2e_tokens_ratio: stats(ratios(ours.map((o) => o.perCpuS), peer.map((p) => p.perCpuS), 'higher-is-better')),
      e2e_display_tokens_per_s: stats(ours.map((o) => o.perS), 1),
      e2e_display_tokens_per_cpu_s: stats(ours.map((o) => o.perCpuS), 0),
      e2e_generator_tokens_per_s: stats(peer.map((p) => p.perS), 1),
      e2e_generator_tokens_per_cpu_s: stats(peer.map((p) => p.perCpuS), 0),
    };
    const c = (s: { median: number; min: number; max: number }): string => `${s.median} (${s.min}–${s.max})`;
    return {
      figures,
      markdown: [
        `## End to end: kiosk submit -> first character on /display; display token rate vs the generator alone (${repeats} repeats of ${seconds} s, tempo 0, no drafting)`,
        '',
        '| figure | median (min–max) |',
        '| --- | --- |',
        `| kiosk submit -> first character on a /display socket | ${c(figures.e2e_first_character_ms)} ms |`,
        `| tokens per CPU-second at the display (installation) | ${c(figures.e2e_display_tokens_per_cpu_s)} |`,
        `| tokens per CPU-second, generator alone | ${c(figures.e2e_generator_tokens_per_cpu_s)} |`,
        `| ratio display / generator alone (CPU time) | **${c(figures.e2e_tokens_ratio)}** |`,
        `| tokens/s at the display (wall) | ${c(figures.e2e_display_tokens_per_s)} |`,
        `| tokens/s, generator alone (wall) | ${c(figures.e2e_generator_tokens_per_s)} |`,
      ],
    };
  },
};
