/**
 * The generator worker's messages are a typed union (issue 25, item 3): each end of the port sends only its own side's
 * messages, so the compiler refuses an unknown message. The `@ts-expect-error` lines are checked by `tsc --noEmit`
 * (this file is in the project): if the union ever accepted one of them, the typecheck would fail on an unused
 * directive. At run time the typed ends carry messages over a real MessageChannel unchanged.
 */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '../../../engine/worker/messages.ts';
import { toMainThread, toWorker } from '../../../engine/worker/workerChannel.ts';

describe('worker channel', () => {
  it('carries a request to the worker and its reply back over a real MessageChannel, typed at both ends', async () => {
    const { port1, port2 } = new MessageChannel();
    try {
      const main = toWorker(port1);
      const worker = toMainThread(port2);
      const request: ToWorker = { type: 'generate', gen: 7, input: '春', body: '', seed: 1 };
      const got = new Promise<ToWorker>((resolve) => worker.onMessage(resolve));
      main.send(request);
      expect(await got).toEqual(request);
      const reply: FromWorker = { type: 'end', gen: 7, reason: 'eos' };
      const back = new Promise<FromWorker>((resolve) => main.onMessage(resolve));
      worker.send(reply);
      expect(await back).toEqual(reply);
    } finally {
      port1.close();
      port2.close();
    }
  });
});

/** Never run: the compiler refuses a message the other end does not take (each line fails `tsc` if it is accepted). */
export function typeChecks(main: ReturnType<typeof toWorker>, worker: ReturnType<typeof toMainThread>): void {
  // @ts-expect-error: no such request
  main.send({ type: 'generat', gen: 1 });
  // @ts-expect-error: a generate request needs its input, body and seed
  main.send({ type: 'generate', gen: 1 });
  // @ts-expect-error: the main thread cannot send the worker's replies
  main.send({ type: 'end', gen: 1, reason: 'eos' });
  // @ts-expect-error: the worker cannot send requests back
  worker.send({ type: 'dispose' });
  // @ts-expect-error: no such end reason
  worker.send({ type: 'end', gen: 1, reason: 'tired' });
  main.onMessage((msg) => {
    // @ts-expect-error: replies never carry an input
    void msg.input;
  });
}
