/**
 * @module builtinPresets: the presets (saved parameter sets) every installation starts with.
 * Values lie inside the ranges of engineParams.ts (checked by test/engine/control/presets.test.ts).
 */
import type { Preset } from './presets.ts';

export const BUILTIN_PRESETS: readonly Preset[] = [
  {
    name: 'calm',
    doc: 'Low temperature, narrow sampling, slow tokens and long pauses: quiet, settled verse.',
    params: { temperature: 0.55, top_k: 20, top_p: 0.85, repetition_penalty: 1.15, tempo: 4, verse_gap: 8 },
  },
  {
    name: 'wild',
    doc: 'High temperature, wide sampling, fast tokens and short pauses: surprising, unstable verse.',
    params: { temperature: 1.5, top_k: 200, top_p: 0.99, repetition_penalty: 1.05, tempo: 24, verse_gap: 1 },
  },
  {
    name: 'classic',
    doc: 'The engine defaults: balanced sampling at a reading pace.',
    params: { temperature: 0.9, top_k: 40, top_p: 0.95, repetition_penalty: 1.1, tempo: 8, verse_gap: 4 },
  },
];
