/**
 * @module displayParams: the `display.*` parameter table: what every display does whatever scene it shows
 * (the crossfade between scenes, how long an ended verse lingers). Browser- and server-safe.
 */
import { checkTable, type ParamSpec } from '../../protocol/paramSpec.ts';

export const DISPLAY_PARAMS = [
  { name: 'crossfade', type: 'number', default: 2, min: 0, max: 20, unit: 's', doc: 'Seconds a display takes to crossfade from one scene to the next.' },
  { name: 'linger', type: 'number', default: 40, min: 5, max: 600, unit: 's', doc: 'Seconds an ended verse stays at full strength before it fades to a quiet trace.' },
] as const satisfies readonly ParamSpec[];

checkTable(DISPLAY_PARAMS);
