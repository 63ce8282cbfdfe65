/**
 * @module test/server/oscScene
 * `/inkverse/scene ,s <scene>` and `,ss <scene> <display>` over real UDP (oscsend from liblo-tools) into a real
 * installation (built-in model, real socket.io): with a display name the scene reaches that display
 * alone and the installation's scene stays; an unknown display or scene, or a display name that is not
 * a string, is dropped without reply and counted, logged and shown on the console's monitor with its code.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../protocol/errors.ts';
import type { ScenePayload } from '../../../protocol/events.ts';
import type { OscRefusal } from '../../../server/osc/oscRouter.ts';
import { next, useInstallation, type Client } from '../../helpers/installation.ts';

const s = useInstallation();
const run = promisify(execFile);
const oscsend = (...args: string[]): Promise<unknown> => run('oscsend', ['127.0.0.1', String(s.inst.osc.address().port), ...args]);

/** Every `scene` event a client has had so far. */
function scenes(socket: Client): ScenePayload[] {
  const seen: ScenePayload[] = [];
  socket.on('scene', (p) => seen.push(p));
  return seen;
}

/** Sends, and resolves with the refusal the message earned. */
async function refused(...args: string[]): Promise<OscRefusal> {
  const got = new Promise<OscRefusal>((resolve) => {
    const off = s.inst.osc.refusals.on('refused', (r) => (off(), resolve(r)));
  });
  await oscsend(...args);
  return got;
}

describe('OSC /inkverse/scene with a display name', () => {
  it('sets the scene of that display alone; the installation scene and other displays stay', async () => {
    const left = s.open('/display', { display: 'left' });
    const right = s.open('/display', { display: 'right' });
    await Promise.all([next(left, 'state'), next(right, 'state')]);
    const rightScenes = scenes(right);
    const before = s.inst.scene.name;
    const got = next(left, 'scene', (p) => p.display === 'left');
    await oscsend('/inkverse/scene', 'ss', 'constellation', 'left');
    expect(await got).toMatchObject({ name: 'constellation', display: 'left' });
    expect(s.inst.scene.assigned('left')).toBe('constellation');
    expect(s.inst.scene.assigned('right')).toBeNull();
    expect(s.inst.scene.name).toBe(before);
    // An empty scene name hands the display back to its URL's or the installation's scene.
    const back = next(left, 'scene', (p) => p.display === 'left' && p.name === '');
    await oscsend('/inkverse/scene', 'ss', '', 'left');
    await back;
    expect(s.inst.scene.assigned('left')).toBeNull();
    expect(rightScenes.filter((p) => p.display !== undefined)).toEqual([]);
  });

  it('a display that disconnected stays known (a projector rebooting)', async () => {
    const hall = s.open('/display', { display: 'hall' });
    await next(hall, 'state');
    hall.close();
    await expect.poll(() => s.inst.io.of('/display').sockets.size).toBe(2);
    const assigned = new Promise<void>((resolve) => {
      const off = s.inst.scene.events.on('assign', (display) => display === 'hall' && (off(), resolve()));
    });
    await oscsend('/inkverse/scene', 'ss', 'ink', 'hall');
    await assigned;
    expect(s.inst.scene.assigned('hall')).toBe('ink');
  });

  const refusals: Array<[string, string[], ErrorCode]> = [
    ['an unknown display', ['ss', 'scroll', 'nowhere'], 'INKVERSE_E_UNKNOWN_DISPLAY'],
    ['an unknown scene for a known display', ['ss', 'watercolour', 'left'], 'INKVERSE_E_UNKNOWN_SCENE'],
    ['a display name that is not a string', ['si', 'scroll', '3'], 'INKVERSE_E_BAD_REQUEST'],
  ];
  for (const [what, args, code] of refusals) {
    it(`drops ${what} (${code}), counted and changing nothing`, async () => {
      const count = s.inst.osc.stats().refused;
      const assigned = { left: s.inst.scene.assigned('left'), nowhere: s.inst.scene.assigned('nowhere') };
      const scene = s.inst.scene.name;
      const r = await refused('/inkverse/scene', ...args);
      expect(r.code).toBe(code);
      expect(r.address).toBe('/inkverse/scene');
      expect(s.inst.osc.stats().refused).toBe(count + 1);
      expect({ left: s.inst.scene.assigned('left'), nowhere: s.inst.scene.assigned('nowhere') }).toEqual(assigned);
      expect(s.inst.scene.name).toBe(scene);
    });
  }

  it('names the displays it knows when refusing an unknown one', async () => {
    const r = await refused('/inkverse/scene', 'ss', 'ink', 'lfet');
    expect(r.code).toBe('INKVERSE_E_UNKNOWN_DISPLAY');
    expect(r.message).toContain('"lfet"');
    expect(r.message).toContain('left');
  });

  it('without a display name it still switches the installation scene', async () => {
    const left = s.open('/display', { display: 'left2' });
    await next(left, 'state');
    const got = next(left, 'scene', (p) => p.display === undefined && p.name === 'scroll');
    await oscsend('/inkverse/scene', 's', 'scroll');
    await got;
    expect(s.inst.scene.name).toBe('scroll');
  });
});
