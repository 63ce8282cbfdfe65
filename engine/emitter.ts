/** @module emitter: a tiny typed event emitter that runs in Node and the browser. */

/** Event name -> listener signature; interfaces qualify without an index signature. */
export type EventMap<E> = { [K in keyof E]: (...args: never[]) => void };

export class Emitter<Events extends EventMap<Events>> {
  readonly #listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<K extends keyof Events>(event: K, listener: Events[K]): void {
    this.#listeners.get(event)?.delete(listener);
  }

  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) (listener as (...a: Parameters<Events[K]>) => void)(...args);
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }
}
