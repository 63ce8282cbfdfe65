/**
 * @module Open Stage Control session tests: the shipped session (deploy/open-stage-control/inkverse.json) is what
 * the tables give, follows Open Stage Control's session format, covers every parameter, and every widget's
 * address with each end of its value range is accepted by a real server over real UDP.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../engine/projectRoot.ts';
import { KIT_FILES } from '../../../server/kit/kitFiles.ts';
import { openStageControlSessionText } from '../../../server/kit/openStageControlSession.ts';
import type { OscOutArg } from '../../../server/osc/oscEncode.ts';
import { oscSender } from './oscSend.ts';
import type { Installation } from '../../../server/installation.ts';
import { startTestInstallation } from '../../helpers/installation.ts';

type Widget = Record<string, unknown> & { type: string; id: string };
const session = JSON.parse(readFileSync(path.join(PROJECT_ROOT, KIT_FILES.openStageControl), 'utf8')) as {
  type: string;
  version: string;
  content: { type: string; tabs: Array<{ type: string; id: string; widgets: Widget[] }> };
};
const widgets = session.content.tabs.flatMap((t) => t.widgets);

/** What a widget sends at each end of its range, as Open Stage Control would send it. */
function messagesOf(w: Widget): Array<{ address: string; args: OscOutArg[]; value: unknown }> {
  const address = w.address as string;
  switch (w.type) {
    case 'fader': {
      const range = w.range as { min: number; max: number };
      const round = (x: number): number => Number(x.toFixed(w.decimals as number));
      return [range.min, range.max].map((x) => ({ address, args: [{ type: 'f', value: round(x) }], value: round(x) }));
    }
    case 'switch':
      return (w.values as string[]).map((v) => ({ address, args: [v], value: v }));
    case 'button':
      // A toggle sends `on` then `off`; `null` sends the address alone.
      return [w.on, w.off].filter((v, i) => i === 0 || w.mode === 'toggle').map((v) => ({ address, args: v === null ? [] : [v as OscOutArg], value: v }));
    default:
      throw new Error(`widget ${w.id}: no test for type ${w.type}`);
  }
}

describe('Open Stage Control session', () => {
  let inst: Installation;
  beforeAll(async () => {
    inst = await startTestInstallation();
  });
  afterAll(async () => {
    await inst.close();
  });

  it('is what npm run params:doc writes from the parameter tables', () => {
    expect(readFileSync(path.join(PROJECT_ROOT, KIT_FILES.openStageControl), 'utf8')).toBe(openStageControlSessionText());
  });

  it("follows Open Stage Control's session format and drives every parameter", () => {
    expect(session).toMatchObject({ type: 'session', createdWith: 'Open Stage Control', content: { type: 'root' } });
    expect(session.version).toMatch(/^1\.(2[5-9]|[3-9]\d)\.\d+$/); // past the last format converter (1.24.2)
    for (const tab of session.content.tabs) expect(tab.type).toBe('tab');
    const ids = widgets.map((w) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const w of widgets) {
      expect(['fader', 'switch', 'button']).toContain(w.type);
      expect(w.address).toMatch(/^\/inkverse\//);
      for (const k of ['left', 'top', 'width', 'height']) expect(typeof w[k]).toBe('number');
    }
    const driven = new Set(widgets.map((w) => w.address));
    for (const spec of inst.params.table) expect(driven, spec.name).toContain(`/inkverse/param/${spec.name.replaceAll('.', '/')}`);
  });

  it('every widget address with each end of its range is accepted over real UDP', async () => {
    const osc = oscSender(inst);
    const { refused, sendAll } = osc;

    // Parameters first: each ends at the last value its widget sent.
    const paramWidgets = widgets.filter((w) => (w.address as string).startsWith('/inkverse/param/'));
    const paramMessages = paramWidgets.flatMap(messagesOf);
    expect(await sendAll(paramMessages)).toBe(paramMessages.length);
    expect(refused).toEqual([]);
    for (const w of paramWidgets) {
      const last = messagesOf(w).at(-1)!;
      const name = (w.address as string).slice('/inkverse/param/'.length).replaceAll('/', '.');
      expect(inst.params.get(name), name).toBe(last.value);
    }

    // Then the actions: scenes, presets, skip.
    const actionMessages = widgets.filter((w) => !paramWidgets.includes(w)).flatMap(messagesOf);
    expect(actionMessages.map((m) => m.address)).toEqual(expect.arrayContaining(['/inkverse/skip', '/inkverse/scene', '/inkverse/preset']));
    expect(await sendAll(actionMessages)).toBe(actionMessages.length);
    expect(refused).toEqual([]);
    const scenes = actionMessages.filter((m) => m.address === '/inkverse/scene');
    expect(inst.scene.name).toBe(scenes.at(-1)!.value);
    expect(inst.osc.stats().unmatched).toBe(0);
    osc.close();
  });
});
