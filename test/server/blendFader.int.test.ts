/**
 * @module test/server/blendFader
 * The style fader in a real installation: the Tang model with the shipped sample artist voice as its blend model
 * (`model.blend`). `blend` is a live parameter like any other: OSC (`oscsend`), the console, MIDI learn and saved
 * presets all reach it, and out-of-range values are refused with their code; `/health` names the blend model. A blend
 * model with another tokenizer is refused at start with `INKVERSE_E_MODEL_MISMATCH`, before anything opens. A verse
 * whose fader moved mid-verse names its blend model in its signed record and is written again, character for character.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { PromptAck } from '../../protocol/events.ts';
import { replayArchived } from '../../server/provenance/replayArchived.ts';
import { next, request, startTestInstallation, TEST_TOKEN, useInstallation } from '../helpers/installation.ts';

const run = promisify(execFile);
const t = useInstallation({ model: { blend: 'li-shangyin-zh', fallback: [] }, params: { tempo: 0, verse_gap: 1 } });
const oscsend = (...args: string[]): Promise<unknown> => run('oscsend', ['127.0.0.1', String(t.inst.osc.address().port), ...args]);

describe('the blend fader in a real installation (tang-poet-zh blended with li-shangyin-zh)', () => {
  it('a blend model with another tokenizer is refused at start, naming both', async () => {
    const err: unknown = await startTestInstallation({ model: { blend: 'verse-en' } }).then(async (inst) => (await inst.close(), null), (e: unknown) => e);
    expect(err).toMatchObject({ code: 'INKVERSE_E_MODEL_MISMATCH' });
    expect((err as Error).message).toContain('"verse-en"');
    expect((err as Error).message).toContain('"tang-poet-zh"');
  });

  it('/health names the blend model, and verses are written with it loaded', async () => {
    const display = t.open('/display');
    const start = await next(display, 'verse:start', () => true, 180_000);
    const end = await next(display, 'verse:end', (e) => e.id === start.id, 180_000);
    expect(end.reason).toBe('done');
    expect(await (await fetch(`${t.inst.url}/health`)).json()).toMatchObject({ status: 'ok', model: 'tang-poet-zh', blend: 'li-shangyin-zh' });
  });

  it('oscsend /inkverse/param/blend f 0.7 moves the fader, and displays hear it', async () => {
    const display = t.open('/display');
    await next(display, 'state');
    const heard = next(display, 'params', (p) => typeof p.blend === 'number' && Math.abs(p.blend - 0.7) < 1e-6);
    await oscsend('/inkverse/param/blend', 'f', '0.7');
    await heard;
    expect(t.inst.params.get('blend')).toBeCloseTo(0.7, 6);
  });

  it('the console sets it, refuses a value outside 0..1, and MIDI learn and saved presets reach it', async () => {
    const performer = t.open('/console', { token: TEST_TOKEN });
    await next(performer, 'state');
    expect(await request(performer, 'params:set', { blend: 0.25 })).toMatchObject({ ok: true });
    expect(t.inst.params.get('blend')).toBe(0.25);
    const bad = await request(performer, 'params:set', { blend: 1.5 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_PARAM_RANGE', message: expect.stringContaining('"blend" must be a number from 0 to 1') } });
    expect(t.inst.params.get('blend')).toBe(0.25);

    expect(await request(performer, 'mapping:save', { midi: { type: 'cc', channel: 1, number: 21 }, param: 'blend' })).toMatchObject({ ok: true });
    await request(performer, 'midi:message', { data: [0xb0, 21, 127] });
    expect(t.inst.params.get('blend')).toBe(1);

    expect(await request(performer, 'preset:save', { name: 'artist' })).toMatchObject({ ok: true });
    await request(performer, 'midi:message', { data: [0xb0, 21, 0] });
    expect(t.inst.params.get('blend')).toBe(0);
    expect(await request(performer, 'preset:recall', { name: 'artist', fade: 0 })).toMatchObject({ ok: true });
    await expect.poll(() => t.inst.params.get('blend')).toBe(1);
  });

  it('a verse with the fader moved mid-verse records the blend model and the move, and replays character for character', async () => {
    t.inst.params.set({ blend: 0.2, tempo: 12, drafts: 0 }, 'test');
    const kiosk = t.open('/kiosk');
    await next(kiosk, 'state');
    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: '锦瑟' });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    const id = (ack as { id: string }).id;
    await next(kiosk, 'verse:token', (x) => x.id === id && x.seq >= 6, 180_000);
    await oscsend('/inkverse/param/blend', 'f', '0.9');
    const code = await next(kiosk, 'verse:code', (c) => c.id === id, 180_000);
    const r = await replayArchived(code.code, t.inst.config);
    expect(r.record.model).toMatchObject({ name: 'tang-poet-zh', blend: { name: 'li-shangyin-zh', weights: { file: 'onnx/model_quantized.onnx' } } });
    const move = r.record.generation[0]!.steps.find((s) => s.values.blend !== undefined);
    expect(move!.step).toBeGreaterThan(0);
    expect(r.reasons).toEqual([]);
    expect(r.text).toBe(r.record.text);
    expect(r.identical).toBe(true);
  }, 300_000);
});
