/**
 * @module watchdog: streams a generator's tokens under a watchdog. No token within the timeout while the
 * consumer waits is a hang (`WatchdogTimeout`); an abort returns at once, even from a stream that hangs.
 * Time between tokens that the consumer spends elsewhere (pacing at the live tempo) is not counted.
 * `within` bounds one promise (a load, a draft) the same way.
 */
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import type { Clock } from '../clock.ts';

export class WatchdogTimeout extends Error {
  readonly timeoutMs: Milliseconds;

  constructor(timeoutMs: Milliseconds) {
    super(`no token for ${timeoutMs / 1000} s`);
    this.name = 'WatchdogTimeout';
    this.timeoutMs = timeoutMs;
  }
}

type Step<T> = { kind: 'value'; value: T } | { kind: 'timeout' } | { kind: 'aborted' };

/** Settles with the promise's value, a timeout after `ms`, or the signal's abort, whichever comes first. */
export async function within<T>(promise: Promise<T>, clock: Clock, ms: Milliseconds, signal?: AbortSignal): Promise<Step<T>> {
  const timer = new AbortController();
  const onAbort = (): void => timer.abort(new Error('aborted'));
  signal?.addEventListener('abort', onAbort, { once: true });
  let settled = false;
  try {
    return await Promise.race([
      promise.then((value): Step<T> => ({ kind: 'value', value })),
      clock.sleep(ms, timer.signal).then(
        (): Step<T> => ({ kind: 'timeout' }),
        (): Step<T> => ({ kind: settled ? 'timeout' : 'aborted' }),
      ),
    ]);
  } finally {
    settled = true;
    timer.abort(new Error('settled'));
    signal?.removeEventListener('abort', onAbort);
  }
}

export interface WatchOptions {
  clock: Clock;
  /** Longest wait for one token. */
  timeoutMs: Milliseconds;
  signal?: AbortSignal;
}

/**
 * `inner`, token by token, under the watchdog; a stream left early is told to return, never awaited.
 * One ticker per stream checks a few times per timeout how long the consumer has been waiting, so a token
 * costs two assignments rather than a timer; once a wait is within one tick of the timeout, the ticker
 * sleeps exactly the rest, so a hang is found when the wait reaches the timeout, not up to a tick later.
 */
export async function* watched<T>(inner: AsyncIterable<T>, o: WatchOptions): AsyncGenerator<T> {
  const it = inner[Symbol.asyncIterator]();
  const stop = new AbortController();
  let finished = false;
  let waitingSince: number | null = null;
  let fire!: () => void;
  const timedOut = new Promise<'timeout'>((resolve) => (fire = () => resolve('timeout')));
  const aborted = new Promise<'aborted'>((resolve) => o.signal?.addEventListener('abort', () => resolve('aborted'), { once: true, signal: stop.signal }));
  void (async () => {
    const every = Math.max(10, o.timeoutMs / 4);
    while (!stop.signal.aborted) {
      const rest = waitingSince === null ? every : Math.max(1, Math.min(every, waitingSince + o.timeoutMs - o.clock.now()));
      const slept = await o.clock.sleep(rest, stop.signal).then(
        () => true,
        () => false,
      );
      if (!slept) return;
      if (waitingSince !== null && o.clock.now() - waitingSince >= o.timeoutMs) return fire();
    }
  })();
  try {
    for (;;) {
      if (o.signal?.aborted) return;
      waitingSince = o.clock.now();
      const step = await Promise.race([it.next(), timedOut, aborted]);
      waitingSince = null;
      if (step === 'aborted') return;
      if (step === 'timeout') throw new WatchdogTimeout(o.timeoutMs);
      if (step.done) {
        finished = true;
        return;
      }
      yield step.value;
    }
  } catch (err) {
    // The inner stream threw: it is over. A timeout leaves it hanging, to be returned below.
    if (!(err instanceof WatchdogTimeout)) finished = true;
    throw err;
  } finally {
    stop.abort();
    // A hung stream cannot answer `return()` until it moves; don't wait for it.
    if (!finished) void Promise.resolve(it.return?.()).catch(() => {});
  }
}
