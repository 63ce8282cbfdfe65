/**
 * @module displayHost: the display's one WebGL renderer and the scenes on it. It mounts scenes (loaded
 * lazily), crossfades from one to the next over `display.crossfade` seconds through two render targets,
 * drives `update(dt, elapsed)` from animation frames, survives WebGL context loss (everything is torn
 * down and rebuilt from the verse model, which holds the whole verse), and counts frame times for the
 * debug readout and the benchmark.
 */
import type { WebGLRenderer } from 'three';
import { defaultsOf, type ParamValues, type Seconds } from '../../protocol/paramSpec.ts';
import { findScene } from '../sceneRegistry.ts';
import type { VerseModel } from '../ui/verseModel.ts';
import { buildComposite, createRenderer, freeComposite, type Composite } from './displayComposite.ts';
import { DISPLAY_PARAMS } from './displayParams.ts';
import { FontGate } from './fontGate.ts';
import { ResourceTracker } from './resourceTracker.ts';
import { loadScene } from './sceneLoader.ts';
import type { SceneContext, SceneModule } from './sceneModule.ts';
import { StrokeLoader } from './strokeLoader.ts';
import { VersePresence } from './versePresence.ts';

export interface DisplayHostOptions {
  /** Where the canvas and the scenes' DOM layers go. */
  root: HTMLElement;
  verse: VerseModel;
  /** Seed of every scene's randomness. */
  seed: number;
  /** Whether the server is reachable now (scenes may show it). */
  online: () => boolean;
  /** Called once a scene is mounted and showing. */
  shown?: (name: string) => void;
}

interface Mounted {
  module: SceneModule;
  overlay: HTMLElement;
  track: ResourceTracker;
}

/** Frames whose script time the readout and benchmark keep. */
const FRAME_HISTORY = 240;
/** The longest step a frame may take, so a tab woken after hours does not jump every animation to its end. */
const MAX_DT: Seconds = 0.5;

export class DisplayHost {
  /** Null where the browser has no WebGL: then only the DOM `text` scene shows. */
  readonly renderer: WebGLRenderer | null;
  readonly fonts = new FontGate();
  readonly strokes = new StrokeLoader();
  /** Script milliseconds of the last frames (update + render), for the readout and the benchmark. */
  readonly frameMs: number[] = [];
  readonly #o: DisplayHostOptions;
  readonly #values = new Map<string, ParamValues>();
  readonly #display: ParamValues = defaultsOf(DISPLAY_PARAMS);
  readonly #presence: VersePresence;
  #current: Mounted | null = null;
  #outgoing: Mounted | null = null;
  #fade = 1;
  #wanted = '';
  #gpu: Composite | null = null;
  #elapsed: Seconds = 0;
  #last: number | null = null;
  #frame = 0;
  #lost = false;
  #disposed = false;

  constructor(options: DisplayHostOptions) {
    this.#o = options;
    this.#presence = new VersePresence(options.verse, this.#display);
    this.renderer = createRenderer();
    if (this.renderer) {
      const canvas = this.renderer.domElement;
      canvas.className = 'display-canvas';
      options.root.prepend(canvas);
      canvas.addEventListener('webglcontextlost', this.#onLost);
      canvas.addEventListener('webglcontextrestored', this.#onRestored);
      window.addEventListener('resize', this.#onResize);
      this.#onResize();
      this.#buildGpu();
    }
    this.#frame = requestAnimationFrame(this.#tick);
  }

  /** The scene showing (or being loaded to show). */
  get scene(): string {
    return this.#wanted;
  }

  get mounted(): SceneModule | null {
    return this.#current?.module ?? null;
  }

  /** Scenes mounted now (the incoming one and, during a crossfade, the outgoing one). */
  get mountedCount(): number {
    return (this.#current ? 1 : 0) + (this.#outgoing ? 1 : 0);
  }

  /** A parameter by qualified name (`scene.ink.bleed`, `display.crossfade`); others are ignored. */
  setParam(name: string, value: ParamValues[string]): void {
    const dot = name.lastIndexOf('.');
    const ns = name.slice(0, dot);
    const bare = name.slice(dot + 1);
    if (ns === 'display') {
      if (bare in this.#display) this.#display[bare] = value;
      return;
    }
    if (!ns.startsWith('scene.')) return;
    const values = this.#valuesOf(ns.slice('scene.'.length));
    if (values && bare in values) values[bare] = value;
  }

  /** A scene's current values (bare names), as the display holds them. */
  paramsOf(scene: string): Readonly<ParamValues> | undefined {
    return this.#valuesOf(scene);
  }

  /** Shows a scene, crossfading from the one showing; a later call wins over one still loading. */
  async show(asked: string): Promise<void> {
    // Without WebGL a projector still shows the verse, as text, rather than an error.
    const name = this.renderer ? asked : 'text';
    if (name === this.#wanted || this.#disposed) return;
    this.#wanted = name;
    const factory = await loadScene(name);
    if (this.#wanted !== name || this.#disposed || this.#lost) return;
    // A swap during a crossfade drops the outgoing scene at once: at most two scenes ever live.
    if (this.#outgoing) this.#unmount(this.#outgoing);
    this.#outgoing = this.#current;
    this.#current = this.#mount(factory(), name);
    this.#fade = this.#outgoing && Number(this.#display.crossfade) > 0 ? 0 : 1;
    if (this.#fade >= 1 && this.#outgoing) {
      this.#unmount(this.#outgoing);
      this.#outgoing = null;
    }
    this.#o.shown?.(name);
  }

  #valuesOf(scene: string): ParamValues | undefined {
    let v = this.#values.get(scene);
    if (!v) {
      const def = findScene(scene);
      if (!def) return undefined;
      v = defaultsOf(def.params);
      this.#values.set(scene, v);
    }
    return v;
  }

  #mount(module: SceneModule, name: string): Mounted {
    const overlay = document.createElement('div');
    overlay.className = 'scene-layer';
    overlay.dataset.layer = name;
    this.#o.root.append(overlay);
    const track = new ResourceTracker();
    // Only the DOM text scene is ever mounted without a renderer (show() sees to it).
    const renderer = this.renderer as WebGLRenderer;
    const ctx: SceneContext = {
      renderer,
      overlay,
      verse: this.#o.verse,
      params: this.#valuesOf(name) ?? {},
      display: this.#display,
      seed: this.#o.seed,
      fonts: this.fonts,
      strokes: this.strokes,
      track,
      size: () => ({ width: window.innerWidth, height: window.innerHeight, pixelRatio: renderer.getPixelRatio() }),
      presence: (elapsed) => this.#presence.at(elapsed),
      online: this.#o.online,
    };
    module.mount(ctx);
    return { module, overlay, track };
  }

  #unmount(m: Mounted): void {
    m.module.dispose();
    m.track.dispose();
    m.overlay.remove();
  }

  #buildGpu(): void {
    if (!this.renderer) return;
    this.#gpu = buildComposite(this.renderer);
  }

  #freeGpu(): void {
    if (!this.#gpu) return;
    freeComposite(this.#gpu);
    this.#gpu = null;
  }

  /** When true, animation frames do not step the scenes: the benchmark steps them itself. */
  manual = false;

  readonly #tick = (now: number): void => {
    this.#frame = requestAnimationFrame(this.#tick);
    if (this.manual) return;
    const dt = this.#last === null ? 0 : Math.min(MAX_DT, (now - this.#last) / 1000);
    this.#last = now;
    this.step(dt);
  };

  /** One frame: advances by `dt` seconds and draws. The animation loop calls it; the benchmark may too. */
  step(dt: Seconds): void {
    if (this.#lost) return;
    const t0 = performance.now();
    this.#elapsed += dt;
    const cur = this.#current;
    const out = this.#outgoing;
    if (out && cur && this.#gpu && this.renderer) {
      const span = Math.max(0.001, Number(this.#display.crossfade));
      this.#fade = Math.min(1, this.#fade + dt / span);
      out.module.update(dt, this.#elapsed);
      cur.module.update(dt, this.#elapsed);
      const [a, b] = this.#gpu.targets;
      out.module.render(a);
      cur.module.render(b);
      this.#gpu.quad.material.uniforms.uMix!.value = this.#fade;
      this.renderer.setRenderTarget(null);
      this.renderer.render(this.#gpu.scene, this.#gpu.camera);
      out.overlay.style.opacity = String(1 - this.#fade);
      cur.overlay.style.opacity = String(this.#fade);
      if (this.#fade >= 1) {
        this.#unmount(out);
        this.#outgoing = null;
      }
    } else if (cur) {
      cur.overlay.style.opacity = '1';
      cur.module.update(dt, this.#elapsed);
      cur.module.render(null);
    }
    this.frameMs.push(performance.now() - t0);
    if (this.frameMs.length > FRAME_HISTORY) this.frameMs.shift();
  }

  readonly #onResize = (): void => {
    if (!this.renderer) return;
    this.renderer.setSize(window.innerWidth, window.innerHeight);
    const w = this.renderer.domElement.width;
    const h = this.renderer.domElement.height;
    for (const t of this.#gpu?.targets ?? []) t.setSize(w, h);
    this.#current?.module.resize();
    this.#outgoing?.module.resize();
  };

  readonly #onLost = (e: Event): void => {
    // Without preventDefault the browser never offers the context back.
    e.preventDefault();
    this.#lost = true;
    // Everything on the GPU is gone; free our side too and rebuild from the verse model on restore.
    for (const m of [this.#outgoing, this.#current]) if (m) this.#unmount(m);
    this.#outgoing = this.#current = null;
    this.#freeGpu();
  };

  readonly #onRestored = (): void => {
    this.#lost = false;
    this.#buildGpu();
    const name = this.#wanted;
    this.#wanted = '';
    void this.show(name);
  };

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    cancelAnimationFrame(this.#frame);
    window.removeEventListener('resize', this.#onResize);
    for (const m of [this.#outgoing, this.#current]) if (m) this.#unmount(m);
    this.#outgoing = this.#current = null;
    this.#freeGpu();
    this.renderer?.dispose();
    this.renderer?.domElement.remove();
  }
}
