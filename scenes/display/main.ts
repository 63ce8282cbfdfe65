/**
 * @module display page: a small shell around the DisplayHost. `?scene=NAME` pins a scene (unknown names
 * fall back to the installation's scene with a small notice), `?display=NAME` names this display for the
 * console, `?debug=1` shows frame times and GPU memory. Without a pin the display follows the performer's
 * scene; a scene the console set for this display alone wins over both. `?qr=1` shows the QR code of `/follow`
 * (drawn by the server) in a corner, so visitors can follow the verse on their phones. `<body data-scene data-verse
 * data-connection>` expose what is showing. `window.__inkverseDisplay` is read only by tests and the benchmark.
 */
import type { ParamsPayload, ScenePayload } from '../../protocol/events.ts';
import { DEFAULT_SCENE, findScene } from '../sceneRegistry.ts';
import { byId, setPageState } from '../ui/dom.ts';
import { connect } from '../ui/socket.ts';
import { bindVerseStream } from '../ui/verseStream.ts';
import { startDebugReadout } from './debugReadout.ts';
import { DisplayHost } from './displayHost.ts';
import { ResourceTracker } from './resourceTracker.ts';

const NOTICE_MS = 12_000;
/** Every display draws the same sky and paper for the same verse: the seed is fixed, not random. */
const SEED = 0x1a2b3c;

const query = new URLSearchParams(location.search);
const requested = query.get('scene');
const displayName = query.get('display') ?? '';
/** A scene asked for in the URL stays, whatever the console picks: that projector was set up for it. */
const pinned = requested !== null && findScene(requested) ? requested : null;
let installationScene = DEFAULT_SCENE;
/** A scene the console set for this display alone (by name). */
let assigned: string | null = null;

const notice = byId('notice');
if (requested !== null && !pinned) {
  notice.textContent = `Scene "${requested}" is not available; showing the installation's scene.`;
  setTimeout(() => notice.classList.add('gone'), NOTICE_MS);
}

if (query.get('qr') === '1') byId<HTMLImageElement>('follow-qr').src = '/follow/qr.svg';

const auth: Record<string, string> = {};
if (displayName) auth.display = displayName;
if (pinned) auth.scene = pinned;
const socket = connect('/display', { auth });

const model = bindVerseStream(socket, {
  change: () => setPageState('verse', model.id ?? ''),
  state: (p) => {
    applyParams(p.params);
    followScene(p.scene);
  },
});

const host = new DisplayHost({
  root: byId('display'),
  verse: model,
  seed: SEED,
  online: () => socket.connected,
  shown: (name) => setPageState('scene', name),
});

function applyParams(p: ParamsPayload): void {
  for (const [name, value] of Object.entries(p)) host.setParam(name, value);
}

/** A `scene` event: the installation's scene, or (with `display`) this display's own. */
function followScene(p: ScenePayload): void {
  applyParams(p.params);
  // The server sends a display's own scene only to that display's sockets; '' hands it back.
  if (p.display !== undefined) assigned = p.name || null;
  else installationScene = p.name;
  const name = assigned ?? pinned ?? installationScene;
  void host.show(findScene(name) ? name : DEFAULT_SCENE);
}

socket.on('scene', followScene);
socket.on('params', applyParams);
socket.on('connect', () => setPageState('connection', 'connected'));
socket.on('disconnect', () => setPageState('connection', 'waiting'));

// Before the first `state` arrives (or while the server is away at start-up) the pinned scene already shows.
void host.show(pinned ?? DEFAULT_SCENE);
setPageState('verse', '');

if (query.get('debug') === '1') startDebugReadout(byId('debug'), host);

/** What tests and the benchmark read; nothing in the page depends on it. */
(window as unknown as { __inkverseDisplay: unknown }).__inkverseDisplay = {
  host,
  model,
  socket,
  memory: () => ({
    geometries: host.renderer?.info.memory.geometries ?? 0,
    textures: host.renderer?.info.memory.textures ?? 0,
    tracked: ResourceTracker.live,
    mounted: host.mountedCount,
  }),
  shownText: () => host.mounted?.shownText() ?? '',
};
