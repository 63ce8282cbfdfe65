/**
 * @module bench/drafting: what line drafting (engine/lineDrafter) buys in lines. The shipped Tang model in the
 * engine's worker generator, as the verse loop drives it through verseWriter: streamed (drafts 0: one line at a time,
 * token by token) against drafted (the default 4 drafts of each next line in one batch, the best kept). Counted:
 * lines written per second when streaming (line ends in the stream), and drafted lines per second when drafting
 * (every complete candidate line the drafter got back, kept or not), besides the kept lines. Rounds alternate the
 * two paths (the order rotating), each a block of verses; `drafted_lines_ratio` = drafted lines/s over streamed
 * lines/s, per round (wall clock; the CPU-time ratio beside it is the same work whatever else loads the machine).
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';
import type { DraftOptions, Generator } from '../engine/generator.ts';
import { ModelRegistry, modelSamplingParams } from '../engine/modelRegistry.ts';
import { engineSurface } from '../engine/control/controlSurface.ts';
import { countLineBreaks } from '../engine/segmenter.ts';
import { TransformersGenerator } from '../engine/transformersGenerator.ts';
import { verseWriter } from '../engine/verseWriter.ts';
import type { BenchDefinition, BenchOutcome, Figure, Stats } from './benchDefinition.ts';
import { cell, stats } from './benchReport.ts';

export interface DraftingOptions {
  /** Registry name of the model; default tang-poet-zh. */
  model: string;
  /** Intra-op threads of the worker; default 1 (as bench/generation.ts: a second core flatters neither path). */
  threads: number;
  /** Timed rounds (each runs both paths); default 7. */
  rounds: number;
  /** Verses per path per round; default 6. */
  verses: number;
  /** Untimed rounds first (the worker's JIT settles over the first verses); default 1. */
  warmup: number;
  /** Drafts of each line when drafting (the `drafts` parameter); default 4, the parameter's own default. */
  drafts: number;
  /** max_tokens of a verse, in tokens; default 56. */
  tokens: number;
}

const DEFAULTS = { model: 'tang-poet-zh', threads: 1, rounds: 7, verses: 6, warmup: 1, drafts: 4, tokens: 56 } satisfies DraftingOptions;
/** `--quick`: 3 rounds of 2 verses. */
const QUICK = { rounds: 3, verses: 2, warmup: 1 } satisfies Partial<DraftingOptions>;

const PROMPTS = ['秋风', '明月', '江南', '孤舟', '春山', '夜雨'];

type PathName = 'streamed' | 'drafted';

interface Block {
  /** Lines: shown ones when streaming; every complete candidate line when drafting. */
  lines: number;
  /** Lines the verse showed (the kept ones when drafting). */
  shown: number;
  tokens: number;
  wallMs: number;
  cpuUs: number;
}

export interface DraftingResult {
  options: DraftingOptions;
  blocks: Record<PathName, Block[]>;
}

export async function benchDrafting(options: Partial<DraftingOptions> = {}): Promise<DraftingResult> {
  const o = { ...DEFAULTS, ...options };
  const model = new ModelRegistry(path.join(PROJECT_ROOT, 'models')).get(o.model);
  const params = engineSurface({ ...modelSamplingParams(model).params, tempo: 0, max_tokens: o.tokens });
  const generator = new TransformersGenerator({ model, device: 'cpu', dtype: model.dtypes[0]!, params, threads: o.threads });
  await generator.load();
  let drafted = 0;
  // The generator as the writer sees it, counting the complete lines each draft batch brings back.
  const counting: Generator = {
    get info() {
      return generator.info;
    },
    load: () => generator.load(),
    generate: (g) => generator.generate(g),
    draft: async (d: DraftOptions) => {
      const lines = await generator.draft(d);
      drafted += lines.filter((l) => l.ended === 'line').length;
      return lines;
    },
    close: () => generator.close(),
  };
  const verse = async (prompt: string, seed: number, drafts: number): Promise<{ text: string; tokens: number }> => {
    params.set({ drafts }, 'api');
    const writer = verseWriter({ generator: counting, model, prompt, replay: false, params, judges: [] });
    let text = writer.opening;
    let tokens = 0;
    for await (const t of writer.stream(writer.opening, seed, new AbortController().signal)) {
      text += t.text;
      tokens++;
    }
    return { text, tokens };
  };
  const block = async (p: PathName, round: number): Promise<Block> => {
    drafted = 0;
    const b: Block = { lines: 0, shown: 0, tokens: 0, wallMs: 0, cpuUs: 0 };
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (let v = 0; v < o.verses; v++) {
      const { text, tokens } = await verse(PROMPTS[(round * o.verses + v) % PROMPTS.length]!, 1 + round * o.verses + v, p === 'drafted' ? o.drafts : 0);
      b.shown += countLineBreaks(text, model.lineBreaks);
      b.tokens += tokens;
    }
    const used = process.cpuUsage(cpu);
    b.wallMs = performance.now() - start;
    b.cpuUs = used.user + used.system;
    b.lines = p === 'drafted' ? drafted : b.shown;
    return b;
  };
  const blocks: Record<PathName, Block[]> = { streamed: [], drafted: [] };
  try {
    for (let round = -o.warmup; round < o.rounds; round++) {
      const order: PathName[] = round % 2 === 0 ? ['streamed', 'drafted'] : ['drafted', 'streamed'];
      for (const p of order) {
        const b = await block(p, round + o.warmup);
        if (round >= 0) blocks[p].push(b);
      }
    }
  } finally {
    await generator.close();
    params.dispose();
  }
  return { options: o, blocks };
}

const perSecond = (b: Block): number => (b.lines / b.wallMs) * 1000;
const perCpuSecond = (b: Block): number => (b.lines / b.cpuUs) * 1e6;

/** The figures and BENCHMARKS.md table of a drafting run. */
export function draftingOutcome(r: DraftingResult, log: (message: string) => void = () => undefined): BenchOutcome {
  const { streamed, drafted } = r.blocks;
  const figures: Record<string, Figure> = {
    drafted_lines_per_s: stats(drafted.map(perSecond), 2),
    drafted_kept_lines_per_s: stats(drafted.map((b) => (b.shown / b.wallMs) * 1000), 2),
    streamed_lines_per_s: stats(streamed.map(perSecond), 2),
    drafted_lines_ratio: stats(drafted.map((b, i) => perSecond(b) / perSecond(streamed[i]!))),
    drafted_lines_cpu_ratio: stats(drafted.map((b, i) => perCpuSecond(b) / perCpuSecond(streamed[i]!))),
  };
  const sum = (bs: Block[], k: keyof Block): number => bs.reduce((a, b) => a + b[k], 0);
  const row = (name: string, bs: Block[], lines: string): string =>
    `| ${name} | ${sum(bs, 'tokens')} | ${sum(bs, 'shown')} | ${lines} | ${stats(bs.map(perSecond), 2).median} (${stats(bs.map(perSecond), 2).min}–${stats(bs.map(perSecond), 2).max}) | ${stats(bs.map(perCpuSecond), 2).median} |`;
  const o = r.options;
  log(`streamed ${(figures.streamed_lines_per_s as Stats).median} lines/s, drafted ${(figures.drafted_lines_per_s as Stats).median} lines/s`);
  return {
    figures,
    markdown: [
      `## Drafting: drafted lines/s against streaming one line at a time (${o.model}, CPU, ${o.threads} intra-op thread, ${o.drafts} drafts a line, ${o.rounds} rounds of ${o.verses} verses a path after ${o.warmup} untimed)`,
      '',
      '| path | tokens shown | lines shown | lines counted | lines/s, median (min–max) | lines per CPU-second |',
      '| --- | --- | --- | --- | --- | --- |',
      row('streamed (drafts 0: token by token, one line at a time)', streamed, 'the lines shown'),
      row(`drafted (${o.drafts} drafts of each line in one batch)`, drafted, `${sum(drafted, 'lines')} complete drafted lines`),
      '',
      `drafted_lines_ratio (drafted lines/s over streamed lines/s, per round): ${cell(figures.drafted_lines_ratio)}; per CPU-second ${cell(figures.drafted_lines_cpu_ratio)}. ` +
        `Kept lines/s when drafting: ${cell(figures.drafted_kept_lines_per_s)}.`,
    ],
  };
}

/** `npm run bench -- drafting`. */
export const bench: BenchDefinition = {
  run: async ({ quick, log }) => draftingOutcome(await benchDrafting(quick ? QUICK : {}), log),
};
