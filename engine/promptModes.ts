/**
 * @module promptModes: how a visitor's prompt becomes the start of a verse, chosen from the prompt's shape or
 * asked for at the kiosk:
 * - `title`: a theme; the model writes a poem for it (its characters mildly favoured);
 * - `opening`: the visitor's words begin the poem as written and the model continues (5 or 7 characters, or a
 *   prompt ending in a line mark; a line of another length is kept whole and the poem settles on the nearest form);
 * - `acrostic` (藏头诗): line n begins with the prompt's n-th character;
 * - `keywords`: several words, whose characters are favoured throughout the verse.
 * Models without form rules (English) continue from the prompt:
 * - `free`: as lines of verse, joined to the prompt by a space or a newline;
 * - `couplets`: the prompt begins the first line, and lines come in rhymed pairs (see coupletForm).
 * Which of these a model writes in is its profile's `modes` (by default the four above with form rules, `free`
 * without); a mode asked for that the model lacks is refused at submission (`checkPromptMode`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OPENING_MODES, PROMPT_MODES, type PromptMode } from '../protocol/events.ts';
import { InkverseError } from '../protocol/errors.ts';
import { unknownNameMessage } from '../protocol/unknownName.ts';
import { CiTunes } from './ciTunes.ts';
import type { FormRules } from './form.ts';
import { countLineBreaks } from './segmenter.ts';
import type { VersePlan } from './versePlan.ts';

export { OPENING_MODES, PROMPT_MODES, type PromptMode };

/** What of a model's profile the modes need. */
export interface PromptModel {
  language: string;
  promptTemplate: string;
  promptMode: 'title' | 'continue';
  form: FormRules | null;
  /** Strings that end a line (the profile's `lineBreaks`: `，。！？；` for Chinese verse, a newline for English). */
  lineBreaks: readonly string[];
  /** Model folder, to learn which characters it knows; absent for a profile without a local tokenizer. */
  dir?: string;
  /** The modes the model writes in (its profile's); absent: the defaults of `promptModesOf`. */
  modes?: readonly PromptMode[];
  /** Input for a ci, `{tune}` filled with the tune's name (a model trained on ci with the tune as a prefix: `词牌{tune}\n`). */
  ciPromptTemplate?: string;
}

/** Modes that need form rules (Chinese verse: titles, openings, acrostics, keywords). */
export const FORM_MODES: readonly PromptMode[] = ['title', 'opening', 'acrostic', 'keywords'];
/** Form modes a model writes in only when its profile lists them (ci needs a model that has read ci). */
export const LISTED_FORM_MODES: readonly PromptMode[] = ['ci'];
/** Modes of models that continue the visitor's words (English verse). */
export const CONTINUE_MODES: readonly PromptMode[] = ['free', 'couplets'];

/** True when the model picks a mode from the prompt's shape when none is asked for (form rules, `title` prompts). */
export function modeFromShape(model: Pick<PromptModel, 'form' | 'promptMode'>): boolean {
  return model.form !== null && model.promptMode === 'title';
}

/** The modes a model writes in: its profile's list, or all that fit it (form modes with form rules, else `free`). */
export function promptModesOf(model: Pick<PromptModel, 'form' | 'promptMode' | 'modes'>): PromptMode[] {
  if (model.modes?.length) return [...model.modes];
  return modeFromShape(model) ? [...FORM_MODES] : ['free'];
}

/** Why `modes` do not fit a model (a sentence), or null when they do: form modes need form rules, couplets English. */
export function modesMisfit(modes: readonly PromptMode[], model: Pick<PromptModel, 'form' | 'promptMode' | 'language'>): string | null {
  const shape = modeFromShape(model);
  const formMode = (m: PromptMode): boolean => FORM_MODES.includes(m) || LISTED_FORM_MODES.includes(m);
  const bad = modes.filter((m) => (formMode(m) ? !shape : shape || (m === 'couplets' && !model.language.startsWith('en'))));
  if (bad.length === 0) return null;
  return shape
    ? `lists ${bad.join(', ')}, which a model with form rules does not write in (it has ${FORM_MODES.join(', ')})`
    : `lists ${bad.join(', ')}, which this model cannot write in (${model.language.startsWith('en') ? CONTINUE_MODES.join(', ') : 'free'} without form rules)`;
}

/** Refuses a mode the model does not write in: `INKVERSE_E_UNKNOWN_MODE`, naming the modes it has. Returns the mode. */
export function checkPromptMode(model: Pick<PromptModel, 'form' | 'promptMode' | 'modes' | 'dir'>, mode: PromptMode | undefined, text?: string): PromptMode | undefined {
  if (mode === undefined) return undefined;
  const modes = promptModesOf(model);
  if (!modes.includes(mode)) throw new InkverseError('INKVERSE_E_UNKNOWN_MODE', unknownNameMessage('verse mode', mode, modes));
  // A ci must name its tune: refused at submission, not when its turn comes.
  if (mode === 'ci' && text !== undefined) {
    const tunes = model.dir ? CiTunes.forModel(model.dir) : null;
    if (!tunes) throw new InkverseError('INKVERSE_E_UNKNOWN_MODE', 'This model has no ci tunes.');
    tunes.parse(text);
  }
  return mode;
}

export interface PromptPlan {
  mode: PromptMode;
  /** Model input before the verse (the filled template, or '' when the verse opens with the prompt). */
  input: string;
  /** The verse's first words as shown: the visitor's opening, or ''. */
  opening: string;
  plan: VersePlan;
  /** Characters of the prompt the model does not know: left out of its input and of the plan, reported. */
  unknown: string[];
  /** The prompt's characters the verse is judged relevant by (drafting favours lines that use them). */
  keywords: string;
}

/** Favour for a keyword not yet in the verse, in nats: mild for a title, strong for keywords. */
export const KEYWORD_WEIGHT = { title: 0.8, keywords: 2 } as const;

const HAN = /\p{Script=Han}/u;
const LINE_MARKS = /[，。！？；,.!?;]$/u;
const SEPARATORS = /[\s、，,/;；|]+/u;
/** A prompt beginning so asks for an acrostic: `藏头：春江花月`. */
const ACROSTIC_PREFIX = /^藏头(诗)?[：:\s]*/u;

const knownCache = new Map<string, Set<string> | null>();

/** The single characters a model's tokenizer knows, or null when it cannot be read (then all are taken as known). */
export function knownCharacters(dir: string): Set<string> | null {
  if (knownCache.has(dir)) return knownCache.get(dir)!;
  let known: Set<string> | null = null;
  const file = path.join(dir, 'tokenizer.json');
  if (existsSync(file)) {
    try {
      const vocab = (JSON.parse(readFileSync(file, 'utf8')) as { model?: { type?: string; vocab?: Record<string, number> } }).model;
      if (vocab?.type === 'WordLevel' && vocab.vocab) known = new Set(Object.keys(vocab.vocab).filter((t) => [...t].length === 1));
    } catch {
      known = null;
    }
  }
  knownCache.set(dir, known);
  return known;
}

const hanOf = (text: string): string[] => [...text].filter((c) => HAN.test(c));
const unique = (chars: string[]): string => [...new Set(chars)].join('');

/** The mode a prompt's shape suggests for a model with form rules. */
export function choosePromptMode(prompt: string): PromptMode {
  const text = prompt.trim();
  if (ACROSTIC_PREFIX.test(text) && hanOf(text.replace(ACROSTIC_PREFIX, '')).length > 0) return 'acrostic';
  const han = hanOf(text);
  if (han.length === 0) return 'title';
  if (LINE_MARKS.test(text) && han.length >= 4) return 'opening';
  // Lines of verse separated by their marks (白日依山尽，黄河入海流) open a poem, however the last one ends.
  const segments = text.split(/[，。！？；,.!?;]/u).filter((w) => w.trim());
  if (segments.length >= 2 && segments.every((w) => [5, 7].includes(hanOf(w).length))) return 'opening';
  const words = text.split(SEPARATORS).filter((w) => hanOf(w).length > 0);
  if (words.length >= 2) return 'keywords';
  if (han.length === 5 || han.length === 7) return 'opening';
  return 'title';
}

const fill = (model: PromptModel, prompt: string): string => model.promptTemplate.split('{prompt}').join(prompt);

/** The visitor's opening as the verse's first words: spaces out, one of the model's line breaks closing its last line. */
function openingText(prompt: string, form: FormRules, lineBreaks: readonly string[]): string {
  const text = prompt.replace(/\s+/gu, '').replace(/[,]/gu, '，').replace(/[.]/gu, '。');
  if (lineBreaks.some((b) => text.endsWith(b))) return text;
  return text + form.lineEnds[countLineBreaks(text, lineBreaks) % form.lineEnds.length]!;
}

/** An English opening joined to what follows: a newline after a finished sentence or a long line, else a space. */
function continueText(prompt: string): string {
  const text = prompt.trim();
  if (/\n$/u.test(prompt)) return `${text}\n`;
  const words = text.split(/\s+/u).length;
  return /[.!?;:,]$/u.test(text) || words >= 6 ? `${text}\n` : `${text} `;
}

/** Plans a verse for `prompt`; `requested` (from the kiosk) overrides the shape's choice when the model allows it. */
export function planPrompt(prompt: string, model: PromptModel, requested?: PromptMode): PromptPlan {
  const known = model.dir ? knownCharacters(model.dir) : null;
  const isKnown = (c: string): boolean => !known || known.has(c);
  const unknown = unique([...prompt].filter((c) => HAN.test(c) && !isKnown(c))).split('').filter(Boolean);
  const form = model.form;
  // A mode the model lacks (a prompt queued for a model that a fallback now stands in for) is chosen afresh.
  const asked = requested && promptModesOf(model).includes(requested) ? requested : undefined;
  if (!form || model.promptMode === 'continue') {
    // Form-free models (English verse) continue the visitor's words; in couplets they begin the first line.
    const mode = asked ?? promptModesOf(model)[0] ?? 'free';
    if (mode === 'couplets') return { mode, input: '', opening: `${prompt.trim()} `, plan: { couplets: true }, unknown, keywords: '' };
    return { mode: 'free', input: '', opening: continueText(prompt), plan: {}, unknown, keywords: '' };
  }
  const mode = asked && (FORM_MODES.includes(asked) || LISTED_FORM_MODES.includes(asked)) ? asked : choosePromptMode(prompt);
  const body = prompt.replace(ACROSTIC_PREFIX, '');
  const chars = hanOf(body).filter(isKnown);
  const keywords = unique(chars);
  switch (mode) {
    case 'opening': {
      const opening = openingText(body, form, model.lineBreaks);
      return { mode, input: '', opening, plan: {}, unknown, keywords };
    }
    case 'acrostic': {
      const heads = hanOf(body).slice(0, form.maxLines);
      const lines = Math.min(form.maxLines, heads.length <= 4 ? 4 : 8);
      // A head the model does not know leaves its line free (it is reported in `unknown`).
      const lineStarts = heads.map((c) => (isKnown(c) ? c : ''));
      return { mode, input: fill(model, chars.join('')), opening: '', plan: { lineStarts, lines }, unknown, keywords };
    }
    case 'ci':
      return ciPlan(prompt, model, unknown);
    case 'keywords':
      return { mode, input: fill(model, chars.join('')), opening: '', plan: { keywords, keywordWeight: KEYWORD_WEIGHT.keywords }, unknown, keywords };
    case 'title':
    default:
      return { mode: 'title', input: fill(model, chars.join('')), opening: '', plan: { keywords, keywordWeight: KEYWORD_WEIGHT.title }, unknown, keywords };
  }
}

/**
 * A ci to the tune the prompt names (`如梦令 秋思`): the tune's lines, ends, rhymes and tones, its theme's characters
 * mildly favoured. A model whose profile has `ciPromptTemplate` (trained on ci with the tune as a prefix) is given the
 * tune; any other is given the theme (or the tune's name) as a title. Throws `INKVERSE_E_UNKNOWN_TUNE`.
 */
function ciPlan(prompt: string, model: PromptModel, unknown: string[]): PromptPlan {
  const tunes = model.dir ? CiTunes.forModel(model.dir) : null;
  if (!tunes) throw new InkverseError('INKVERSE_E_UNKNOWN_MODE', `This model has no ci tunes (${model.dir ?? 'no model folder'}); it writes in ${promptModesOf(model).filter((m) => m !== 'ci').join(', ')}.`);
  const { tune, theme } = tunes.parse(prompt);
  const known = model.dir ? knownCharacters(model.dir) : null;
  const chars = hanOf(theme).filter((c) => !known || known.has(c));
  const keywords = unique(chars);
  const input = model.ciPromptTemplate ? model.ciPromptTemplate.split('{tune}').join(tune.name) : fill(model, keywords || tune.name);
  return { mode: 'ci', input, opening: '', plan: { tune, lines: tune.lines.length, keywords, keywordWeight: KEYWORD_WEIGHT.title }, unknown, keywords };
}
