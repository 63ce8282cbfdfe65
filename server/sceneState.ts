/**
 * @module sceneState: which display scene is showing. Each scene's parameter values live on the control
 * surface as `scene.<name>.*` (so OSC, MIDI, voices and the console reach them like any other); switching
 * keeps them. A switch is broadcast as a `scene` event carrying that scene's values.
 */
import type { ControlSurface } from '../engine/control/controlSurface.ts';
import { Emitter } from '../engine/emitter.ts';
import type { ParamOrigin } from '../engine/paramStore.ts';
import { InkverseError } from '../protocol/errors.ts';
import type { ScenePayload } from '../protocol/events.ts';
import { unknownNameMessage } from '../protocol/unknownName.ts';
import { sceneParamPrefix } from '../scenes/controlTables.ts';
import { DEFAULT_SCENE, findScene, sceneNames } from '../scenes/sceneRegistry.ts';

export class SceneState {
  readonly events = new Emitter<{ scene: (p: ScenePayload, origin: ParamOrigin) => void }>();
  readonly #surface: ControlSurface;
  #name: string;

  constructor(surface: ControlSurface, initial: string = DEFAULT_SCENE) {
    this.#surface = surface;
    this.#name = SceneState.check(initial);
  }

  get name(): string {
    return this.#name;
  }

  snapshot(): ScenePayload {
    return { name: this.#name, params: this.#surface.snapshotOf(sceneParamPrefix(this.#name)) };
  }

  /** Switches scene; throws `INKVERSE_E_UNKNOWN_SCENE` naming the known scenes. */
  set(name: unknown, origin: ParamOrigin): void {
    this.#name = SceneState.check(name);
    this.events.emit('scene', this.snapshot(), origin);
  }

  /** Changes parameters of the showing scene by bare name (`{ font_scale: 2 }`); all-or-nothing. */
  setParams(values: Record<string, unknown>, origin: ParamOrigin): void {
    const prefix = sceneParamPrefix(this.#name);
    this.#surface.set(Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}.${k}`, v])), origin);
  }

  /** The scene's name, or a coded error listing the known scenes. */
  static check(name: unknown): string {
    if (typeof name !== 'string') throw new InkverseError('INKVERSE_E_BAD_REQUEST', `A scene is named by a string; known scenes: ${sceneNames().join(', ')}.`);
    if (!findScene(name)) throw new InkverseError('INKVERSE_E_UNKNOWN_SCENE', unknownNameMessage('scene', name, sceneNames()));
    return name;
  }
}
