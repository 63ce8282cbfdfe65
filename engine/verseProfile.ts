/**
 * @module verseProfile: how a model writes verse (language, prompt template and mode, sampling defaults,
 * form rules, line breaks), read from a model folder's `inkverse.json` and kept apart from the weights,
 * so every backend (transformers.js here, a server that holds the weights elsewhere) uses the same profile.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InkverseError } from '../protocol/errors.ts';
import { PROMPT_MODES, type PromptMode } from '../protocol/events.ts';
import { checkParamValue, type ParamValues } from '../protocol/paramSpec.ts';
import { ENGINE_PARAMS } from './engineParams.ts';
import type { FormRules } from './form.ts';
import { modesMisfit, promptModesOf } from './promptModes.ts';

/** The file in a model folder that holds its verse profile. */
export const PROFILE_FILE = 'inkverse.json';

const FormSchema = z.strictObject({
  lineLengths: z.array(z.number().int().min(1).max(64)).min(1),
  lineEnds: z.array(z.string().length(1)).min(1),
  maxLines: z.number().int().min(1).max(64),
  minLines: z.number().int().min(1).max(64).optional(),
});

export const VerseProfileSchema = z.looseObject({
  name: z.string().min(1).optional(),
  /** BCP 47 language of the model's verses, e.g. `zh`, `en`. */
  language: z.string().min(2).default('en'),
  description: z.string().default(''),
  /** How a visitor prompt becomes model input; `{prompt}` is replaced. */
  promptTemplate: z.string().includes('{prompt}').default('{prompt}'),
  /**
   * `title`: the prompt is a theme the verse is written for (model input = template, verse starts empty);
   * `continue`: the verse opens with the prompt's own words and the model carries on from them.
   */
  promptMode: z.enum(['title', 'continue']).default('title'),
  sampling: z
    .looseObject({
      temperature: z.number().optional(),
      top_k: z.number().optional(),
      top_p: z.number().optional(),
      repetition_penalty: z.number().optional(),
      max_tokens: z.number().optional(),
    })
    .default({}),
  form: FormSchema.nullable().default(null),
  /** Characters that end a line; a token containing one closes the line. */
  lineBreaks: z.array(z.string().min(1)).min(1).default(['\n']),
  /** Models without form rules: fewest line breaks before the verse may end. */
  minLines: z.number().int().min(0).max(64).default(2),
  /** Verse modes the kiosk offers (see promptModes); default: title, opening, acrostic, keywords with form rules, else free. */
  modes: z.array(z.enum(PROMPT_MODES)).min(1).optional(),
  /** Input for a ci (mode `ci`), `{tune}` replaced by the tune's name: for a model trained on ci with the tune as a prefix. */
  ciPromptTemplate: z.string().includes('{tune}').optional(),
  /** Strings that end the verse when the model writes them (sent as `stop` to an inference server), e.g. `["\n\n"]`; at most 4. */
  stop: z.array(z.string().min(1).max(32)).max(4).optional(),
});

/** A model's verse profile, independent of where its weights live. */
export interface VerseProfile {
  /** The model's name (its folder name), shown in `verse:start` and archived. */
  name: string;
  language: string;
  description: string;
  promptTemplate: string;
  promptMode: 'title' | 'continue';
  sampling: Record<string, number>;
  form: FormRules | null;
  lineBreaks: string[];
  /** Without form rules: fewest line breaks before the verse may end. */
  minLines: number;
  /** Verse modes the model writes in, the first taken when none is asked for and the model does not choose from the prompt's shape. */
  modes: PromptMode[];
  /** Input for a ci, `{tune}` replaced (see promptModes); absent: the theme is given as a title. */
  ciPromptTemplate?: string;
  /** Strings that end the verse (an inference server's `stop`); absent: the model's own end. */
  stop?: string[];
}

export function malformedModelFile(file: string, why: string): InkverseError {
  return new InkverseError('INKVERSE_E_MODEL_MALFORMED', `Model file ${file} ${why}`);
}

/** Reads a JSON file of a model folder; a missing or broken file is one sentence naming it. */
export function readModelJson(file: string): unknown {
  if (!existsSync(file)) throw malformedModelFile(file, 'is missing.');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw malformedModelFile(file, `is not valid JSON (${(err as Error).message}).`);
  }
}

/** Checks a parsed profile; `file` names it in the error. Throws `INKVERSE_E_MODEL_MALFORMED`. */
export function parseVerseProfile(name: string, raw: unknown, file: string): VerseProfile {
  const parsed = VerseProfileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw malformedModelFile(file, `is invalid at "${issue.path.join('.')}": ${issue.message}.`);
  }
  const meta = parsed.data;
  const misfit = meta.modes ? modesMisfit(meta.modes, meta) : null;
  if (misfit) throw malformedModelFile(file, `is invalid at "modes": it ${misfit}.`);
  const sampling = Object.fromEntries(Object.entries(meta.sampling).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
  return {
    name,
    language: meta.language,
    description: meta.description,
    promptTemplate: meta.promptTemplate,
    promptMode: meta.promptMode,
    sampling,
    form: meta.form,
    lineBreaks: meta.lineBreaks,
    minLines: meta.minLines,
    modes: promptModesOf(meta),
    ...(meta.ciPromptTemplate ? { ciPromptTemplate: meta.ciPromptTemplate } : {}),
    ...(meta.stop?.length ? { stop: meta.stop } : {}),
  };
}

/** Reads `file` as a profile; an absent file gives the defaults (a plain transformers.js folder). */
export function readVerseProfile(name: string, file: string, required = false): VerseProfile {
  return parseVerseProfile(name, existsSync(file) || required ? readModelJson(file) : {}, file);
}

/**
 * The model's own sampling defaults that are engine parameters within range, as an installation
 * applies them (the config's `params` override them). Others are returned in `ignored`.
 */
export function modelSamplingParams(model: Pick<VerseProfile, 'sampling'>): { params: ParamValues; ignored: string[] } {
  const params: ParamValues = {};
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(model.sampling)) {
    const spec = ENGINE_PARAMS.find((s) => s.name === name);
    const v = spec ? checkParamValue(spec, value) : undefined;
    if (v === undefined) ignored.push(name);
    else params[name] = v;
  }
  return { params, ignored };
}

/** Fills a profile's prompt template with a visitor's prompt. */
export function applyTemplate(model: Pick<VerseProfile, 'promptTemplate'>, prompt: string): string {
  return model.promptTemplate.split('{prompt}').join(prompt);
}
