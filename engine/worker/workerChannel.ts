/**
 * @module workerChannel: the typed ends of the generator worker's message port. The main thread may `send` only a
 * `ToWorker` and hears only `FromWorker`, the worker the reverse, so the compiler refuses a message neither side
 * knows (structured clone itself would carry any object).
 */
import type { FromWorker, ToWorker } from './messages.ts';

/** What both ends have: a `Worker` on the main thread, `parentPort` in the worker. */
export interface MessagePortLike {
  postMessage(value: unknown): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
}

export interface WorkerChannel<Send, Receive> {
  send(msg: Send): void;
  onMessage(listener: (msg: Receive) => void): void;
}

function channel<Send, Receive>(port: MessagePortLike): WorkerChannel<Send, Receive> {
  return {
    send: (msg) => port.postMessage(msg),
    // The other end is our own code, typed by the same union: what arrives is what it sent.
    onMessage: (listener) => void port.on('message', (value) => listener(value as Receive)),
  };
}

/** The main thread's end: sends requests to the worker, hears its replies. */
export const toWorker = (worker: MessagePortLike): WorkerChannel<ToWorker, FromWorker> => channel(worker);

/** The worker's end: sends replies to the main thread, hears its requests. */
export const toMainThread = (port: MessagePortLike): WorkerChannel<FromWorker, ToWorker> => channel(port);
