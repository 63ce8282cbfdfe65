/**
 * @module oscBuiltins: the built-in OSC addresses and what each does to the `ControlTarget`:
 * `/inkverse/param/<name> <value>`, `/inkverse/prompt <text>`, `/inkverse/skip`, `/inkverse/scene <name> [display]`,
 * `/inkverse/preset <name> [fade seconds]` (also at its old address `/inkverse/voice`), `/inkverse/inject <text>`,
 * `/inkverse/model <name>`. Bad input is returned as a plain
 * refusal (no exception), because under a flood building Errors dominates the cost.
 */
import type { ControlTarget } from '../../engine/control/controlTarget.ts';
import type { ErrorCode } from '../../protocol/errors.ts';
import type { OscArg, OscMessage } from './oscTypes.ts';

/** Prefix of the built-in addresses. */
export const OSC_PREFIX = '/inkverse';
/** Addresses of the built-in actions (parameters are `${OSC_PREFIX}/param/<name>`). */
export const OSC_ADDRESSES = {
  param: `${OSC_PREFIX}/param/`,
  prompt: `${OSC_PREFIX}/prompt`,
  skip: `${OSC_PREFIX}/skip`,
  scene: `${OSC_PREFIX}/scene`,
  preset: `${OSC_PREFIX}/preset`,
  inject: `${OSC_PREFIX}/inject`,
  model: `${OSC_PREFIX}/model`,
} as const;

/**
 * Old addresses kept working as aliases, each with the address it stands for: the same route (a pattern matching
 * both fires it once), logged as deprecated. `/inkverse/voice` recalled presets when they were called voices.
 */
export const OSC_ALIASES: Readonly<Record<string, string>> = {
  [`${OSC_PREFIX}/voice`]: OSC_ADDRESSES.preset,
};

/** Why a message was refused; a plain value, because under a flood building Errors (stack traces) dominates the cost. */
export type Refusal = { code: ErrorCode; message: string };

/**
 * A built-in returns a `Refusal` for bad input it can see; the engine's own refusals arrive as thrown
 * `InkverseError`s. `address` is ours (the one matched), which differs from `msg.address` for patterns.
 */
export type Builtin = (msg: OscMessage, from: string, address: string) => Refusal | void;

export const badRequest = (message: string): Refusal => ({ code: 'INKVERSE_E_BAD_REQUEST', message });

/** The built-in routes for one target, by address. */
export function builtinRoutes(t: ControlTarget): Map<string, Builtin> {
  const routes = new Map<string, Builtin>();
  for (const spec of t.params.table) routes.set(OSC_ADDRESSES.param + oscParamPath(spec.name), (m, _from, address) => setParam(t, m, address));
  routes.set(OSC_ADDRESSES.skip, () => t.skip('osc'));
  const withText = (what: string, run: (text: string, from: string) => void): Builtin => (m, from) => {
    const a = m.args[0];
    if (typeof a !== 'string') return badRequest(`${m.address} needs a string (${what}) as its first argument.`);
    run(a, from);
  };
  // Prompts are owned per sender, so the queue's per-client limit applies to each controller.
  routes.set(OSC_ADDRESSES.prompt, withText('text', (text, from) => t.submitPrompt(text, 'performer', `osc:${from}`)));
  // `/inkverse/scene s <scene> [s <display>]`: with a display name, that display alone ('' hands it back).
  routes.set(OSC_ADDRESSES.scene, (m, from) => {
    const display = m.args[1];
    if (display !== undefined && typeof display !== 'string') return badRequest(`${m.address} takes a display name (string) as its second argument.`);
    return withText('scene name', (name) => t.setScene(name, 'osc', display))(m, from, OSC_ADDRESSES.scene);
  });
  routes.set(OSC_ADDRESSES.inject, withText('text', (text) => t.inject(text, 'osc')));
  routes.set(OSC_ADDRESSES.preset, (m, from) => {
    const fade = m.args[1] === undefined ? undefined : numberArg(m.args[1]);
    if (m.args[1] !== undefined && fade === undefined) return badRequest(`${m.address} takes a fade in seconds as its second argument.`);
    return withText('preset name', (name) => t.recallPreset(name, fade, 'osc'))(m, from, OSC_ADDRESSES.preset);
  });
  // The switch's checks refuse at once; a load that fails later reaches the monitor and the log (see the control stage).
  const switchModel = t.switchModel?.bind(t);
  if (switchModel) routes.set(OSC_ADDRESSES.model, withText('model name', (name) => void switchModel(name, 'osc').loaded.catch(() => {})));
  for (const [alias, address] of Object.entries(OSC_ALIASES)) routes.set(alias, routes.get(address)!);
  return routes;
}

/** `scene.ink.bleed` -> `scene/ink/bleed`: the OSC path of a qualified parameter name. */
export function oscParamPath(name: string): string {
  return name.replaceAll('.', '/');
}

/**
 * `/inkverse/param/<name>` and `/inkverse/param/<namespace>/<name>`: the raw value, validated once by the surface
 * (never clamped; a fader's float on a boolean or enum parameter steps through its values).
 */
export function setParam(t: ControlTarget, m: OscMessage, address: string): Refusal | void {
  const name = address.slice(OSC_ADDRESSES.param.length).replaceAll('/', '.');
  const arg = m.args[0];
  if (arg === undefined && t.params.spec(name)) return badRequest(`${m.address} needs a value.`);
  return t.params.offer(name, typeof arg === 'bigint' ? Number(arg) : arg, 'osc');
}

/** A number from an OSC argument (`i f d h`, `T`/`F` as 1/0); undefined for anything else. */
export function numberArg(a: OscArg): number | undefined {
  if (typeof a === 'number') return Number.isFinite(a) ? a : undefined;
  if (typeof a === 'bigint') return Number(a);
  if (typeof a === 'boolean') return a ? 1 : 0;
  return undefined;
}
