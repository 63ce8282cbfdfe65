/**
 * @module sceneLoader: one lazily loaded chunk per scene (`import()`), so a display fetches only the scene
 * it shows. The names are the registry's (scenes/sceneRegistry.ts); a test checks the two lists agree.
 */
import type { SceneFactory } from './sceneModule.ts';

export const SCENE_LOADERS: Readonly<Record<string, () => Promise<{ default: SceneFactory }>>> = {
  text: () => import('./text/textScene.ts'),
  ink: () => import('./ink/inkScene.ts'),
  constellation: () => import('./constellation/constellationScene.ts'),
  scroll: () => import('./scroll/scrollScene.ts'),
};

/** The scene's factory, loaded on first use (later calls reuse the loaded module). */
export async function loadScene(name: string): Promise<SceneFactory> {
  const load = SCENE_LOADERS[name];
  if (!load) throw new Error(`No scene module is registered for "${name}".`);
  return (await load()).default;
}
