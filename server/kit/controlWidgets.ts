/**
 * @module controlWidgets: one control-surface widget per live parameter, derived from the parameter tables
 * (`scenes/controlTables.ts`): a fader over a number's range, a choice of an enum's options, a toggle for a
 * boolean, each with the OSC address the server routes. The Open Stage Control session, the TouchOSC layout
 * and the parameter reference are all written from this, so they cannot drift from the tables.
 */
import type { ParamSpec } from '../../protocol/paramSpec.ts';
import { CONTROL_TABLES, type ControlTable } from '../../scenes/controlTables.ts';
import { OSC_ADDRESSES, oscParamPath } from '../osc/oscBuiltins.ts';
import { qualify } from '../../engine/control/qualify.ts';

interface WidgetBase {
  /** Qualified parameter name, e.g. `scene.ink.bleed`. */
  readonly name: string;
  /** Bare name within its namespace, e.g. `bleed` (the widget's label). */
  readonly label: string;
  /** OSC address the server routes to this parameter. */
  readonly address: string;
  readonly doc: string;
}

/** A number or whole number: sends a float from `min` to `max`, rounded to `decimals`. */
export interface FaderWidget extends WidgetBase {
  readonly kind: 'fader';
  readonly min: number;
  readonly max: number;
  readonly default: number;
  /** Decimals sent: 0 for whole numbers, else enough to state both ends exactly (at least 2). */
  readonly decimals: number;
  readonly unit?: string;
}

/** An enum: sends one of its options as a string. */
export interface ChoiceWidget extends WidgetBase {
  readonly kind: 'choice';
  readonly values: readonly string[];
  readonly default: string;
}

/** A boolean: sends OSC true or false. */
export interface ToggleWidget extends WidgetBase {
  readonly kind: 'toggle';
  readonly default: boolean;
}

export type ControlWidget = FaderWidget | ChoiceWidget | ToggleWidget;

/** One namespace's widgets, e.g. the page or tab "Scene: ink". */
export interface WidgetGroup {
  /** `engine`, `display`, `scene.ink`, `sound`. */
  readonly namespace: string;
  readonly title: string;
  readonly widgets: readonly ControlWidget[];
}

/** Decimals needed to write `x` exactly (0.05 -> 2), capped at 6. */
function decimalsOf(x: number): number {
  for (let d = 0; d < 6; d++) if (Number(x.toFixed(d)) === x) return d;
  return 6;
}

function widget(spec: ParamSpec, name: string): ControlWidget {
  const base = { name, label: spec.name, address: OSC_ADDRESSES.param + oscParamPath(name), doc: spec.doc };
  switch (spec.type) {
    case 'number':
    case 'integer': {
      const decimals = spec.type === 'integer' ? 0 : Math.max(2, decimalsOf(spec.min), decimalsOf(spec.max));
      return { ...base, kind: 'fader', min: spec.min, max: spec.max, default: spec.default, decimals, ...(spec.unit ? { unit: spec.unit } : {}) };
    }
    case 'enum':
      return { ...base, kind: 'choice', values: spec.options, default: spec.default };
    case 'boolean':
      return { ...base, kind: 'toggle', default: spec.default };
  }
}

/** Every namespace's widgets, in the order of the control tables (engine, displays, scenes, sound). */
export function controlWidgets(tables: readonly ControlTable[] = CONTROL_TABLES): WidgetGroup[] {
  return tables.map((t) => ({
    namespace: t.prefix === '' ? 'engine' : t.prefix,
    title: t.title,
    widgets: t.table.map((spec) => widget(spec, qualify(t.prefix, spec.name))),
  }));
}
