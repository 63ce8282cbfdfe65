/**
 * @module models/cli/evalMarkdown: renders an evaluation report as the Markdown block of a model card's
 * "Measured quality" section (between its `models:eval` markers), with the command that produced it: the runs
 * (drafting on, drafting off, raw model) and the held-out corpus side by side, then the craft bar's ratios.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import type { CraftFigures, EnCraft, ZhCraft } from './craftFigures.ts';
import type { CorpusReport, EvalReport, RunReport } from './evaluate.ts';
import type { FormFigures, Share } from './verseStats.ts';

/** Quotes a command-line word for a POSIX shell when it needs it. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/u.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const pct = (s: Share | null | undefined): string => (!s || s.share === null ? 'n/a' : `${(s.share * 100).toFixed(1)}% (${s.count} of ${s.total})`);
const num = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const int = (n: number): string => n.toLocaleString('en-US');
/** A prompt shown as code, with its newline visible. */
const promptCode = (p: string): string => `\`${JSON.stringify(p).slice(1, -1)}\``;

const RUN_HEADS: Record<RunReport['kind'], string> = {
  drafted: 'drafting on (what visitors see)',
  streamed: 'drafting off',
  raw: 'raw model, no form rules',
};

/** One table column: a run or the corpus. */
interface Column {
  form: FormFigures | null;
  craft: CraftFigures;
  run?: RunReport;
}

type Row = [string, (c: Column) => string];

const zh = (f: (z: ZhCraft) => string): ((c: Column) => string) => (c) => (c.craft.language === 'zh' ? f(c.craft) : 'n/a');
const en = (f: (e: EnCraft) => string): ((c: Column) => string) => (c) => (c.craft.language === 'en' ? f(c.craft) : 'n/a');
const runOnly = (f: (r: RunReport) => string): ((c: Column) => string) => (c) => (c.run ? f(c.run) : '—');

function rows(report: EvalReport): Row[] {
  const out: Row[] = [];
  if (report.form) {
    const lengths = report.form.lineLengths;
    out.push([`lines of ${lengths.length > 1 ? `${lengths.slice(0, -1).join(', ')} or ${lengths.at(-1)}` : lengths[0]} characters`, (c) => pct(c.form?.allowedLength)]);
    out.push(['poems whose lines share one length', (c) => pct(c.form?.oneLength)]);
  }
  if (report.language.startsWith('zh')) {
    out.push(
      ['even lines all rhyme (modern finals, medials dropped)', zh((z) => pct(z.rhymeStrict))],
      ['even lines all rhyme (looser grouping, 13 classes)', zh((z) => pct(z.rhymeLoose))],
      ['even lines all rhyme (classical groups of the prosody table)', zh((z) => pct(z.rhymeClassical))],
      ['lines alternating level/oblique at 2/4(/6) (modern tones)', zh((z) => pct(z.alternationModern))],
      ['the same, classical tones (entering tone oblique)', zh((z) => pct(z.alternationClassical))],
      ['couplets opposed at the 2nd character (modern tones)', zh((z) => pct(z.oppositionModern))],
      ['the same, classical tones', zh((z) => pct(z.oppositionClassical))],
      ['verse holds a character of its prompt (in what the model wrote)', zh((z) => (z.relevance ? pct(z.relevance) : '—'))],
      ['the same with another prompt (chance)', zh((z) => (z.relevanceShuffled ? pct(z.relevanceShuffled) : '—'))],
      ['within-line bigrams attested in the Tang corpus', zh((z) => pct(z.bigrams))],
      ['within-line trigrams attested in the Tang corpus', zh((z) => pct(z.trigrams))],
      ['characters repeated within a verse', zh((z) => pct(z.repetition))],
      ['verses naming two seasons (春, 夏/暑, 秋, 冬/腊)', zh((z) => pct(z.seasonConflict))],
      ['the same by season markers (柳, 落叶, 菊, …)', zh((z) => pct(z.seasonConflictMarkers))],
      ['characters used 3+ times in one verse, per verse', zh((z) => (z.tripleCharacters.perVerse === null ? 'n/a' : `${z.tripleCharacters.perVerse.toFixed(3)} (${z.tripleCharacters.count} in ${z.tripleCharacters.verses})`))],
      ['lines ending in a doubled character', zh((z) => pct(z.finalDoubling))],
      ['eight-line verses: parallel slots in the middle couplets (对仗)', zh((z) => (z.parallelMiddle?.mean == null ? 'n/a' : `${(z.parallelMiddle.mean * 100).toFixed(1)}% (${z.parallelMiddle.couplets} couplets)`))],
      ['discriminator: real vs this run told apart (5-fold; 50% = cannot)', runOnly((r) => (r.discriminator ? `${(r.discriminator.accuracy * 100).toFixed(1)}% (${r.discriminator.perClass} each)` : 'n/a'))],
    );
  } else {
    out.push(
      ['syllables where an iambic line puts them (CMU stresses)', en((e) => num(e.iambic))],
      ['couplets whose lines rhyme', en((e) => pct(e.rhymedCouplets))],
      ['words found in the CMU dictionary', en((e) => num(e.words))],
      ['words repeated within a verse', en((e) => pct(e.repetition))],
    );
  }
  out.push(
    ['lines (5+ characters) found verbatim in the training corpus', runOnly((r) => (r.copied ? pct(r.copied) : 'n/a (no corpus index)'))],
    ['verses with a line cut at max_tokens', runOnly((r) => pct(r.cutLines))],
    ['lines', (c) => (c.run ? int(c.run.lines) : c.form ? int(c.form.allowedLength.total) : '—')],
    [`speed (CPU, ${report.threads} thread${report.threads === 1 ? '' : 's'}; kept tokens)`, runOnly((r) => `${r.tokensPerSecond.toFixed(1)} tokens/s`)],
  );
  return out;
}

function table(report: EvalReport): string[] {
  const columns: Column[] = report.runs.map((run) => ({ form: run.form, craft: run.craft, run }));
  const heads = report.runs.map((r) => RUN_HEADS[r.kind]);
  if (report.corpus) {
    columns.push({ form: report.corpus.form, craft: report.corpus.craft });
    heads.push(`held-out corpus (${int(report.corpus.poems)} poems)`);
  }
  return [
    `| ${int(report.samples)} verses per run | ${heads.join(' | ')} |`,
    `| --- | ${heads.map(() => '---:').join(' | ')} |`,
    ...rows(report).map(([label, cell]) => `| ${label} | ${columns.map(cell).join(' | ')} |`),
  ];
}

const ratio = (a: Share | null | undefined, b: Share | null | undefined): string =>
  a?.share != null && b?.share ? `${(a.share / b.share).toFixed(2)}×` : 'n/a';

/** The craft bar of the Chinese model: the drafted run against the corpus. */
function bar(report: EvalReport): string[] {
  const run = report.runs.find((r) => r.kind === 'drafted');
  const corpus: CorpusReport | null = report.corpus;
  if (!run || run.craft.language !== 'zh' || !corpus || corpus.craft.language !== 'zh') return [];
  const z = run.craft;
  const c = corpus.craft;
  return [
    '',
    'Against the bar (drafting on vs the held-out corpus):',
    '',
    `- lines of 5/7 characters: ${pct(run.form?.allowedLength)} (bar ≥ 99%)`,
    `- even-line rhyme, looser grouping: ${ratio(z.rhymeLoose, c.rhymeLoose)} the corpus rate (bar ≥ 0.85×)`,
    `- level/oblique alternation (modern tones): ${ratio(z.alternationModern, c.alternationModern)} the corpus rate; classical tones ${ratio(z.alternationClassical, c.alternationClassical)} (bar ≥ 0.85×)`,
    `- a prompt character in the verse: ${pct(z.relevance)} (bar ≥ 60%)`,
    `- attested trigrams: ${ratio(z.trigrams, c.trigrams)} the corpus's held-out rate (bar ≥ 0.5×)`,
    `- verbatim corpus lines: ${pct(run.copied)} (bar ≤ 2%)`,
    `- verses naming two seasons: ${ratio(z.seasonConflict, c.seasonConflict)} the corpus rate (bar ≤ 1.25×)`,
    `- characters used 3+ times per verse: ${perVerseRatio(z, c)} the corpus rate (bar ≤ 1.5×)`,
    `- attested trigrams against the bar's band: ${trigramBand(z.trigrams, c.trigrams)}`,
    `- 律诗 parallelism in the middle couplets: ${z.parallelMiddle?.mean != null && c.parallelMiddle?.mean ? `${(z.parallelMiddle.mean / c.parallelMiddle.mean).toFixed(2)}×` : 'n/a'} the corpus rate (bar ≥ 0.8×; ${z.parallelMiddle?.couplets ?? 0} couplets)`,
    `- discriminator accuracy: ${run.discriminator ? `${(run.discriminator.accuracy * 100).toFixed(1)}%` : 'n/a'} (lower is better; 50% = a reader's statistics cannot tell)`,
  ];
}

const perVerseRatio = (z: ZhCraft, c: ZhCraft): string =>
  z.tripleCharacters.perVerse !== null && c.tripleCharacters.perVerse ? `${(z.tripleCharacters.perVerse / c.tripleCharacters.perVerse).toFixed(2)}×` : 'n/a';

/** Attested trigrams as a ratio to the corpus, flagged when outside 0.8–1.3× (too formulaic above, too loose below). */
export function trigramBand(run: Share | null | undefined, corpus: Share | null | undefined): string {
  if (run?.share == null || !corpus?.share) return 'n/a';
  const r = run.share / corpus.share;
  const flag = r > 1.3 ? 'too high: leans on stock phrases' : r < 0.8 ? 'too low: phrases the poets never used' : 'within 0.8–1.3×';
  return `${r.toFixed(2)}× the corpus (${flag})`;
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
    `- Verses: ${int(report.samples)} per run, seeds ${report.seed}–${report.seed + report.samples - 1}, with the model's sampling defaults (${sampling}); ` +
      `drafting on keeps the best of ${report.drafts} drafts per line. Kiosk prompts in turn, each in the mode its shape suggests: ${report.prompts.map(promptCode).join(', ')}. ` +
      'Line figures count what the model wrote; poem figures the verse as shown; a line cut off at max_tokens is left out.',
    '',
    ...table(report),
    ...bar(report),
    '',
    'Three verses (drafting on):',
  ];
  for (const v of report.runs[0]?.verses.slice(0, 3) ?? []) {
    out.push('', `Prompt ${promptCode(v.prompt)} (${v.mode}), seed ${v.seed}:`, '', '```text', (v.input + v.body).trim(), '```');
  }
  return out.join('\n');
}
