/**
 * @module sceneState: which display scene is showing, for the installation and for any display the console
 * gave a scene of its own. Each scene's parameter values live on the control surface as `scene.<name>.*`
 * (so OSC, MIDI, presets and the console reach them like any other, and `params:set` is the one way to set them);
 * switching keeps them. A switch is broadcast as a `scene` event carrying that scene's values under their qualified
 * names, as the `params` event carries them; a per-display one as an `assign` event.
 */
import type { ControlSurface } from '../engine/control/controlSurface.ts';
import { Emitter } from '../engine/emitter.ts';
import type { ParamOrigin } from '../engine/control/controlSurface.ts';
import { InkverseError } from '../protocol/errors.ts';
import type { ScenePayload } from '../protocol/events.ts';
import { unknownNameMessage } from '../protocol/unknownName.ts';
import { sceneParamPrefix } from '../scenes/controlTables.ts';
import { DEFAULT_SCENE, findScene, sceneNames } from '../scenes/sceneRegistry.ts';

export interface SceneStateEvents {
  scene: (p: ScenePayload, origin: ParamOrigin) => void;
  /** One display's own scene changed; `p.name` is `''` when it was handed back to the installation's scene. */
  assign: (display: string, p: ScenePayload, origin: ParamOrigin) => void;
}

/** Per-display scenes (and display names) kept at most: names come from URLs, so a typo-happy installer cannot grow this forever. */
const MAX_ASSIGNED = 64;

export class SceneState {
  readonly events = new Emitter<SceneStateEvents>();
  readonly #surface: ControlSurface;
  #name: string;
  readonly #assigned = new Map<string, string>();
  /** Names displays connected with since the start (oldest first), so OSC can refuse a mistyped one. */
  readonly #seen = new Set<string>();

  constructor(surface: ControlSurface, initial: string = DEFAULT_SCENE) {
    this.#surface = surface;
    this.#name = SceneState.check(initial);
  }

  get name(): string {
    return this.#name;
  }

  snapshot(): ScenePayload {
    return this.snapshotOf(this.#name);
  }

  /** A scene's name and current values by qualified name (any scene, showing or not). */
  snapshotOf(name: string): ScenePayload {
    return { name, params: this.#surface.snapshotOf(sceneParamPrefix(name)) };
  }

  /** Switches scene; throws `INKVERSE_E_UNKNOWN_SCENE` naming the known scenes. */
  set(name: unknown, origin: ParamOrigin): void {
    this.#name = SceneState.check(name);
    this.events.emit('scene', this.snapshot(), origin);
  }

  /** The scene the console set for this display alone, or null when it follows its URL or the installation. */
  assigned(display: string): string | null {
    return this.#assigned.get(display) ?? null;
  }

  /**
   * Gives one display (by its `?display=` name) a scene of its own, kept across its reconnects; `''` hands
   * it back to its URL's or the installation's scene. Throws `INKVERSE_E_UNKNOWN_SCENE` for unknown scenes.
   */
  assign(display: string, name: string, origin: ParamOrigin): void {
    if (name === '') {
      if (!this.#assigned.delete(display)) return;
      this.events.emit('assign', display, { name: '', params: {}, display }, origin);
      return;
    }
    SceneState.check(name);
    this.#assigned.delete(display);
    this.#assigned.set(display, name);
    // Oldest first out: the displays set most recently are the ones in the room.
    while (this.#assigned.size > MAX_ASSIGNED) this.#assigned.delete(this.#assigned.keys().next().value!);
    this.events.emit('assign', display, { ...this.snapshotOf(name), display }, origin);
  }

  /** A display connected under this name (displays.ts tells); it stays known after it disconnects. */
  sawDisplay(display: string): void {
    this.#seen.delete(display);
    this.#seen.add(display);
    while (this.#seen.size > MAX_ASSIGNED) this.#seen.delete(this.#seen.keys().next().value!);
  }

  /**
   * `assign` for a controller that names the display itself (OSC): throws `INKVERSE_E_UNKNOWN_DISPLAY`, naming
   * the displays seen, unless a display has connected under that name (a projector rebooting stays known).
   */
  assignKnown(display: string, name: string, origin: ParamOrigin): void {
    if (!this.#seen.has(display)) throw new InkverseError('INKVERSE_E_UNKNOWN_DISPLAY', unknownNameMessage('display', display, this.#seen));
    this.assign(display, name, origin);
  }

  /** The scene's name, or a coded error listing the known scenes. */
  static check(name: unknown): string {
    if (typeof name !== 'string') throw new InkverseError('INKVERSE_E_BAD_REQUEST', `A scene is named by a string; known scenes: ${sceneNames().join(', ')}.`);
    if (!findScene(name)) throw new InkverseError('INKVERSE_E_UNKNOWN_SCENE', unknownNameMessage('scene', name, sceneNames()));
    return name;
  }
}
