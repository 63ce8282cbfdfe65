/**
 * @module models/cli/evalMarkdown: renders an evaluation report as the Markdown block of a model card's
 * "Measured quality" section (between its `models:eval` markers), with the command that produced it.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/loadConfig.ts';
import type { EvalReport, RunReport } from './evaluate.ts';
import type { Share } from './verseStats.ts';

/** Quotes a command-line word for a POSIX shell when it needs it. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/u.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const pct = (s: Share | null): string => (s === null || s.share === null ? 'n/a' : `${(s.share * 100).toFixed(1)}% (${s.count} of ${s.total})`);
const int = (n: number): string => n.toLocaleString('en-US');
/** A prompt shown as code, with its newline visible (`明月\n` is a title). */
const promptCode = (p: string): string => `\`${JSON.stringify(p).slice(1, -1)}\``;

function table(report: EvalReport): string[] {
  const runs: RunReport[] = report.raw ? [report.served, report.raw] : [report.served];
  const head = report.raw ? ['with form rules (what visitors see)', 'raw model, plain sampling'] : ['as served (no form rules: the raw model)'];
  const rows: [string, (r: RunReport) => string][] = [];
  if (report.form) {
    const lengths = report.form.lineLengths;
    rows.push([`lines of ${lengths.length > 1 ? `${lengths.slice(0, -1).join(', ')} or ${lengths.at(-1)}` : lengths[0]} characters`, (r) => pct(r.form?.allowedLength ?? null)]);
    rows.push(['poems whose lines share one length', (r) => pct(r.form?.oneLength ?? null)]);
  }
  rows.push(['lines (5+ characters) found verbatim in the training corpus', (r) => (r.copied ? pct(r.copied) : 'n/a (no corpus index)')]);
  rows.push(['lines written', (r) => int(r.lines)]);
  rows.push([`speed (CPU, ${report.threads} thread${report.threads === 1 ? '' : 's'})`, (r) => `${r.tokensPerSecond.toFixed(1)} tokens/s`]);
  return [
    `| ${int(report.samples)} verses | ${head.join(' | ')} |`,
    `| --- | ${head.map(() => '---:').join(' | ')} |`,
    ...rows.map(([label, cell]) => `| ${label} | ${runs.map(cell).join(' | ')} |`),
  ];
}

function perplexityLine(report: EvalReport): string {
  const p = report.perplexity;
  if ('reason' in p) return `- Held-out perplexity: n/a (${p.reason}).`;
  const unit = p.perCharacter ? 'character' : 'token';
  const source = path.relative(PROJECT_ROOT, p.source);
  return (
    `- Held-out perplexity (per ${unit}): **${p.perplexity.toFixed(1)}** (loss ${p.lossNats.toFixed(3)} nats/${unit}; ` +
    `${int(p.tokens)} ${unit}s in ${int(p.windows)} windows of ${p.context}; held-out text \`${source.startsWith('..') ? p.source : source}\`).`
  );
}

/** The Markdown block; `command` is the command line that produced the report, quoted as run. */
export function evalMarkdown(report: EvalReport, command: string): string {
  const sampling = Object.entries(report.sampling)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const out = [
    `_Measured on ${report.date} with \`${command}\`: ${report.dtype} weights (sha256 ${report.weightsSha}…), CPU, ${report.threads} thread${report.threads === 1 ? '' : 's'}._`,
    '',
    perplexityLine(report),
    `- Verses: ${int(report.samples)}, seeds ${report.seed}–${report.seed + report.samples - 1}, with the model's sampling defaults (${sampling}); ` +
      `prompts in turn: ${report.prompts.map(promptCode).join(', ')}. Lines are counted in what the model wrote; a line cut off at max_tokens is left out.`,
    '',
    ...table(report),
    '',
    `Three verses${report.raw ? ' with form rules' : ''}:`,
  ];
  for (const v of report.served.verses.slice(0, 3)) {
    out.push('', `Prompt ${promptCode(v.input)}, seed ${v.seed}:`, '', '```text', (v.input + v.body).trim(), '```');
  }
  return out.join('\n');
}
