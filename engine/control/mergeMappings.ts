/**
 * @module mergeMappings: identifies a mapping by its source (OSC address or MIDI control) and merges
 * mapping lists so a learned mapping replaces the configured one on the same source. Browser-safe.
 */
import type { Mapping } from '../../protocol/mappingSchema.ts';

/** A stable key for a mapping's source: `osc:/1/fader1`, `midi:cc:3:7` (channel `*` = any). */
export function mappingSourceKey(m: Pick<Mapping, 'address' | 'midi'>): string {
  if (m.midi) return `midi:${m.midi.type}:${m.midi.channel ?? '*'}:${m.midi.number}`;
  return `osc:${m.address ?? ''}`;
}

/**
 * The mappings in force: every learned mapping, plus each configured mapping whose source no learned
 * mapping uses. Configured mappings keep their order; learned ones follow in theirs.
 */
export function mergeMappings(configured: readonly Mapping[], learned: readonly Mapping[]): Mapping[] {
  const overridden = new Set(learned.map(mappingSourceKey));
  return [...configured.filter((m) => !overridden.has(mappingSourceKey(m))), ...learned];
}
