/**
 * @module sceneRegistry: the display scenes and the parameters each declares (once), which drive the
 * console's controls, OSC mappings and validation. Browser-safe: no DOM or Node imports here.
 */
import { checkTable, type ParamSpec } from '../protocol/paramSpec.ts';
import { CONSTELLATION_PARAMS } from './display/constellation/constellationParams.ts';
import { INK_PARAMS } from './display/ink/inkParams.ts';
import { SCROLL_PARAMS } from './display/scroll/scrollParams.ts';

export interface SceneDefinition {
  readonly name: string;
  readonly doc: string;
  readonly params: readonly ParamSpec[];
}

export const SCENES = [
  {
    name: 'text',
    doc: 'The verse as plain streaming text, line by line: the minimal display.',
    params: [
      { name: 'font_scale', type: 'number', default: 1, min: 0.5, max: 3, doc: 'Size of the text relative to the screen height.' },
      { name: 'theme', type: 'enum', default: 'ink', options: ['ink', 'paper'], doc: 'Light text on black (ink) or dark text on paper.' },
      { name: 'fade_lines', type: 'integer', default: 8, min: 1, max: 32, unit: 'lines', doc: 'Lines kept on screen before the oldest fades.' },
    ],
  },
  { name: 'ink', doc: 'Brush writing: each character written stroke by stroke in columns, right to left, sealed with the verse\'s source.', params: INK_PARAMS },
  { name: 'constellation', doc: 'Tokens become stars and lines constellations; the model\'s uncertainty drives drift and glow.', params: CONSTELLATION_PARAMS },
  { name: 'scroll', doc: 'Large, calm typography that glides line by line; bilingual when glosses and pinyin arrive.', params: SCROLL_PARAMS },
] as const satisfies readonly SceneDefinition[];

for (const scene of SCENES) checkTable(scene.params);

/** The name of a registered scene: the one list of scenes; `sceneLoader.ts` must load each of them (the compiler checks). */
export type SceneName = (typeof SCENES)[number]['name'];

export const DEFAULT_SCENE = 'text';

export function sceneNames(): string[] {
  return SCENES.map((s) => s.name);
}

export function findScene(name: string): SceneDefinition | undefined {
  return SCENES.find((s) => s.name === name);
}
