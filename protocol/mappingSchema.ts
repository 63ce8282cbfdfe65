/**
 * @module mappingSchema: the shape of a controller mapping (OSC address or MIDI control -> parameter or action),
 * validated with zod wherever mappings come from (config files, the console's learn mode).
 */
import { z } from 'zod';

/** How an input value is shaped between its input range and the parameter's range. */
export const CURVES = ['linear', 'exp', 'log', 'scurve'] as const;
export type Curve = (typeof CURVES)[number];

/** absolute: the value sets the parameter; toggle: each press flips between min and max; trigger: a press fires the action. */
export const MAPPING_MODES = ['absolute', 'toggle', 'trigger'] as const;

/** Actions a control can fire; `preset`, `scene` and `prompt` take an argument. */
export const MAPPING_ACTIONS = ['skip', 'preset', 'scene', 'prompt', 'inject'] as const;
export type MappingAction = (typeof MAPPING_ACTIONS)[number];

/**
 * Action names older versions wrote, and the action each is now. Still read (config files, mapping files and
 * learned mappings written before the rename keep working; their loaders log a deprecation warning), never written.
 */
export const DEPRECATED_MAPPING_ACTIONS = { voice: 'preset' } as const satisfies Record<string, MappingAction>;
type DeprecatedAction = keyof typeof DEPRECATED_MAPPING_ACTIONS;

const isDeprecatedAction = (a: string): a is DeprecatedAction => Object.hasOwn(DEPRECATED_MAPPING_ACTIONS, a);

/** An action as written: a current name, or a deprecated one read as its new name. */
const ActionSchema = z
  .union([
    z.enum(MAPPING_ACTIONS),
    z.literal('voice').meta({ deprecated: true, description: 'Deprecated name of "preset" (recalls a preset); still read.' }),
  ])
  .transform((a): MappingAction => (isDeprecatedAction(a) ? DEPRECATED_MAPPING_ACTIONS[a] : a));

/**
 * The deprecated action names a raw mapping list (as parsed from JSON, before validation) uses, with the index of
 * each mapping and the name to write instead; empty when there are none or `raw` is not a list.
 */
export function deprecatedMappingActions(raw: unknown): Array<{ index: number; action: string; use: MappingAction }> {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((m: unknown, index) => {
    const action = typeof m === 'object' && m !== null ? (m as { action?: unknown }).action : undefined;
    return typeof action === 'string' && isDeprecatedAction(action) ? [{ index, action, use: DEPRECATED_MAPPING_ACTIONS[action] }] : [];
  });
}

export const MidiSourceSchema = z.strictObject({
  type: z.enum(['cc', 'note']),
  /** MIDI channel 1..16; omitted = any channel. */
  channel: z.number().int().min(1).max(16).optional(),
  number: z.number().int().min(0).max(127),
});
export type MidiSource = z.infer<typeof MidiSourceSchema>;

export const MappingSchema = z
  .strictObject({
    /** OSC address (exact, no patterns) this mapping listens to. */
    address: z.string().startsWith('/').max(256).optional(),
    /** MIDI control this mapping listens to. */
    midi: MidiSourceSchema.optional(),
    /** Engine (or scene) parameter to drive. */
    param: z.string().min(1).optional(),
    /** Action to fire instead of driving a parameter. */
    action: ActionSchema.optional(),
    /** Argument of the action (preset name, scene name, prompt text). */
    arg: z.string().max(500).optional(),
    /** Input range [lo, hi] of the controller; default [0, 1] for OSC, [0, 127] for MIDI. */
    in: z.tuple([z.number(), z.number()]).optional(),
    /** Output range within the parameter's range; default the parameter's whole range. */
    out: z.tuple([z.number(), z.number()]).optional(),
    curve: z.enum(CURVES).default('linear'),
    /** Smoothing time constant in seconds (0 = jump at once). */
    smoothing: z.number().min(0).max(10).default(0),
    mode: z.enum(MAPPING_MODES).default('absolute'),
  })
  .refine((m) => (m.address === undefined) !== (m.midi === undefined), {
    message: 'A mapping needs exactly one source: "address" (OSC) or "midi".',
  })
  .refine((m) => (m.param === undefined) !== (m.action === undefined), {
    message: 'A mapping needs exactly one target: "param" or "action".',
  });

export type Mapping = z.infer<typeof MappingSchema>;
/** A mapping as written in a config file or sent by the console (defaults not yet filled in). */
export type MappingInput = z.input<typeof MappingSchema>;
