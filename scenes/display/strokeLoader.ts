/**
 * @module strokeLoader: stroke outlines and medians of Chinese characters from npm `hanzi-writer-data`
 * (`/assets/pkg/hanzi-writer-data/<char>.json`), fetched once per character and kept in a bounded cache.
 * Coordinates are hanzi-writer's: a 1024 box, y up, baseline at 900 from the top.
 */

export interface CharStrokes {
  /** SVG path data of each stroke's outline, in writing order. */
  strokes: string[];
  /** Each stroke's centre line, from where the brush lands to where it lifts. */
  medians: Array<Array<[number, number]>>;
}

/** Characters kept; a verse uses a few dozen, so this holds many verses without growing without bound. */
const CACHE_SIZE = 600;
const HAN = /\p{Script=Han}/u;

export class StrokeLoader {
  readonly #cache = new Map<string, Promise<CharStrokes | null>>();
  readonly #base: string;

  constructor(base = '/assets/pkg/hanzi-writer-data/') {
    this.#base = base;
  }

  /** The strokes of a Han character, or null (not Han, not in the data, or the fetch failed). */
  get(ch: string): Promise<CharStrokes | null> {
    if (!HAN.test(ch)) return Promise.resolve(null);
    let p = this.#cache.get(ch);
    if (p) {
      this.#cache.delete(ch);
      this.#cache.set(ch, p);
      return p;
    }
    // The request starts in a task of its own, between frames: starting a fetch took 0.6-8 ms of main-thread time
    // on the 2-core machine, and a scene asks for a character inside its animation frame (BENCHMARKS.md, Scenes).
    const url = this.#base + encodeURIComponent(ch) + '.json';
    p = new Promise<void>((resolve) => setTimeout(resolve, 0))
      .then(() => fetch(url))
      .then(async (r) => (r.ok ? parseStrokes(await r.json()) : null))
      .catch(() => null);
    this.#cache.set(ch, p);
    while (this.#cache.size > CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    return p;
  }
}

function parseStrokes(raw: unknown): CharStrokes | null {
  const r = raw as { strokes?: unknown; medians?: unknown };
  if (!Array.isArray(r.strokes) || !Array.isArray(r.medians) || r.strokes.length !== r.medians.length) return null;
  if (!r.strokes.every((s) => typeof s === 'string')) return null;
  return { strokes: r.strokes as string[], medians: r.medians as CharStrokes['medians'] };
}
