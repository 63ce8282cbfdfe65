/**
 * @module scrollCard: one verse line of the scroll scene drawn into its own texture: pinyin above in a
 * small light face, the line large, the English gloss below, and for a line found in an existing poem its
 * poet and poem. Wrapped and fitted to the width, in the Kai face, and redrawn only when its text changes.
 */
import { CanvasTexture, LinearFilter, Mesh, MeshBasicMaterial, PlaneGeometry, SRGBColorSpace } from 'three';
import type { LineView } from '../../ui/verseModel.ts';
import { sourceNote } from '../../ui/sourceNote.ts';
import type { FontGate } from '../fontGate.ts';
import { fitText, wrapText } from '../layout/wrapText.ts';
import type { ResourceTracker } from '../resourceTracker.ts';

export interface CardStyle {
  /** Card width and the line's largest font size, in CSS pixels. */
  width: number;
  size: number;
  pixelRatio: number;
  glosses: boolean;
  ink: string;
}

/** Whose a copied line is (shared with the DOM verse view): see ui/sourceNote. */
export { sourceNote };

/** Largest texture side: a card never asks the GPU for more. */
const MAX_SIDE = 4096;

export class ScrollCard {
  readonly mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  /** Height in CSS pixels, once drawn. */
  height = 0;
  text = '';
  /** The source note drawn under the line ('' for a new line). */
  note = '';
  /** Times the card was drawn: a frame that shows it anew (its ink changed, say) is not skipped. */
  drawn = 0;
  #key = '';
  readonly #canvas = document.createElement('canvas');
  readonly #ctx = this.#canvas.getContext('2d', { willReadFrequently: true })!;
  readonly #texture: CanvasTexture;
  readonly #track: ResourceTracker;

  constructor(track: ResourceTracker) {
    this.#track = track;
    this.#texture = track.add(new CanvasTexture(this.#canvas));
    this.#texture.colorSpace = SRGBColorSpace;
    this.#texture.minFilter = LinearFilter;
    this.#texture.generateMipmaps = false;
    this.mesh = new Mesh(track.add(new PlaneGeometry(1, 1)), track.add(new MeshBasicMaterial({ map: this.#texture, transparent: true, depthTest: false, opacity: 0 })));
  }

  /** Draws the line if its text or style changed; false while some of its glyphs are still loading. */
  draw(line: LineView, style: CardStyle, fonts: FontGate): boolean {
    let pinyin = style.glosses ? (line.pinyin ?? '') : '';
    let gloss = style.glosses ? (line.gloss ?? '') : '';
    let note = sourceNote(line, style.glosses);
    if (!fonts.has(line.text + pinyin + gloss + note)) void fonts.ready(line.text + pinyin + gloss + note);
    // While the face loads the newest glyphs, draw the part of the line it already holds, never a box.
    let text = '';
    for (const ch of line.text) {
      if (!fonts.has(ch)) break;
      text += ch;
    }
    if (!fonts.has(pinyin + gloss + note)) pinyin = gloss = note = '';
    const key = JSON.stringify([text, pinyin, gloss, note, style]);
    if (key === this.#key) return text === line.text;
    if (!text.trim()) return false;
    this.#key = key;
    this.drawn++;
    this.text = text;
    this.note = note;
    const ctx = this.#ctx;
    const measureAt = (weight: string) => (s: string): number => {
      ctx.font = `${weight}${fonts.font(100)}`;
      return ctx.measureText(s).width / 100;
    };
    const w = style.width;
    const main = fitText([text], w, style.size * 3, measureAt(''), { maxSize: style.size, minSize: 10, lineHeight: 1.3 });
    const small = main.size * 0.34;
    const glossSize = main.size * 0.4;
    const glossLines = gloss ? wrapText(gloss, w, glossSize, measureAt('italic ')) : [];
    const rows: Array<{ text: string; size: number; alpha: number; italic: boolean; lead: number }> = [];
    if (pinyin) rows.push({ text: pinyin, size: small, alpha: 0.6, italic: false, lead: 1.5 });
    for (const t of main.lines[0] ?? []) rows.push({ text: t, size: main.size, alpha: 1, italic: false, lead: 1.3 });
    for (const t of glossLines) rows.push({ text: t, size: glossSize, alpha: 0.62, italic: true, lead: 1.45 });
    for (const t of note ? wrapText(note, w, glossSize, measureAt('')) : []) rows.push({ text: t, size: glossSize, alpha: 0.8, italic: false, lead: 1.45 });
    this.height = rows.reduce((h, r) => h + r.size * r.lead, 0);
    const scale = Math.min(style.pixelRatio, MAX_SIDE / Math.max(w, this.height));
    const [width, height] = [Math.ceil(w * scale), Math.ceil(this.height * scale)];
    const resized = width !== this.#canvas.width || height !== this.#canvas.height;
    if (resized) [this.#canvas.width, this.#canvas.height] = [width, height];
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.clearRect(0, 0, w, this.height);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = style.ink;
    let y = 0;
    for (const r of rows) {
      ctx.globalAlpha = r.alpha;
      ctx.font = `${r.italic ? 'italic ' : ''}${fonts.font(r.size)}`;
      ctx.fillText(r.text, w / 2, y + (r.size * r.lead) / 2);
      y += r.size * r.lead;
    }
    ctx.globalAlpha = 1;
    // A canvas that changed size needs a new GPU texture; one of the same size (a line growing a character at a time
    // mostly keeps its size) is updated in place.
    if (resized) this.#texture.dispose();
    this.#texture.needsUpdate = true;
    this.mesh.scale.set(w, this.height, 1);
    return true;
  }

  release(): void {
    this.mesh.removeFromParent();
    this.#track.release(this.#texture);
    this.#track.release(this.mesh.geometry);
    this.#track.release(this.mesh.material);
  }
}
