/**
 * @module display page: the projected verse, full screen, streaming token by token.
 * `?scene=NAME` pins a scene (unknown names fall back to `text` with a small notice); without it the
 * display follows the performer's scene. `<body data-scene data-verse>` expose what is showing.
 */
import { validateParamValue, defaultsOf, type ParamValues } from '../../protocol/paramSpec.ts';
import type { ParamsPayload, ScenePayload } from '../../protocol/events.ts';
import { sceneParamPrefix } from '../controlTables.ts';
import { DEFAULT_SCENE, findScene, type SceneDefinition } from '../sceneRegistry.ts';
import { byId, setPageState } from '../ui/dom.ts';
import { connect } from '../ui/socket.ts';
import { bindVerseStream } from '../ui/verseStream.ts';
import { VerseView } from '../ui/verseView.ts';

const NOTICE_MS = 12_000;

const notice = byId('notice');
const requested = new URLSearchParams(location.search).get('scene');
/** A scene asked for in the URL stays, whatever the console picks: that projector was set up for it. */
const pinned = requested !== null && findScene(requested) !== undefined;
let scene: SceneDefinition = findScene(pinned ? requested : DEFAULT_SCENE) ?? findScene(DEFAULT_SCENE)!;
let values: ParamValues = defaultsOf(scene.params);

if (requested !== null && !pinned) {
  notice.textContent = `Scene "${requested}" is not available; showing "${scene.name}".`;
  setTimeout(() => notice.classList.add('gone'), NOTICE_MS);
}

const socket = connect('/display');
let view: VerseView | undefined;
const model = bindVerseStream(socket, {
  change: () => {
    setPageState('verse', model.id ?? '');
    view?.render();
  },
  state: (p) => {
    followScene(p.scene);
    applyParams(ownParams(p.params));
  },
});
view = new VerseView(byId('verse'), model);

/** Applies the values meant for the showing scene; values for other scenes or out of range are ignored. */
function applyParams(p: ParamsPayload): void {
  let changed = false;
  for (const spec of scene.params) {
    if (!(spec.name in p)) continue;
    try {
      values[spec.name] = validateParamValue(spec, p[spec.name]);
      changed = true;
    } catch {
      // A display never shows an error: a bad value keeps the previous one.
    }
  }
  if (changed) render();
}

function followScene(p: ScenePayload): void {
  const def = findScene(p.name);
  if (!pinned && def && def.name !== scene.name) {
    scene = def;
    values = defaultsOf(def.params);
  }
  if (p.name === scene.name) applyParams(p.params);
  render();
}

function render(): void {
  setPageState('scene', scene.name);
  // Only the text scene exists yet; its three parameters style the shared verse view.
  const style = document.documentElement.style;
  style.setProperty('--font-scale', String(values.font_scale ?? 1));
  setPageState('theme', String(values.theme ?? 'ink'));
  if (view) view.maxLines = Number(values.fade_lines ?? 8);
}

socket.on('scene', followScene);
socket.on('params', (p) => applyParams(ownParams(p)));

/** The showing scene's values out of a namespaced `params` event (`scene.<name>.<param>` -> `<param>`). */
function ownParams(p: ParamsPayload): ParamsPayload {
  const prefix = `${sceneParamPrefix(scene.name)}.`;
  return Object.fromEntries(Object.entries(p).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
}
socket.on('connect', () => {
  view!.connected = true;
});
socket.on('disconnect', () => {
  view!.connected = false;
});

render();
setPageState('verse', '');
