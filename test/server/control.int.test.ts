import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { next, request, startTestInstallation, TEST_TOKEN, useInstallation, type Client } from '../helpers/installation.ts';

const run = promisify(execFile);
const configDir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-ctl-'));
const t = useInstallation(
  {
    osc: { mappings: [{ address: '/1/fader1', param: 'temperature', curve: 'linear' }, { address: '/1/push1', action: 'skip', mode: 'trigger' }] },
    params: { tempo: 4 },
  },
  { configDir },
);
const open = (ns: string, auth?: Record<string, string>): Client => t.open(ns, auth);
const oscsend = (...args: string[]): Promise<unknown> => run('oscsend', ['127.0.0.1', String(t.inst.osc.address().port), ...args]);

describe('performer control end to end (real installation, real UDP, oscsend from liblo-tools)', () => {
  it('oscsend /inkverse/param/temperature changes the live temperature and /display hears `params`', async () => {
    const display = open('/display');
    await next(display, 'state');
    const heard = next(display, 'params', (p) => typeof p.temperature === 'number' && Math.abs(p.temperature - 1.3) < 1e-6);
    await oscsend('/inkverse/param/temperature', 'f', '1.3');
    await heard;
    expect(t.inst.params.get('temperature')).toBeCloseTo(1.3, 6);
  });

  it('a config mapping scales a fader (0..1) onto the parameter range', async () => {
    await oscsend('/1/fader1', 'f', '0');
    await expect.poll(() => t.inst.params.get('temperature')).toBeCloseTo(0.05, 6);
    await oscsend('/1/fader1', 'f', '1');
    await expect.poll(() => t.inst.params.get('temperature')).toBeCloseTo(2, 6);
    await oscsend('/1/fader1', 'f', '0.5');
    await expect.poll(() => t.inst.params.get('temperature')).toBeCloseTo(1.025, 6);
  });

  it('a mapped push button skips the running verse', async () => {
    const display = open('/display');
    await next(display, 'state');
    // A verse that has just begun (not the one in `state`, which may be about to end): seconds of it are left at tempo 4.
    const start = await next(display, 'verse:start');
    await next(display, 'verse:token', (t) => t.id === start.id);
    expect(t.inst.loop.current()?.start.id).toBe(start.id);
    await oscsend('/1/push1', 'f', '1');
    const end = await next(display, 'verse:end', (e) => e.id === start.id);
    expect(end.reason).toBe('skipped');
  });

  it('an OSC prompt is queued as a performer prompt', async () => {
    const display = open('/display');
    await next(display, 'state');
    await oscsend('/inkverse/prompt', 's', '春江花月夜');
    const start = await next(display, 'verse:start', (s) => s.prompt === '春江花月夜');
    expect(start.source).toBe('performer');
  });

  it('console MIDI goes through the same mappings; a learned mapping is saved to the config folder and survives restart', async () => {
    const performer = open('/console', { token: TEST_TOKEN });
    await next(performer, 'state');
    const mapping = { midi: { type: 'cc', channel: 1, number: 7 }, param: 'top_p' };
    expect(await request(performer, 'mapping:save', mapping)).toMatchObject({ ok: true });
    expect(await request(performer, 'midi:message', { data: [0xb0, 7, 127] })).toMatchObject({ ok: true });
    expect(t.inst.params.get('top_p')).toBeCloseTo(1, 6);
    await request(performer, 'midi:message', { data: [0xb0, 7, 0] });
    expect(t.inst.params.get('top_p')).toBeCloseTo(0.05, 6);
    const saved = JSON.parse(readFileSync(path.join(configDir, 'mappings.local.json'), 'utf8')) as unknown;
    expect(JSON.stringify(saved)).toContain('"top_p"');

    const again = await startTestInstallation({}, { configDir });
    try {
      expect(again.mappings()).toContainEqual(expect.objectContaining({ midi: { type: 'cc', channel: 1, number: 7 }, param: 'top_p' }));
    } finally {
      await again.close();
    }
  });

  it('a bad mapping from the console is refused with the reason, and nothing is saved', async () => {
    const performer = open('/console', { token: TEST_TOKEN });
    await next(performer, 'state');
    const before = t.inst.mappings().length;
    const ack = await request(performer, 'mapping:save', { midi: { type: 'cc', number: 200 }, param: 'top_p' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_BAD_REQUEST' } });
    const unknownParam = await request(performer, 'mapping:save', { address: '/x', param: 'nope' });
    expect(unknownParam).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_CONFIG', message: expect.stringContaining('temperature') } });
    expect(t.inst.mappings().length).toBe(before);
  });

  it('a preset recalled from the console crossfades the parameters to the preset', async () => {
    const performer = open('/console', { token: TEST_TOKEN });
    const presets = await next(performer, 'presets');
    expect(presets.names.length).toBeGreaterThanOrEqual(3);
    const name = presets.names[0]!;
    const target = t.inst.presets.get(name)!.params;
    expect(await request(performer, 'preset:recall', { name, fade: 0.2 })).toMatchObject({ ok: true });
    await expect.poll(() => t.inst.params.get('temperature'), { timeout: 3000 }).toBeCloseTo(Number(target.temperature), 3);
    const bad = await request(performer, 'preset:recall', { name: 'no-such-preset' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_UNKNOWN_PRESET' } });
  });

  it('presets recall over real UDP at /inkverse/preset and at the old address /inkverse/voice alike', async () => {
    const wild = t.inst.presets.get('wild')!.params;
    const calm = t.inst.presets.get('calm')!.params;
    expect(wild.temperature).not.toBe(calm.temperature);
    await oscsend('/inkverse/voice', 'sf', 'wild', '0');
    await expect.poll(() => t.inst.params.get('temperature')).toBe(wild.temperature);
    expect(t.inst.params.get('tempo')).toBe(wild.tempo);
    await oscsend('/inkverse/preset', 'sf', 'calm', '0');
    await expect.poll(() => t.inst.params.get('temperature')).toBe(calm.temperature);
    expect(t.inst.params.get('tempo')).toBe(calm.tempo); // calm's tempo is the config's 4, which the tests below expect
  });

  it('OSC and MIDI activity reaches the console monitor', async () => {
    const performer = open('/console', { token: TEST_TOKEN });
    await next(performer, 'state');
    const seen = next(performer, 'activity', (a) => a.source === 'osc' && a.address === '/inkverse/param/top_k');
    await oscsend('/inkverse/param/top_k', 'f', '12');
    expect((await seen).args).toEqual([12]);
  });
});
