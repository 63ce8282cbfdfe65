/**
 * @module touchOscLayout: a TouchOSC layout (`.tosc`: zlib-compressed XML, `<lexml version="3">`) with one page per
 * parameter namespace and a Perform page (skip, scenes, presets). A number is a fader whose OSC argument is its
 * value `x` (0..1) scaled to the parameter's range; an enum is one button per option sending that option as a
 * string; a boolean a toggle button sending true/false. Element names as in the format TouchOSC writes
 * (node types GROUP, PAGER, FADER, BUTTON, LABEL; properties typed s/b/i/f/r/c; messages with path and
 * argument partials).
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { controlWidgets, type ControlWidget, type WidgetGroup } from './controlWidgets.ts';
import { performActions, type PerformAction } from './performActions.ts';

type Frame = { x: number; y: number; w: number; h: number };
type Partial = { type: 'CONSTANT' | 'VALUE'; conversion: 'STRING' | 'FLOAT' | 'BOOLEAN'; value: string; scaleMin?: number; scaleMax?: number };

const W = 1024;
const H = 768;
const COL = 100;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// Stable ids (not random), so the generated file only changes when the tables do.
const nodeId = (seed: string): string => {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

function prop(type: 's' | 'b' | 'i' | 'f', key: string, value: string | number | boolean): string {
  const v = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  return `<property type="${type}"><key>${key}</key><value>${esc(v)}</value></property>`;
}
const frame = (f: Frame): string => `<property type="r"><key>frame</key><value><x>${f.x}</x><y>${f.y}</y><w>${f.w}</w><h>${f.h}</h></value></property>`;
const partial = (p: Partial): string =>
  `<partial><type>${p.type}</type><conversion>${p.conversion}</conversion><value>${esc(p.value)}</value><scaleMin>${p.scaleMin ?? 0}</scaleMin><scaleMax>${p.scaleMax ?? 1}</scaleMax></partial>`;

/** An OSC message sent when `x` changes (`ANY`) or rises (`RISE`, a button press). */
function osc(address: string, args: Partial[], condition: 'ANY' | 'RISE'): string {
  return `<osc><enabled>1</enabled><send>1</send><receive>0</receive><feedback>0</feedback><connections>11111</connections><triggers><trigger><var>x</var><condition>${condition}</condition></trigger></triggers><path>${partial({ type: 'CONSTANT', conversion: 'STRING', value: address })}</path><arguments>${args.map(partial).join('')}</arguments></osc>`;
}

function node(type: string, id: string, props: string[], messages = '', children: string[] = []): string {
  return `<node ID="${nodeId(id)}" type="${type}"><properties>${props.join('')}</properties><values></values><messages>${messages}</messages><children>${children.join('')}</children></node>`;
}

function label(id: string, text: string, f: Frame): string {
  return node('LABEL', id, [prop('s', 'name', id), frame(f), prop('s', 'text', text), prop('i', 'textSize', 12)]);
}

function paramControls(w: ControlWidget, i: number): string[] {
  const x = 10 + i * COL;
  const out = [label(`${w.name}.label`, w.label, { x, y: 10, w: COL - 10, h: 30 })];
  if (w.kind === 'fader') {
    out.push(node('FADER', w.name, [prop('s', 'name', w.name), frame({ x, y: 50, w: COL - 10, h: 500 }), prop('i', 'orientation', 0)], osc(w.address, [{ type: 'VALUE', conversion: 'FLOAT', value: 'x', scaleMin: w.min, scaleMax: w.max }], 'ANY')));
  } else if (w.kind === 'toggle') {
    out.push(node('BUTTON', w.name, [prop('s', 'name', w.name), frame({ x, y: 50, w: COL - 10, h: 80 }), prop('i', 'buttonType', 1)], osc(w.address, [{ type: 'VALUE', conversion: 'BOOLEAN', value: 'x' }], 'ANY')));
  } else {
    w.values.forEach((v, j) =>
      out.push(node('BUTTON', `${w.name}=${v}`, [prop('s', 'name', `${w.name}=${v}`), frame({ x, y: 50 + j * 70, w: COL - 10, h: 60 }), prop('i', 'buttonType', 0)], osc(w.address, [{ type: 'CONSTANT', conversion: 'STRING', value: v }], 'RISE'))),
    );
  }
  return out;
}

function actionControls(a: PerformAction, i: number): string[] {
  const x = 10 + i * 2 * COL;
  const out = [label(`action.${a.label}.label`, a.label, { x, y: 10, w: 2 * COL - 10, h: 30 })];
  if (a.kind === 'trigger') {
    out.push(node('BUTTON', `action.${a.label}`, [prop('s', 'name', a.label), frame({ x, y: 50, w: 2 * COL - 10, h: 120 }), prop('i', 'buttonType', 0)], osc(a.address, [], 'RISE')));
  } else {
    a.values.forEach((v, j) =>
      out.push(node('BUTTON', `action.${a.label}=${v}`, [prop('s', 'name', `${a.label}=${v}`), frame({ x, y: 50 + j * 70, w: 2 * COL - 10, h: 60 }), prop('i', 'buttonType', 0)], osc(a.address, [{ type: 'CONSTANT', conversion: 'STRING', value: v }], 'RISE'))),
    );
  }
  return out;
}

const page = (id: string, title: string, children: string[]): string => node('GROUP', `page.${id}`, [prop('s', 'name', title), frame({ x: 0, y: 40, w: W, h: H - 40 })], '', children);

/** The layout as XML (what the `.tosc` file holds, compressed). */
export function touchOscLayoutXml(groups: readonly WidgetGroup[] = controlWidgets(), actions: readonly PerformAction[] = performActions()): string {
  const pages = [page('perform', 'Perform', actions.flatMap(actionControls)), ...groups.map((g) => page(g.namespace, g.title, g.widgets.flatMap(paramControls)))];
  const pager = node('PAGER', 'pager', [prop('s', 'name', 'inkverse'), frame({ x: 0, y: 0, w: W, h: H }), prop('i', 'tabbarSize', 40)], '', pages);
  const root = node('GROUP', 'root', [prop('s', 'name', 'inkverse'), frame({ x: 0, y: 0, w: W, h: H })], '', [pager]);
  return `<?xml version="1.0" encoding="UTF-8"?><lexml version="3">${root}</lexml>`;
}

/** The `.tosc` file's bytes. */
export function touchOscLayout(): Buffer {
  return deflateSync(Buffer.from(touchOscLayoutXml(), 'utf8'), { level: 9 });
}
