/**
 * @module feedSocket: a stand-in for the page's socket.io connection that the tests feed by hand
 * (`/sound?feed=test`), so hundreds of verses run through the page's real verse model, composer and
 * voices in seconds instead of the minutes a model takes to write them. Only the transport is fake.
 */
import type { ServerToClientEvents } from '../../protocol/events.ts';
import type { PageSocket } from '../ui/socket.ts';

type Handler = (payload: never) => void;

export class FeedSocket {
  readonly connected = true;
  readonly #handlers = new Map<string, Handler[]>();
  /** Requests the page sent (e.g. `state:resume`), for tests to inspect. */
  readonly sent: Array<[string, unknown]> = [];

  on(event: string, handler: Handler): this {
    this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), handler]);
    return this;
  }

  emit(event: string, payload?: unknown): this {
    this.sent.push([event, payload]);
    return this;
  }

  /** Delivers one server event to the page, as socket.io would. */
  deliver<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    for (const h of this.#handlers.get(event) ?? []) h(payload as never);
  }

  /** Typed as the page's socket: the page uses only `on`, `emit` and `connected`. */
  asPageSocket(): PageSocket {
    return this as unknown as PageSocket;
  }
}
