/**
 * @module resourceTracker: one place where a scene registers what it creates on the GPU (geometries,
 * materials, textures, render targets) and its scene-graph objects, so `dispose()` frees all of it and the
 * display can count what is alive (the leak test compares the count before and after 100 scene swaps).
 */

interface Disposable {
  dispose(): void;
}

/** Live tracked resources across all trackers of the page. */
let live = 0;

export class ResourceTracker {
  readonly #items = new Set<Disposable>();
  #disposed = false;

  /** Registers a resource and returns it, so creation reads `const g = track.add(new BufferGeometry())`. */
  add<T extends Disposable>(item: T): T {
    if (this.#disposed) {
      // A late async callback (a font or stroke file that arrived after dispose) must not leak.
      item.dispose();
      return item;
    }
    if (!this.#items.has(item)) {
      this.#items.add(item);
      live++;
    }
    return item;
  }

  /** Frees one resource early (a line scrolled away, a constellation that faded out). */
  release(item: Disposable): void {
    if (!this.#items.delete(item)) return;
    live--;
    item.dispose();
  }

  get size(): number {
    return this.#items.size;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const item of this.#items) item.dispose();
    live -= this.#items.size;
    this.#items.clear();
  }

  /** Tracked resources alive in the whole page. */
  static get live(): number {
    return live;
  }
}
