/**
 * @module sceneModule: the contract every display scene keeps. A scene is one lazily loaded module whose
 * default export makes a SceneModule. It declares its name and parameter table (the same table the
 * registry gives the control surface), is mounted with a SceneContext, advanced with `update(dt, elapsed)`
 * (time is passed in, never read, so the same inputs draw the same frames), drawn with `render(target)`,
 * and frees everything it made in `dispose()` (idempotent).
 */
import type { WebGLRenderer, WebGLRenderTarget } from 'three';
import type { ParamSpec, ParamValues, Seconds } from '../../protocol/paramSpec.ts';
import type { VerseModel } from '../ui/verseModel.ts';
import type { FontGate } from './fontGate.ts';
import type { ResourceTracker } from './resourceTracker.ts';
import type { StrokeLoader } from './strokeLoader.ts';

/** Pixels in CSS units (the drawing buffer is this times the device pixel ratio). */
export type CssPixels = number;

export interface SceneContext {
  readonly renderer: WebGLRenderer;
  /** A DOM layer above the canvas that belongs to this scene; the host fades it with the scene. */
  readonly overlay: HTMLElement;
  /** The verse, read-only: scenes never see raw socket events. */
  readonly verse: VerseModel;
  /** The scene's live parameter values (bare names), updated in place by the host. */
  readonly params: Readonly<ParamValues>;
  /** The display-wide values (`display.*`, bare names). */
  readonly display: Readonly<ParamValues>;
  /** Seed for anything random the scene draws (with engine/rng.ts), so frames repeat for the same inputs. */
  readonly seed: number;
  readonly fonts: FontGate;
  readonly strokes: StrokeLoader;
  /** Everything the scene creates on the GPU goes through this, so dispose() frees it all and tests can count it. */
  readonly track: ResourceTracker;
  /** The canvas size now. */
  size(): { width: CssPixels; height: CssPixels; pixelRatio: number };
  /**
   * How present the verse is, 0..1: 1 while it is written and for `display.linger` seconds after it ends,
   * then easing down to a quiet trace, so the screen is never dead between verses.
   */
  presence(elapsed: Seconds): number;
  /** Whether the server is reachable now; scenes keep showing the last verse either way. */
  online(): boolean;
}

export interface SceneModule {
  readonly name: string;
  readonly params: readonly ParamSpec[];
  mount(ctx: SceneContext): void;
  /** Advances the scene: `dt` since the last update, `elapsed` since the display started. */
  update(dt: Seconds, elapsed: Seconds): void;
  /** Draws the current frame into `target` (null: the screen). DOM-only scenes draw nothing here. */
  render(target: WebGLRenderTarget | null): void;
  /** The canvas changed size. */
  resize(): void;
  /** The characters the scene has placed so far, in verse order (tests compare it with the verse). */
  shownText(): string;
  /** Frees every geometry, material, texture and render target it made; safe to call twice. */
  dispose(): void;
}

/** What a scene file exports by default. */
export type SceneFactory = () => SceneModule;
