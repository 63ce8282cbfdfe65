/**
 * @module displayList: the console's list of connected displays. Each row names a display, what it shows
 * and why (pinned by its URL, set here, or following the installation), with a scene picker that sets a
 * scene for that display alone (`scene:set { name, display }`; "follow" hands it back). Generic: the
 * scene names come from the registry, nothing here knows any one scene.
 */
import type { DisplayInfo } from '../../protocol/events.ts';
import { sceneNames } from '../sceneRegistry.ts';
import { h } from '../ui/dom.ts';

/** The picker's value that hands a display back to its URL's or the installation's scene. */
const FOLLOW = '';

export function renderDisplays(list: HTMLElement, displays: readonly DisplayInfo[], set: (display: string, scene: string) => void): void {
  if (displays.length === 0) {
    list.replaceChildren(h('li', { class: 'empty', text: 'No display is connected.' }));
    return;
  }
  list.replaceChildren(
    ...displays.map((d) => {
      const why = d.assigned ? 'set here' : d.pinned ? 'pinned by its URL' : 'follows the installation';
      const select = h('select', { 'aria-label': `scene of display ${d.name}`, 'data-display': d.name });
      select.append(h('option', { value: FOLLOW, text: d.pinned ? `(its URL: ${d.pinned})` : '(follow)' }), ...sceneNames().map((n) => h('option', { value: n, text: n })));
      select.value = d.assigned ?? FOLLOW;
      select.addEventListener('change', () => set(d.name, select.value));
      return h(
        'li',
        { 'data-display': d.name, 'data-scene': d.scene },
        h('span', { class: 'grow', text: d.name }),
        h('span', { class: 'meta', text: `${d.scene} · ${why}` }),
        select,
      );
    }),
  );
}
