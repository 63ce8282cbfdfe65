/**
 * @module sceneState: which display scene is showing and its parameter values, validated against the
 * scene's own declared table. Changes are broadcast as `scene` events.
 */
import { Emitter } from '../engine/emitter.ts';
import { InkverseError } from '../protocol/errors.ts';
import type { ParamOrigin } from '../engine/paramStore.ts';
import { ParamStore } from '../engine/paramStore.ts';
import { DEFAULT_SCENE, findScene, sceneNames } from '../scenes/sceneRegistry.ts';
import type { ScenePayload } from '../protocol/events.ts';

export class SceneState {
  readonly events = new Emitter<{ scene: (p: ScenePayload, origin: ParamOrigin) => void }>();
  #name: string = DEFAULT_SCENE;
  #params: ParamStore;

  constructor(initial: string = DEFAULT_SCENE) {
    this.#params = this.#storeFor(initial);
    this.#name = initial;
  }

  get name(): string {
    return this.#name;
  }

  snapshot(): ScenePayload {
    return { name: this.#name, params: this.#params.snapshot() };
  }

  /** Switches scene (its parameters start from their defaults). */
  set(name: unknown, origin: ParamOrigin): void {
    if (typeof name !== 'string') throw new InkverseError('INKVERSE_E_BAD_REQUEST', 'scene:set needs { name: string }.');
    this.#params = this.#storeFor(name);
    this.#name = name;
    this.events.emit('scene', this.snapshot(), origin);
  }

  /** Changes parameters of the current scene; all-or-nothing. */
  setParams(values: Record<string, unknown>, origin: ParamOrigin): void {
    const changed = this.#params.set(values, origin);
    if (Object.keys(changed).length) this.events.emit('scene', this.snapshot(), origin);
  }

  #storeFor(name: string): ParamStore {
    const scene = findScene(name);
    if (!scene) {
      throw new InkverseError('INKVERSE_E_UNKNOWN_SCENE', `Unknown scene "${name}"; known scenes: ${sceneNames().join(', ')}.`);
    }
    return new ParamStore(scene.params);
  }
}
