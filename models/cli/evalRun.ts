/**
 * @module models/cli/evalRun: one evaluation run: kiosk verses written by the runtime's generator and verse writer
 * (drafted, streamed, or raw without form rules) from the prompt set and seeds, with their form and craft figures.
 */
import { ENGINE_PARAMS } from '../../engine/engineParams.ts';
import { modelSamplingParams, type ModelInfo } from '../../engine/modelRegistry.ts';
import { engineSurface } from '../../engine/control/controlSurface.ts';
import { planPrompt } from '../../engine/promptModes.ts';
import type { ProsodyTable } from '../../engine/prosody/prosodyTable.ts';
import { TransformersGenerator } from '../../engine/transformersGenerator.ts';
import { verseWriter } from '../../engine/verseWriter.ts';
import { MIN_LINE_CHARS, type CorpusIndex } from '../../engine/originality/corpusIndex.ts';
import { craftFigures, type SeasonTable } from './craftFigures.ts';
import type { ParallelTable } from '../../engine/coherence/parallelTable.ts';
import type { EvalOptions, EvalVerse, RunKind, RunReport } from './evalOptions.ts';
import type { NgramIndex } from './ngramIndex.ts';
import { copiedLines, formFigures, verseLines } from './verseStats.ts';

export interface Shared {
  corpus: CorpusIndex | null;
  table: ProsodyTable | null;
  ngrams: NgramIndex | null;
  seasons: SeasonTable | null;
  parallel: ParallelTable | null;
}

const HAN = /\p{Script=Han}/u;
/** What the model itself wrote, for relevance: its body, without an acrostic's given line heads. */
function writtenText(body: string, mode: string): string {
  if (mode !== 'acrostic') return body;
  return body.split(/(?<=[，。！？；])/u).map((l) => [...l].slice(1).join('')).join('');
}

export async function generateRun(model: ModelInfo, kind: RunKind, dtype: string, prompts: readonly string[], shared: Shared, o: EvalOptions): Promise<RunReport> {
  const initial = { ...modelSamplingParams(model).params, drafts: kind === 'drafted' ? o.drafts : 0, tempo: 0 };
  const params = engineSurface(initial);
  const maxTokens = params.get('max_tokens') as number;
  // The raw run is the same model with its form rules taken away: the worker then samples plainly.
  const runModel = kind === 'raw' ? { ...model, form: null, minLines: 0 } : model;
  const generator = new TransformersGenerator({ model: runModel, device: 'cpu', dtype, params, threads: o.threads });
  const verses: EvalVerse[] = [];
  try {
    o.onProgress(`${kind}: loading ${model.name} (${dtype}, CPU, ${o.threads} thread${o.threads === 1 ? '' : 's'})`);
    await generator.load();
    for (let i = 0; i < o.samples; i++) {
      const prompt = prompts[i % prompts.length]!;
      const seed = o.seed + i;
      const t0 = performance.now();
      let body = '';
      let tokens = 0;
      let opening: string;
      let mode: string;
      if (kind === 'raw') {
        const p = planPrompt(prompt, model);
        ({ opening, mode } = p);
        for await (const t of generator.generate({ input: p.input + opening, body: opening, seed })) {
          body += t.text;
          tokens++;
        }
      } else {
        const writer = verseWriter({ generator, model, prompt, replay: false, params, judges: [] });
        opening = writer.opening;
        mode = writer.start.mode ?? 'title';
        for await (const t of writer.stream(opening, seed, new AbortController().signal)) {
          body += t.text;
          tokens++;
        }
      }
      const ended = model.lineBreaks.some((b) => body.endsWith(b)) || body.endsWith('\n');
      verses.push({ prompt, mode, input: opening, body, seed, tokens, truncated: tokens >= maxTokens && !ended, ms: performance.now() - t0 });
      o.onProgress(`${kind}: verse ${i + 1}/${o.samples}`);
    }
  } finally {
    await generator.close();
    params.dispose();
  }
  const linesPerVerse = verses.map((v) => verseLines(v, model.lineBreaks));
  const lines = linesPerVerse.flat();
  const poems = verses.map((v) => verseLines({ input: '', body: v.input + v.body, truncated: v.truncated }, model.lineBreaks));
  const promptOrder = [...new Set(prompts)];
  const other = (p: string): string => promptOrder[(promptOrder.indexOf(p) + 1) % promptOrder.length]!;
  const relevance = verses.filter((v) => [...v.prompt].some((c) => HAN.test(c))).map((v) => ({ prompt: v.prompt.replace(/^藏头[：:]?/u, ''), text: writtenText(v.body, v.mode), other: other(v.prompt) }));
  const tokens = verses.reduce((s, v) => s + v.tokens, 0);
  const ms = verses.reduce((s, v) => s + v.ms, 0);
  return {
    kind,
    verses,
    lines: lines.length,
    form: model.form ? formFigures(linesPerVerse, model.form.lineLengths) : null,
    copied: shared.corpus ? copiedLines(lines, shared.corpus, MIN_LINE_CHARS) : null,
    craft: craftFigures({ language: model.language, poems, lines, relevance, table: shared.table, ngrams: shared.ngrams, seasons: shared.seasons, parallel: shared.parallel }),
    cutLines: { count: verses.filter((v) => v.truncated).length, total: verses.length, share: verses.length ? verses.filter((v) => v.truncated).length / verses.length : null },
    tokensPerSecond: ms > 0 ? (tokens / ms) * 1000 : 0,
  };
}
