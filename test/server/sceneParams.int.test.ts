/**
 * Scene and sound parameters on the one control surface: declared in a scene's table, set from the console,
 * from OSC (oscsend from liblo-tools, real UDP) and through a learned MIDI mapping; each reaches /display as
 * a namespaced `params` event.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { next, request, TEST_TOKEN, useInstallation } from '../helpers/installation.ts';

const run = promisify(execFile);
const t = useInstallation({ params: { tempo: 4 } });
const oscsend = (...args: string[]): Promise<unknown> => run('oscsend', ['127.0.0.1', String(t.inst.osc.address().port), ...args]);
const near = (v: unknown, x: number): boolean => typeof v === 'number' && Math.abs(v - x) < 1e-6;

describe('scene parameters on the control surface', () => {
  it('the console sets scene.text.font_scale and /display hears it namespaced', async () => {
    const display = t.open('/display');
    const performer = t.open('/console', { token: TEST_TOKEN });
    await Promise.all([next(display, 'state'), next(performer, 'state')]);
    const heard = next(display, 'params', (p) => near(p['scene.text.font_scale'], 1.5));
    expect(await request(performer, 'params:set', { 'scene.text.font_scale': 1.5 })).toMatchObject({ ok: true, params: { 'scene.text.font_scale': 1.5 } });
    await heard;
    expect(t.inst.scene.snapshot().params['scene.text.font_scale']).toBe(1.5);
  });

  it('a scene switch carries the scene\'s values under qualified names, as params does; scene:set takes no params', async () => {
    const display = t.open('/display');
    const performer = t.open('/console', { token: TEST_TOKEN });
    await Promise.all([next(display, 'state'), next(performer, 'state')]);
    expect(await request(performer, 'params:set', { 'scene.ink.bleed': 0.8 })).toMatchObject({ ok: true });
    const shown = next(display, 'scene', (p) => p.name === 'ink');
    expect(await request(performer, 'scene:set', { name: 'ink' })).toEqual({ ok: true });
    const scene = await shown;
    expect(scene.params['scene.ink.bleed']).toBe(0.8);
    expect(Object.keys(scene.params).every((k) => k.startsWith('scene.ink.'))).toBe(true);
    // One way to set a scene's values: by qualified name with params:set.
    const refused = await request<{ ok: false; error: { code: string; message: string } }>(performer, 'scene:set', { name: 'ink', params: { bleed: 0.1 } });
    expect(refused.error.code).toBe('INKVERSE_E_BAD_REQUEST');
    expect(refused.error.message).toContain('{ name: string, display?: string }');
    expect(t.inst.params.get('scene.ink.bleed')).toBe(0.8);
    expect(await request(performer, 'scene:set', { name: 'text' })).toEqual({ ok: true });
  });

  it('oscsend /inkverse/param/scene/text/font_scale f 2 reaches /display as a namespaced params event', async () => {
    const display = t.open('/display');
    await next(display, 'state');
    const heard = next(display, 'params', (p) => near(p['scene.text.font_scale'], 2));
    await oscsend('/inkverse/param/scene/text/font_scale', 'f', '2');
    await heard;
    expect(t.inst.params.get('scene.text.font_scale')).toBe(2);
  });

  it('a learned MIDI mapping drives a scene parameter', async () => {
    const performer = t.open('/console', { token: TEST_TOKEN });
    const display = t.open('/display');
    await Promise.all([next(display, 'state'), next(performer, 'state')]);
    const mapping = { midi: { type: 'cc', channel: 1, number: 21 }, param: 'scene.text.font_scale' };
    expect(await request(performer, 'mapping:save', mapping)).toMatchObject({ ok: true });
    const heard = next(display, 'params', (p) => near(p['scene.text.font_scale'], 3));
    expect(await request(performer, 'midi:message', { data: [0xb0, 21, 127] })).toMatchObject({ ok: true });
    await heard;
    expect(t.inst.params.get('scene.text.font_scale')).toBe(3);
  });

  it('sound parameters are reachable the same way, and a preset saves and recalls every namespace', async () => {
    const performer = t.open('/console', { token: TEST_TOKEN });
    await next(performer, 'state');
    expect(await request(performer, 'params:set', { 'sound.reverb': 0.9, 'scene.text.fade_lines': 3 })).toMatchObject({ ok: true });
    expect(await request(performer, 'preset:save', { name: 'room' })).toMatchObject({ ok: true });
    await request(performer, 'params:set', { 'sound.reverb': 0.1, 'scene.text.fade_lines': 10 });
    expect(await request(performer, 'preset:recall', { name: 'room', fade: 0 })).toMatchObject({ ok: true });
    await expect.poll(() => t.inst.params.get('sound.reverb')).toBe(0.9);
    expect(t.inst.params.get('scene.text.fade_lines')).toBe(3);
  });

  it('an unknown namespaced name is refused with its code and the names of that namespace, and nothing changes', async () => {
    const performer = t.open('/console', { token: TEST_TOKEN });
    await next(performer, 'state');
    const before = t.inst.params.get('sound.volume');
    const reply = await request<{ ok: false; error: { code: string; message: string } }>(performer, 'params:set', { 'sound.volume': 0.2, 'sound.colour': 1 });
    expect(reply.error.code).toBe('INKVERSE_E_UNKNOWN_PARAM');
    expect(reply.error.message).toContain('sound.volume');
    expect(reply.error.message).not.toContain('temperature');
    expect(t.inst.params.get('sound.volume')).toBe(before);
  });
});
