/**
 * @module inkParams: the `scene.ink.*` parameter table, declared once. The console, OSC
 * (`/inkverse/param/scene/ink/<name>`), MIDI learn and presets drive it. Browser- and server-safe.
 */
import { checkTable, type ParamSpec } from '../../../protocol/paramSpec.ts';

export const INK_PARAMS = [
  { name: 'bleed', type: 'number', default: 0.35, min: 0, max: 1, doc: 'How far the ink soaks into the paper around each stroke (0 = crisp, 1 = wet and feathered).' },
  { name: 'stroke_time', type: 'number', default: 0.28, min: 0.05, max: 2, unit: 's', doc: 'Seconds the brush takes for one stroke.' },
  { name: 'grain', type: 'number', default: 0.5, min: 0, max: 1, doc: 'Fibre and grain of the paper (0 = smooth, 1 = coarse).' },
  { name: 'paper', type: 'enum', default: 'rice', options: ['rice', 'night'], doc: 'Warm rice paper, or dark paper with pale ink for a dim room.' },
] as const satisfies readonly ParamSpec[];

checkTable(INK_PARAMS);
