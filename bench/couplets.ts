/**
 * @module bench/couplets: what rhymed couplets cost with the shipped English model (real worker, CPU): per verse,
 * the wait for its first token (the first couplet's search: the verse shows nothing until a whole rhyming pair is
 * found), the search time per couplet, the draft batches and drafted tokens it took, and whether every couplet
 * rhymed. `npx tsx bench/couplets.ts [verses]` prints a Markdown table for BENCHMARKS.md. Wall-clock figures on a
 * loaded machine swing; the load average is printed with them.
 */
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../engine/projectRoot.ts';
import { coupletVerse } from '../engine/coupletForm.ts';
import { ENGINE_PARAMS } from '../engine/engineParams.ts';
import type { DraftOptions } from '../engine/generator.ts';
import { ModelRegistry } from '../engine/modelRegistry.ts';
import { engineSurface } from '../engine/control/controlSurface.ts';
import { linesRhyme } from '../engine/prosody/englishMetre.ts';
import { TransformersGenerator } from '../engine/transformersGenerator.ts';

const PROMPTS = ['the sea at night', 'a letter never sent', 'autumn wind over the river', 'the first snow', 'O night', 'rain on the window', 'I remember', 'my love'];

export interface CoupletRow {
  prompt: string;
  firstTokenMs: number;
  couplets: number;
  msPerCouplet: number;
  batches: number;
  draftedTokens: number;
  rhymed: boolean;
}

export async function benchCouplets(verses = 8): Promise<CoupletRow[]> {
  const model = new ModelRegistry(path.join(PROJECT_ROOT, 'models')).get('verse-en');
  const params = engineSurface({ max_tokens: 120, drafts: 4 });
  const generator = new TransformersGenerator({ model, device: 'cpu', dtype: 'auto', params: params });
  await generator.load();
  const rows: CoupletRow[] = [];
  try {
    for (let i = 0; i < verses; i++) {
      const prompt = PROMPTS[i % PROMPTS.length]!;
      let batches = 0;
      let draftedTokens = 0;
      const draft = async (o: DraftOptions): Promise<Awaited<ReturnType<typeof generator.draft>>> => {
        const out = await generator.draft(o);
        batches++;
        draftedTokens += out.reduce((n, d) => n + d.tokens.length, 0);
        return out;
      };
      const t0 = performance.now();
      let first = 0;
      let text = `${prompt} `;
      const stream = coupletVerse({ generator: { draft }, input: '', body: text, seed: 1000 + i, plan: { couplets: true }, keywords: '', language: 'en', lineBreaks: ['\n'], params, judges: [], signal: new AbortController().signal });
      for await (const t of stream) {
        first ||= performance.now() - t0;
        text += t.text;
      }
      const total = performance.now() - t0;
      const lines = text.split('\n').slice(0, -1);
      const couplets = Math.floor(lines.length / 2);
      const rhymed = text.endsWith('\n') && lines.length % 2 === 0 && lines.every((l, j) => j % 2 === 0 || linesRhyme(lines[j - 1]!, l));
      rows.push({ prompt, firstTokenMs: Math.round(first), couplets, msPerCouplet: Math.round(total / Math.max(1, couplets)), batches, draftedTokens, rhymed });
    }
  } finally {
    await generator.close();
  }
  return rows;
}

export function coupletsTable(rows: CoupletRow[]): string[] {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return [
    `## English couplets (verse-en, CPU, max_tokens 120; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores)`,
    '',
    '| prompt | first token | couplets | per couplet | draft batches | drafted tokens | all rhymed |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.prompt} | ${r.firstTokenMs} ms | ${r.couplets} | ${r.msPerCouplet} ms | ${r.batches} | ${r.draftedTokens} | ${r.rhymed ? 'yes' : 'no'} |`),
    `| median | ${median(rows.map((r) => r.firstTokenMs))} ms | ${median(rows.map((r) => r.couplets))} | ${median(rows.map((r) => r.msPerCouplet))} ms | ${median(rows.map((r) => r.batches))} | ${median(rows.map((r) => r.draftedTokens))} | ${rows.filter((r) => r.rhymed).length}/${rows.length} |`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const verses = Number(process.argv[2]) || 8;
  for (const line of coupletsTable(await benchCouplets(verses))) process.stdout.write(`${line}\n`);
  process.exit(0);
}
