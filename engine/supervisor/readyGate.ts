/**
 * @module readyGate: the callers waiting until some candidate of the chain can write (or the supervisor closes),
 * each of them cancellable by its own signal.
 */
export class ReadyGate {
  readonly #waiters = new Set<() => void>();

  /** @param closed whether the supervisor has closed: a waiter woken then is rejected instead of resolved. */
  constructor(private readonly closed: () => boolean) {}

  /** Resolves at the next `open()` (rejects if the supervisor has closed by then), or rejects when `signal` aborts. */
  wait(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.#waiters.delete(done);
        if (this.closed()) reject(new Error('The generator supervisor is closed.'));
        else resolve();
      };
      const onAbort = (): void => {
        this.#waiters.delete(done);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(done);
    });
  }

  /** Wakes every waiter. */
  open(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}
