/** @module clock: time passed into logic (verse loop, pacing, smoothing, OSC timetags) so tests can drive it. */
import type { Milliseconds } from '../protocol/paramSpec.ts';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): Milliseconds;
  /** Resolves after `ms`, or at once (rejecting) when the signal aborts. */
  sleep(ms: Milliseconds, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
