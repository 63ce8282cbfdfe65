/**
 * @module soundSettings: the `sound.*` values and the beat (from the engine's `tempo`) that shape the composer's notes,
 * read the same way by the live SoundEngine and by the pure score composer (composeScore: the MIDI take-home). Pure.
 */
import type { ParamsPayload } from '../../protocol/events.ts';
import { checkParamValue, type ParamValues, type Seconds } from '../../protocol/paramSpec.ts';
import { beatForTempo, type ComposerSettings } from './musicEvents.ts';
import { isMode } from './scales.ts';
import { SOUND_NAMESPACE, SOUND_PARAMS } from './soundParams.ts';

/** The engine parameter whose tempo (tokens/s) sets the length of a beat. */
export const TEMPO_PARAM = 'tempo';

/**
 * Takes the `sound.<name>` values of `p` into `values` (values the table refuses are ignored) and returns the new beat
 * when `p` moves the tempo (else null), and whether volume or reverb moved (the master chain follows).
 */
export function takeSoundParams(values: ParamValues, p: ParamsPayload): { beat: Seconds | null; master: boolean } {
  let master = false;
  for (const spec of SOUND_PARAMS) {
    const raw = p[`${SOUND_NAMESPACE}.${spec.name}`];
    if (raw === undefined) continue;
    const v = checkParamValue(spec, raw);
    if (v === undefined) continue;
    values[spec.name] = v;
    if (spec.name === 'volume' || spec.name === 'reverb') master = true;
  }
  const tempo = p[TEMPO_PARAM];
  const beat = typeof tempo === 'number' && Number.isFinite(tempo) && tempo >= 0 ? beatForTempo(tempo) : null;
  return { beat, master };
}

/** The composer's settings from the sound values and the beat. */
export function composerSettings(values: Readonly<ParamValues>, beat: Seconds): ComposerSettings {
  const mode = String(values.mode);
  return { mode: isMode(mode) ? mode : 'pentatonic', root: Number(values.root), density: Number(values.density), tempoFollow: Number(values.tempo_follow), beat };
}
