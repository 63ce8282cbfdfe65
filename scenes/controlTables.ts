/**
 * @module controlTables: every parameter namespace of the installation, in one list: the engine's, each
 * display scene's and the sound client's. The server builds its control surface from it and the console
 * builds its controls from it, so a table declared beside a scene or sound module needs no other code.
 * Browser-safe.
 */
import { ENGINE_PARAMS } from '../engine/engineParams.ts';
import type { ParamSpec } from '../protocol/paramSpec.ts';
import { DISPLAY_PARAMS } from './display/displayParams.ts';
import { SCENES } from './sceneRegistry.ts';
import { SOUND_PARAMS } from './sound/soundParams.ts';

export interface ControlTable {
  /** `''` for the engine (bare names), `display` for every display, `scene.<name>` for a scene, `sound` for the sound client. */
  readonly prefix: string;
  /** Heading on the console. */
  readonly title: string;
  readonly table: readonly ParamSpec[];
}

export const CONTROL_TABLES: readonly ControlTable[] = [
  { prefix: '', title: 'Engine', table: ENGINE_PARAMS },
  { prefix: 'display', title: 'Displays', table: DISPLAY_PARAMS },
  ...SCENES.map((s) => ({ prefix: sceneParamPrefix(s.name), title: `Scene: ${s.name}`, table: s.params })),
  { prefix: 'sound', title: 'Sound', table: SOUND_PARAMS },
];

/** `scene.<name>`: the namespace of one scene's parameters. */
export function sceneParamPrefix(scene: string): string {
  return `scene.${scene}`;
}
