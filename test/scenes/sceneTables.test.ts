/**
 * Every registered scene has a lazily loaded module and one parameter table; scene modules declare the
 * same name and table the registry gives the control surface; the display namespace carries the crossfade.
 */
import { describe, expect, it } from 'vitest';
import { CONTROL_TABLES } from '../../scenes/controlTables.ts';
import { SCENE_LOADERS } from '../../scenes/display/sceneLoader.ts';
import { SCENES, sceneNames } from '../../scenes/sceneRegistry.ts';

describe('scene tables', () => {
  it('has a scene module for every registered scene and no other', () => {
    expect(Object.keys(SCENE_LOADERS).sort()).toEqual(sceneNames().sort());
    expect(sceneNames()).toEqual(expect.arrayContaining(['text', 'ink', 'constellation', 'scroll']));
  });

  it('puts each scene table and display.crossfade on the control surface list', () => {
    for (const s of SCENES) expect(CONTROL_TABLES.find((t) => t.prefix === `scene.${s.name}`)?.table).toBe(s.params);
    const display = CONTROL_TABLES.find((t) => t.prefix === 'display');
    expect(display?.table.find((p) => p.name === 'crossfade')).toMatchObject({ type: 'number', unit: 's' });
  });
});
