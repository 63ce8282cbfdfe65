/**
 * @module performActions: the performer actions a control surface carries besides parameters: skip, the scene
 * picker and the built-in presets, with the OSC addresses the server routes (`/inkverse/skip`, `/inkverse/scene`,
 * `/inkverse/preset`). Layouts take them from here, next to the parameter widgets.
 */
import { BUILTIN_PRESETS } from '../../engine/control/builtinPresets.ts';
import { sceneNames } from '../../scenes/sceneRegistry.ts';
import { OSC_ADDRESSES } from '../osc/oscBuiltins.ts';

/** A button that sends its address with no argument. */
export interface TriggerAction {
  readonly kind: 'trigger';
  readonly label: string;
  readonly address: string;
}

/** A row of buttons, each sending the address with one string. */
export interface PickAction {
  readonly kind: 'pick';
  readonly label: string;
  readonly address: string;
  readonly values: readonly string[];
}

export type PerformAction = TriggerAction | PickAction;

/** Skip, the scenes and the built-in presets. */
export function performActions(): PerformAction[] {
  return [
    { kind: 'trigger', label: 'skip', address: OSC_ADDRESSES.skip },
    { kind: 'pick', label: 'scene', address: OSC_ADDRESSES.scene, values: sceneNames() },
    { kind: 'pick', label: 'preset', address: OSC_ADDRESSES.preset, values: BUILTIN_PRESETS.map((p) => p.name) },
  ];
}
