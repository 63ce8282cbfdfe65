/**
 * @module openStageControlSession: an Open Stage Control session (the JSON file its "Load session" opens) that
 * drives every engine, display, scene and sound parameter, plus skip, scenes and presets. Format as read by Open
 * Stage Control 1.x (`src/client/managers/session/session.mjs` and the widget defaults in `src/client/widgets/`):
 * `{ type: "session", version, content: { type: "root", tabs: [...] } }`; a tab holds widgets with `type`, `id`,
 * geometry, `address`, and per type `range` + `decimals` (fader), `values` (switch), `on`/`off` + `mode` (button).
 * Messages go to the server's default target: start Open Stage Control with `--send <server>:9000`.
 */
import { controlWidgets, type ControlWidget, type WidgetGroup } from './controlWidgets.ts';
import { performActions, type PerformAction } from './performActions.ts';

/** The Open Stage Control version whose format this follows (no converter runs on load at or above it). */
export const OPEN_STAGE_CONTROL_VERSION = '1.29.0';

/** One widget as written in the session (only the properties we set; Open Stage Control fills in the rest). */
export type OscWidgetJson = Record<string, unknown> & { type: string; id: string };

const FADER_W = 90;
const FADER_H = 320;
const GAP = 10;
const LABEL_H = 40;

function idOf(name: string): string {
  return name.replaceAll('.', '_');
}

function paramWidget(w: ControlWidget, i: number): OscWidgetJson {
  const left = GAP + i * (FADER_W + GAP);
  const common = { id: idOf(w.name), left, top: GAP + LABEL_H, address: w.address, comments: w.doc, html: w.label };
  switch (w.kind) {
    case 'fader':
      // typeTags "f": a float whatever the decimals, as the server's parameters expect.
      return { type: 'fader', ...common, width: FADER_W, height: FADER_H, range: { min: w.min, max: w.max }, decimals: w.decimals, default: w.default, typeTags: 'f', pips: true };
    case 'choice':
      return { type: 'switch', ...common, width: FADER_W, height: FADER_H, values: [...w.values], default: w.default, mode: 'tap', layout: 'vertical' };
    case 'toggle':
      return { type: 'button', ...common, width: FADER_W, height: 60, mode: 'toggle', on: true, off: false, default: w.default, label: w.label };
  }
}

function tab(group: WidgetGroup): OscWidgetJson {
  return { type: 'tab', id: `tab_${idOf(group.namespace)}`, label: group.title, widgets: group.widgets.map(paramWidget) };
}

function actionWidget(a: PerformAction, i: number): OscWidgetJson {
  const left = GAP + i * (2 * FADER_W + GAP);
  if (a.kind === 'trigger') {
    // mode "tap" with on: null sends the address with no argument, as /inkverse/skip expects.
    return { type: 'button', id: `action_${a.label}`, left, top: GAP, width: 2 * FADER_W, height: 120, address: a.address, mode: 'tap', on: null, off: null, label: a.label };
  }
  return { type: 'switch', id: `action_${a.label}`, left, top: GAP, width: 2 * FADER_W, height: FADER_H, address: a.address, values: [...a.values], mode: 'tap', layout: 'vertical', html: a.label };
}

/** The whole session object. */
export function openStageControlSession(groups: readonly WidgetGroup[] = controlWidgets(), actions: readonly PerformAction[] = performActions()): Record<string, unknown> {
  return {
    createdWith: 'Open Stage Control',
    version: OPEN_STAGE_CONTROL_VERSION,
    type: 'session',
    content: {
      type: 'root',
      id: 'root',
      tabs: [{ type: 'tab', id: 'tab_perform', label: 'Perform', widgets: actions.map(actionWidget) }, ...groups.map(tab)],
    },
  };
}

/** The session as the file's text. */
export function openStageControlSessionText(): string {
  return JSON.stringify(openStageControlSession(), null, 2) + '\n';
}
