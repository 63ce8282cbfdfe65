/**
 * @module fontGate: the LXGW WenKai face (CJK and Latin, a brush-like Kai) loaded from the npm package
 * through the asset route, never from the system. The package's CSS splits the font by unicode-range, so
 * the browser fetches only the slices holding the characters asked for. Text is drawn only after
 * `ready(text)` resolves for exactly those characters, so a display never shows a box or a fallback face;
 * DOM text (the text scene) gets `font-display: block`, so it stays invisible, not boxed, while a slice loads.
 */

export const FONT_FAMILY = 'LXGW WenKai';
const FONT_CSS = '/assets/pkg/lxgw-wenkai-webfont/lxgwwenkai-regular.css';

export class FontGate {
  readonly #loaded = new Set<string>();
  readonly #pending = new Map<string, Promise<void>>();

  constructor() {
    installFace();
  }

  /** The CSS font shorthand for a size in pixels. */
  font(px: number): string {
    return `${px}px "${FONT_FAMILY}", serif`;
  }

  /** True when every character of `text` can be drawn in the face now. */
  has(text: string): boolean {
    for (const ch of text) if (!this.#loaded.has(ch) && ch.trim()) return false;
    return true;
  }

  /** Resolves once the slices for these characters are loaded (a character the face lacks resolves too). */
  ready(text: string): Promise<void> {
    const missing = [...new Set(text)].filter((ch) => ch.trim() && !this.#loaded.has(ch)).join('');
    if (!missing) return Promise.resolve();
    let p = this.#pending.get(missing);
    if (!p) {
      p = this.#load(missing).finally(() => this.#pending.delete(missing));
      this.#pending.set(missing, p);
    }
    return p;
  }

  async #load(chars: string): Promise<void> {
    try {
      // The face's rules must be in the document before fonts.load knows its slices.
      await installFace();
      await document.fonts.load(this.font(32), chars);
    } catch {
      // An unreadable slice draws in the fallback face rather than never; the display must go on.
    }
    for (const ch of chars) this.#loaded.add(ch);
  }
}

let installed: Promise<void> | null = null;

/**
 * Adds the package's @font-face rules once, with `font-display: block` instead of the package's `swap`:
 * DOM text whose slice is still loading stays invisible for a moment rather than showing a fallback face
 * (which on a machine without CJK fonts is boxes). Relative URLs are made absolute to the asset route.
 */
function installFace(): Promise<void> {
  installed ??= (async () => {
    const base = FONT_CSS.slice(0, FONT_CSS.lastIndexOf('/') + 1);
    try {
      const css = await (await fetch(FONT_CSS)).text();
      const style = document.createElement('style');
      style.dataset.font = FONT_FAMILY;
      style.textContent = css.replace(/font-display:\s*swap/g, 'font-display: block').replace(/url\((['"]?)\.\//g, `url($1${base}`);
      document.head.append(style);
    } catch {
      // Unreachable server at start-up: the face comes with the next call (the display retries its fonts).
      installed = null;
    }
  })();
  return installed;
}
