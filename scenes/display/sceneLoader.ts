/**
 * @module sceneLoader: one lazily loaded chunk per scene (`import()`), so a display fetches only the scene
 * it shows. Keyed by the registry's scene names (scenes/sceneRegistry.ts): a scene registered without a
 * module here, or a module for a scene not registered, does not compile.
 */
import type { SceneName } from '../sceneRegistry.ts';
import type { SceneFactory } from './sceneModule.ts';

export const SCENE_LOADERS: Readonly<Record<SceneName, () => Promise<{ default: SceneFactory }>>> = {
  text: () => import('./text/textScene.ts'),
  ink: () => import('./ink/inkScene.ts'),
  constellation: () => import('./constellation/constellationScene.ts'),
  scroll: () => import('./scroll/scrollScene.ts'),
};

/** The scene's factory, loaded on first use (later calls reuse the loaded module). */
export async function loadScene(name: string): Promise<SceneFactory> {
  const load = Object.hasOwn(SCENE_LOADERS, name) ? SCENE_LOADERS[name as SceneName] : undefined;
  if (!load) throw new Error(`No scene module is registered for "${name}".`);
  return (await load()).default;
}
