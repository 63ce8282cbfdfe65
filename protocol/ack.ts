/** @module ack: the answer to a socket.io request: `{ ok: true, ... }` or a refusal with its code. */
import type { ErrorPayload } from './errors.ts';

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorPayload };
export type PromptAck = Ack<{ id: string; position: number }>;
