/**
 * @module models/cli/tuneCard: the model card (README.md) of a tuned model: what it was tuned from and on, what was
 * done with characters the base vocabulary lacks, training, held-out perplexity base vs tuned, the poet's over-used
 * characters in base and tuned verses, the verbatim share, and the `models:eval` block between its markers (so a
 * later `models:eval --card` replaces just that block).
 */
import type { ModelInfo } from '../../engine/modelRegistry.ts';
import { evalMarkdown } from './evalMarkdown.ts';
import type { TunePrep } from './tunePrepare.ts';
import type { TuneMeasures } from './tuneMeasure.ts';
import type { TrainSettings, TrainSummary } from './tuneSteps.ts';

export const EVAL_BEGIN = '<!-- models:eval:begin -->';
export const EVAL_END = '<!-- models:eval:end -->';

export interface TuneCardInput {
  name: string;
  description: string;
  base: ModelInfo;
  /** The command line as run, for the card. */
  command: string;
  corpusFile: string;
  prep: TunePrep;
  train: TrainSummary;
  settings: TrainSettings;
  measures: TuneMeasures;
  /** Wall time of the whole tune so far (seconds), measured by the caller. */
  wallSeconds: number;
  /** Extra notes (licence of the poems, how the sample was made). */
  notes: string[];
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

function charactersSection(p: TunePrep, base: string): string[] {
  const fits = [p.fit, ...(p.heldoutFit ? [p.heldoutFit] : [])];
  const mapped = fits.flatMap((f) => f.mapped);
  const missing = fits.flatMap((f) => f.missing);
  const dropped = fits.reduce((n, f) => n + f.linesDropped, 0);
  const lost = fits.reduce((n, f) => n + f.poemsRead - f.poemsKept, 0);
  return [
    '## Characters the base vocabulary lacks',
    '',
    mapped.length
      ? `- Replaced by their Simplified or plain form, which ${base} knows (${mapped.length}): ${mapped.slice(0, 40).map((m) => `${m.from}→${m.to} (${m.count})`).join(', ')}.`
      : '- None needed replacing by a Simplified or plain form.',
    missing.length
      ? `- Not in the vocabulary even so (${missing.length}): ${missing.slice(0, 60).map((m) => `${m.char} (${m.count})`).join(', ')}. ` +
        `Each line holding one was left out of its poem (${int(dropped)} lines); poems left with fewer than two lines were left out (${int(lost)}).`
      : `- Every character is in the vocabulary: no line was left out${lost ? ` (${lost} one-line poems were)` : ''}.`,
    '',
  ];
}

function measuresSection(c: TuneCardInput): string[] {
  const m = c.measures;
  const margin = (1 - m.tuned.perplexity / m.base.perplexity) * 100;
  const units = c.prep.overused;
  const unit = c.base.language.startsWith('zh') ? 'characters' : 'words';
  return [
    '## Held-out perplexity on the artist\'s own held-out poems',
    '',
    `- ${c.prep.heldoutPoems} held-out poems (${int(m.base.tokens)} characters scored, per character, int8 weights of both):`,
    `  base ${c.base.name} **${m.base.perplexity.toFixed(1)}**, tuned **${m.tuned.perplexity.toFixed(1)}**: ${margin >= 0 ? `${margin.toFixed(1)}% lower` : `${(-margin).toFixed(1)}% higher`}.`,
    '',
    `## The poet's over-used ${unit}`,
    '',
    `- ${units.length} ${unit} the artist's training poems use at least twice as often as the reference (${c.prep.mixSource}), each 8+ times: ` +
      (units.length ? units.slice(0, 30).map((u) => `${u.unit} (${u.ratio.toFixed(1)}x)`).join(' ') : 'none') + '.',
    `- Their share of the ${unit} in ${c.measures.eval.samples} verses per model, the same kiosk prompts and seeds, drafting off: ` +
      `base **${pct(m.overused.base.rate)}** (${m.overused.base.hits} of ${int(m.overused.base.units)}), tuned **${pct(m.overused.tuned.rate)}** (${m.overused.tuned.hits} of ${int(m.overused.tuned.units)}).`,
    '',
    '## Verbatim lines',
    '',
    `- Generated lines (5+ characters) equal to one of the artist's own lines (training and held-out poems): tuned **${pct(m.verbatim.tuned.share)}** ` +
      `(${m.verbatim.tuned.count} of ${m.verbatim.tuned.total}, drafting on and off), base ${pct(m.verbatim.base.share)} (${m.verbatim.base.count} of ${m.verbatim.base.total}).` +
      (m.verbatim.examples.length ? ` Copied: ${m.verbatim.examples.join(' / ')}.` : ''),
    '',
  ];
}

/** The whole card as Markdown. */
export function tuneCard(c: TuneCardInput): string {
  const p = c.prep;
  const t = c.train;
  const last = [...t.history].reverse().find((h) => h.full) ?? t.history.at(-1);
  const epochs = (t.tokens * (1 - p.mixCharacters / Math.max(1, p.mixCharacters + p.trainCharacters))) / Math.max(1, p.trainCharacters);
  return [
    `# ${c.name}`,
    '',
    c.description,
    '',
    '## Tuned from',
    '',
    `- Base model: \`${c.base.name}\` (its vocabulary, tokenizer, shape, prompt format and verse profile; \`inkverse.json\` names it as \`base\`).`,
    `- Command: \`${c.command}\`.`,
    `- Use it: \`INKVERSE_MODEL=<this folder> npm start\` (a folder name under models/ or a path).`,
    '',
    '## Poems',
    '',
    `- Corpus: \`${c.corpusFile}\`: ${p.fit.poemsRead} poems read, ${p.fit.poemsKept} kept; ${p.trainPoems} to train on (${int(p.trainCharacters)} characters), ` +
      `${p.heldoutPoems} held out to measure the tune (${int(p.heldoutCharacters)} characters)${p.heldoutFit ? ', from a separate held-out file' : ''}.`,
    `- Mixed in so the form is not forgotten: ${p.mixSamples} samples (${int(p.mixCharacters)} characters) drawn from ${p.mixSource}.`,
    '',
    ...charactersSection(p, c.base.name),
    '## Training',
    '',
    `- Fine-tuned from the base weights (int8 undone) with models/train/train.py: ${int(t.step)} step${t.step === 1 ? '' : 's'} of ${c.settings.batch} x ${t.hparams.n_positions} characters, ` +
      `${(t.elapsed / 60).toFixed(1)} minutes of step time (budget ${c.settings.minutes}), ${int(t.tokens)} characters seen (about ${epochs.toFixed(1)} passes over the artist's poems); ` +
      `peak learning rate ${c.settings.lr} (warm-up over ${Math.round(c.settings.warmup * 100)}% of the budget, then cosine), dropout ${c.settings.dropout}, seed ${c.settings.seed}.`,
    last ? `- train.py's held-out loss at the end: ${last.val_loss.toFixed(3)} nats/character.` : '- No held-out evaluation was recorded by train.py.',
    `- Whole tune (prepare, train, export, measure): ${(c.wallSeconds / 60).toFixed(1)} minutes wall time.`,
    '',
    ...measuresSection(c),
    ...(c.notes.length ? ['## Notes', '', ...c.notes.map((n) => `- ${n}`), ''] : []),
    '## Measured quality',
    '',
    EVAL_BEGIN,
    evalMarkdown(c.measures.eval, `npm run models:eval -- ${c.name} --samples ${c.measures.eval.samples} --no-raw`),
    EVAL_END,
    '',
  ].join('\n');
}
