/**
 * @module soundParams: the `sound.*` parameter table of the sonification client, declared once. The
 * console, OSC (`/inkverse/param/sound/<name>`), MIDI learn and presets drive it; the sound page reads it.
 * Browser-safe: no DOM, Node or Tone.js imports here.
 */
import { checkTable, type ParamSpec } from '../../protocol/paramSpec.ts';

export const SOUND_PARAMS = [
  { name: 'volume', type: 'number', default: 0.7, min: 0, max: 1, doc: 'Master volume (0 = silent, 1 = full; a limiter stops clipping either way).' },
  { name: 'tempo_follow', type: 'number', default: 1, min: 0, max: 1, doc: 'How closely notes follow the token timing (0 = the line\'s own rhythm on a steady pulse, 1 = exactly as written).' },
  { name: 'mode', type: 'enum', default: 'pentatonic', options: ['pentatonic', 'major', 'minor', 'dorian', 'lydian'], doc: 'The scale notes are taken from.' },
  { name: 'root', type: 'integer', default: 50, min: 36, max: 72, unit: 'MIDI', doc: 'Tonic of the scale as a MIDI note (50 = D3); cadences resolve here.' },
  { name: 'reverb', type: 'number', default: 0.35, min: 0, max: 1, doc: 'Reverb mix (0 = dry, 1 = all hall).' },
  { name: 'density', type: 'number', default: 0.6, min: 0, max: 1, doc: 'How full the texture is (0 = a bare melody, one note per character; 1 = harmony under most notes).' },
  { name: 'instrument', type: 'enum', default: 'qin', options: ['qin', 'bells', 'pad', 'pluck'], doc: 'Instrument set the verse is played on.' },
] as const satisfies readonly ParamSpec[];

checkTable(SOUND_PARAMS);

/** The namespace of these parameters on the control surface and in `params` events (`sound.volume`). */
export const SOUND_NAMESPACE = 'sound';
