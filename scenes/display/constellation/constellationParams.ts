/**
 * @module constellationParams: the `scene.constellation.*` parameter table, declared once. The console,
 * OSC (`/inkverse/param/scene/constellation/<name>`), MIDI learn and presets drive it. Browser- and server-safe.
 */
import { checkTable, type ParamSpec } from '../../../protocol/paramSpec.ts';

export const CONSTELLATION_PARAMS = [
  { name: 'drift', type: 'number', default: 1, min: 0, max: 3, doc: 'How far uncertain tokens wander (scales the drift the model\'s entropy gives each star).' },
  { name: 'glow', type: 'number', default: 1, min: 0, max: 3, doc: 'Brightness and halo of the stars (uncertain tokens flicker more).' },
  { name: 'labels', type: 'boolean', default: true, doc: 'Write each star\'s character beside it.' },
] as const satisfies readonly ParamSpec[];

checkTable(CONSTELLATION_PARAMS);
