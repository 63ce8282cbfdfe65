/**
 * @module supervisorOptions: the generator supervisor's options (its chain, watchdog and retry timings) and their defaults.
 */
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import type { Clock } from '../clock.ts';
import type { Candidate } from './slot.ts';

export interface SupervisorOptions {
  /** The model first, then the fallbacks in order of preference. */
  candidates: Candidate[];
  clock: Clock;
  /** No token for this long while writing is a hang (the candidate is restarted). */
  tokenTimeoutMs?: Milliseconds;
  /** A load that takes longer than this is a hang. */
  loadTimeoutMs?: Milliseconds;
  /** First retry after a failure; doubles with each failure in a row. */
  retryMinMs?: Milliseconds;
  /** Longest wait between retries, so a fixed model file heals the room within this long. */
  retryMaxMs?: Milliseconds;
  /** Verses in a row that end in an error before the candidate is restarted. */
  maxErrors?: number;
}

export const SUPERVISOR_DEFAULTS = {
  tokenTimeoutMs: 20_000,
  loadTimeoutMs: 300_000,
  retryMinMs: 1000,
  retryMaxMs: 60_000,
  maxErrors: 3,
} satisfies Omit<SupervisorOptions, 'candidates' | 'clock'>;
