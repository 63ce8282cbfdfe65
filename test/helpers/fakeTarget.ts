/**
 * @module fakeTarget: a faked engine for control tests: a real control surface over ENGINE_PARAMS, with the
 * engine's actions recorded instead of performed (and refusing the way the engine documents).
 */
import type { ControlTarget } from '../../engine/control/controlTarget.ts';
import { ENGINE_PARAMS } from '../../engine/engineParams.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { engineSurface, type ParamOrigin } from '../../engine/control/controlSurface.ts';
import type { VerseSource } from '../../protocol/events.ts';

export type Call =
  | { call: 'skip'; origin: ParamOrigin }
  | { call: 'submitPrompt'; text: string; source: VerseSource; owner: string }
  | { call: 'inject'; text: string; origin: ParamOrigin }
  | { call: 'setScene'; name: string; origin: ParamOrigin }
  | { call: 'recallPreset'; name: string; fade: number | undefined; origin: ParamOrigin };

export const FAKE_SCENES = ['text', 'ink'];
export const FAKE_PRESETS = ['calm', 'wild', 'classic'];

export function fakeTarget(): ControlTarget & { calls: Call[]; writing: boolean } {
  const calls: Call[] = [];
  return {
    params: engineSurface(),
    calls,
    writing: true,
    skip(origin) {
      calls.push({ call: 'skip', origin });
    },
    submitPrompt(text, source, owner) {
      if (!text.trim()) throw new InkverseError('INKVERSE_E_PROMPT_EMPTY', 'The prompt is empty.');
      calls.push({ call: 'submitPrompt', text, source, owner });
      return { id: `p${calls.length}`, position: 1 };
    },
    inject(text, origin) {
      if (!this.writing) throw new InkverseError('INKVERSE_E_BAD_REQUEST', 'Nothing is being written.');
      calls.push({ call: 'inject', text, origin });
    },
    setScene(name, origin) {
      if (!FAKE_SCENES.includes(name)) throw new InkverseError('INKVERSE_E_UNKNOWN_SCENE', `Unknown scene "${name}"; known scenes: ${FAKE_SCENES.join(', ')}.`);
      calls.push({ call: 'setScene', name, origin });
    },
    recallPreset(name, fade, origin) {
      if (!FAKE_PRESETS.includes(name)) throw new InkverseError('INKVERSE_E_UNKNOWN_PRESET', `Unknown preset "${name}".`);
      calls.push({ call: 'recallPreset', name, fade, origin });
    },
  };
}
