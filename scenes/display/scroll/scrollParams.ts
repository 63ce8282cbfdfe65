/**
 * @module scrollParams: the `scene.scroll.*` parameter table, declared once. The console, OSC
 * (`/inkverse/param/scene/scroll/<name>`), MIDI learn and presets drive it. Browser- and server-safe.
 */
import { checkTable, type ParamSpec } from '../../../protocol/paramSpec.ts';

export const SCROLL_PARAMS = [
  { name: 'font_scale', type: 'number', default: 1, min: 0.5, max: 2, doc: 'Size of the verse relative to what fits the screen.' },
  { name: 'glosses', type: 'boolean', default: true, doc: 'Show pinyin above and the English gloss below each line when the server sends them.' },
  { name: 'glide', type: 'number', default: 1.2, min: 0.1, max: 5, unit: 's', doc: 'Seconds the page takes to glide to a new line.' },
  { name: 'theme', type: 'enum', default: 'ink', options: ['ink', 'paper'], doc: 'Light text on black (ink) or dark text on paper.' },
] as const satisfies readonly ParamSpec[];

checkTable(SCROLL_PARAMS);
