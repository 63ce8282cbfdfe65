/**
 * @module fontGate: the LXGW WenKai face (CJK and Latin, a brush-like Kai) loaded from the npm package
 * through the asset route, never from the system. The package's CSS splits the font by unicode-range, so
 * the browser fetches only the slices holding the characters asked for. Text is drawn only after
 * `ready(text)` resolves for exactly those characters, so a display never shows a box or a fallback face.
 */

export const FONT_FAMILY = 'LXGW WenKai';
const FONT_CSS = '/assets/pkg/lxgw-wenkai-webfont/lxgwwenkai-regular.css';

export class FontGate {
  readonly #loaded = new Set<string>();
  readonly #pending = new Map<string, Promise<void>>();

  constructor() {
    if (!document.querySelector(`link[data-font="${FONT_FAMILY}"]`)) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = FONT_CSS;
      link.dataset.font = FONT_FAMILY;
      document.head.append(link);
    }
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
      // The stylesheet must be parsed before fonts.load knows the face's slices.
      await waitForStylesheet();
      await document.fonts.load(this.font(32), chars);
    } catch {
      // An unreadable slice draws in the fallback face rather than never; the display must go on.
    }
    for (const ch of chars) this.#loaded.add(ch);
  }
}

function waitForStylesheet(): Promise<void> {
  const link = document.querySelector<HTMLLinkElement>(`link[data-font="${FONT_FAMILY}"]`);
  if (!link || link.sheet) return Promise.resolve();
  return new Promise((resolve) => {
    link.addEventListener('load', () => resolve(), { once: true });
    link.addEventListener('error', () => resolve(), { once: true });
  });
}
