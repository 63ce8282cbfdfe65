/**
 * @module engineParams: the live parameters of the verse engine, declared once.
 * The generator reads them at every token; the console, OSC and MIDI mappings are built from this table.
 */
import { checkTable, type NumberParamSpec, type ValuesOf } from '../protocol/paramSpec.ts';

/** Engine parameters are all numeric, so they can be mirrored into shared memory for the worker. */
export const ENGINE_PARAMS = [
  { name: 'temperature', type: 'number', default: 0.9, min: 0.05, max: 2, doc: 'Sampling temperature: low is safe and repetitive, high is wild.' },
  { name: 'top_k', type: 'integer', default: 40, min: 0, max: 500, doc: 'Sample only from the k most likely tokens (0 = no limit).' },
  { name: 'top_p', type: 'number', default: 0.95, min: 0.05, max: 1, doc: 'Nucleus sampling: keep the smallest set of tokens with this much probability.' },
  { name: 'repetition_penalty', type: 'number', default: 1.1, min: 1, max: 2, doc: 'Divides the score of tokens already in the verse (1 = off).' },
  { name: 'max_tokens', type: 'integer', default: 120, min: 8, max: 512, unit: 'tokens', doc: 'Longest verse, in tokens.' },
  { name: 'line_length', type: 'integer', default: 0, min: 0, max: 12, unit: 'chars', doc: 'Characters per line for models with form rules (0 = the model chooses among its allowed lengths).' },
  { name: 'prosody', type: 'number', default: 1, min: 0, max: 1, doc: 'Strength of the classical prosody nudges (tones at positions 2/4/6, rhyme, couplet opposition): 0 = free, 1 = strict.' },
  { name: 'drafts', type: 'integer', default: 4, min: 0, max: 8, doc: 'Drafts of each next line written while a line is on screen; the best is kept (1 = no choice, 0 = no drafting: stream token by token).' },
  { name: 'tempo', type: 'number', default: 8, min: 0, max: 60, unit: 'tokens/s', doc: 'Emission tempo of tokens (0 = as fast as the model writes).' },
  { name: 'verse_gap', type: 'number', default: 4, min: 0, max: 120, unit: 's', doc: 'Pause between verses, in seconds.' },
  // Last, so the parameter vectors of verses recorded before it still line up (a missing value is its default, 0).
  { name: 'blend', type: 'number', default: 0, min: 0, max: 1, doc: 'Style fader: mixes the blend model (model.blend) into every next-token distribution, log-linearly, from the next token: 0 = the model alone, 1 = the blend model alone (no effect without one).' },
] as const satisfies readonly NumberParamSpec[];

checkTable(ENGINE_PARAMS);

export type EngineParamName = (typeof ENGINE_PARAMS)[number]['name'];
/** The engine's values by name, typed from the table (all numbers). */
export type EngineParams = ValuesOf<typeof ENGINE_PARAMS>;

/** Index of each engine parameter in the shared-memory mirror read by the generator worker. */
export const ENGINE_PARAM_INDEX = Object.fromEntries(ENGINE_PARAMS.map((s, i) => [s.name, i])) as Record<EngineParamName, number>;
