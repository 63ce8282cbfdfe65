/**
 * @module limits: input limits that every transport shares (console socket, OSC, MIDI, saved files), so a
 * preset fade or a preset name means the same wherever it comes from. Checked with these schemas only.
 */
import { z } from 'zod';
import type { Seconds } from './paramSpec.ts';

/** Longest preset crossfade, in seconds (a slow drift of a whole performance is a legitimate use). */
export const PRESET_FADE_MAX_S: Seconds = 600;

/** A preset crossfade length in seconds, 0 (at once) to `PRESET_FADE_MAX_S`. */
export const PresetFadeSchema = z.number().min(0).max(PRESET_FADE_MAX_S);

/** A preset name: 1 to 32 letters (any script), digits, `_`, `-`, and spaces inside; surrounding spaces are trimmed. */
export const PresetNameSchema = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}_-](?:[\p{L}\p{N} _-]{0,30}[\p{L}\p{N}_-])?$/u, 'a preset name is 1 to 32 letters, digits, _, - or inner spaces');

/** How the limits read in a request's shape description. */
export const PRESET_NAME_SHAPE = 'letters, digits, _, - or inner spaces (1..32)';
export const PRESET_FADE_SHAPE = `seconds 0..${PRESET_FADE_MAX_S}`;
