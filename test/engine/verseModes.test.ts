/**
 * @module test/engine/verseModes: which verse modes a model writes in, from its profile (`inkverse.json` `modes`, or
 * the defaults by form rules), what a mode the model lacks gets (a coded refusal naming those it has), profiles that
 * list modes their model cannot write in, and what `couplets` and `free` make of an English prompt.
 */
import { describe, expect, it } from 'vitest';
import { checkPromptMode, modeFromShape, planPrompt, promptModesOf } from '../../engine/promptModes.ts';
import { parseVerseProfile } from '../../engine/verseProfile.ts';
import { registry } from '../helpers/realModel.ts';

const tang = registry.get('tang-poet-zh');
const en = registry.get('verse-en');

describe('verse modes of the shipped models', () => {
  it('the English model writes free verse or couplets (its profile); the Tang model the four form modes and ci (its profile)', () => {
    expect(en.modes).toEqual(['free', 'couplets']);
    expect(modeFromShape(en)).toBe(false);
    expect(tang.modes).toEqual(['title', 'opening', 'acrostic', 'keywords', 'ci']);
    expect(modeFromShape(tang)).toBe(true);
    expect(promptModesOf({ form: null, promptMode: 'continue' })).toEqual(['free']);
  });

  it('a mode the model does not write in is refused with INKVERSE_E_UNKNOWN_MODE, naming the modes it has', () => {
    expect(() => checkPromptMode(en, 'acrostic')).toThrow(
      expect.objectContaining({ code: 'INKVERSE_E_UNKNOWN_MODE', message: 'Unknown verse mode "acrostic"; known verse modes: free, couplets.' }),
    );
    expect(() => checkPromptMode(tang, 'couplets')).toThrow(
      expect.objectContaining({ code: 'INKVERSE_E_UNKNOWN_MODE', message: 'Unknown verse mode "couplets"; known verse modes: title, opening, acrostic, keywords, ci.' }),
    );
    expect(checkPromptMode(en, 'couplets')).toBe('couplets');
    expect(checkPromptMode(tang, 'acrostic')).toBe('acrostic');
    expect(checkPromptMode(en, undefined)).toBeUndefined();
  });

  it('a profile listing modes its model cannot write in is malformed, with the file and the modes named', () => {
    const file = '/models/x/inkverse.json';
    expect(() => parseVerseProfile('x', { language: 'en', promptMode: 'continue', modes: ['free', 'acrostic'] }, file)).toThrow(
      expect.objectContaining({ code: 'INKVERSE_E_MODEL_MALFORMED', message: expect.stringContaining('"modes": it lists acrostic') }),
    );
    const form = { lineLengths: [5], lineEnds: ['，', '。'], maxLines: 8 };
    expect(() => parseVerseProfile('x', { language: 'zh', form, modes: ['title', 'couplets'] }, file)).toThrow(expect.objectContaining({ code: 'INKVERSE_E_MODEL_MALFORMED' }));
    // Couplets rhyme by an English pronouncing dictionary.
    expect(() => parseVerseProfile('x', { language: 'fr', promptMode: 'continue', modes: ['couplets'] }, file)).toThrow(expect.objectContaining({ code: 'INKVERSE_E_MODEL_MALFORMED' }));
    expect(() => parseVerseProfile('x', { language: 'en', promptMode: 'continue', modes: ['sonnet'] }, file)).toThrow(expect.objectContaining({ code: 'INKVERSE_E_MODEL_MALFORMED' }));
    expect(parseVerseProfile('x', { language: 'en', promptMode: 'continue', modes: ['couplets'] }, file).modes).toEqual(['couplets']);
  });
});

describe('planning an English verse by mode', () => {
  it('couplets: the prompt begins the first line (a space, never a newline) and the plan asks for rhymed pairs', () => {
    expect(planPrompt('The sea is calm tonight.', en, 'couplets')).toMatchObject({ mode: 'couplets', input: '', opening: 'The sea is calm tonight. ', plan: { couplets: true } });
    expect(planPrompt('The sea', en, 'free')).toMatchObject({ mode: 'free', opening: 'The sea ', plan: {} });
  });

  it('without a mode the first of the profile\'s is used; a mode the model lacks (a prompt queued before a fallback took over) is chosen afresh', () => {
    expect(planPrompt('The sea', en).mode).toBe('free');
    expect(planPrompt('The sea', { ...en, modes: ['couplets', 'free'] }).mode).toBe('couplets');
    expect(planPrompt('The sea', en, 'acrostic').mode).toBe('free');
    expect(planPrompt('春江花月', tang, 'couplets').mode).toBe('title'); // as its shape suggests
    expect(planPrompt('春江花月', tang, 'acrostic').mode).toBe('acrostic');
  });
});
