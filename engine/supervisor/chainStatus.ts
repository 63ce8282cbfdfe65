/**
 * @module chainStatus: what a chain of candidates says about itself: its service status for `/health` and the
 * pages, one row per candidate, and the heaps of the threads it holds.
 */
import type { ServiceStatus } from '../../protocol/events.ts';
import type { GeneratorMemory } from '../generator.ts';
import type { Slot } from './slot.ts';

/** `ok` while the first candidate is the best ready one; else `degraded` with the reason. */
export function chainStatus(slots: readonly Slot[], best: Slot | null): ServiceStatus {
  const first = slots[0]!;
  if (best === first) return { status: 'ok', reason: null };
  if (first.failures === 0) return { status: 'degraded', reason: `loading ${first.candidate.label}` };
  const meanwhile = best ? `; writing with ${best.candidate.label} meanwhile` : '; nothing can write until it recovers';
  return { status: 'degraded', reason: `${first.reason ?? `${first.candidate.label} failed`}; retrying${meanwhile}` };
}

/** Every candidate: its label, state, failures in a row and last fault, for `/health`. */
export function candidateRows(slots: readonly Slot[]): Array<{ label: string; state: string; failures: number; reason: string | null }> {
  return slots.map((s) => ({ label: s.candidate.label, state: s.state, failures: s.failures, reason: s.reason }));
}

/** The heaps of every candidate's thread now loaded (a fallback may hold its own worker), summed; null when none reports. */
export function chainMemory(slots: readonly Slot[]): GeneratorMemory | null {
  const reports = slots.map((s) => s.generator?.memory?.() ?? null).filter((m): m is GeneratorMemory => m !== null);
  if (reports.length === 0) return null;
  const sum = (k: keyof GeneratorMemory): number => reports.reduce((a, m) => a + m[k], 0);
  return { heapUsed: sum('heapUsed'), heapTotal: sum('heapTotal'), external: sum('external'), arrayBuffers: sum('arrayBuffers') };
}
