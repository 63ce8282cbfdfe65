/**
 * @module test/server/modelSwitch
 * Switching models live in a real installation (real workers, real socket.io, real UDP with `oscsend`): from the
 * Tang model to the shipped sample artist voice from the console, and back over OSC, with a display connected
 * throughout. The verse being written when the new model takes over ends whole (every token, in order); the next
 * verse is the new model's; `/health` names the model in use. Refusals change nothing: an unknown name
 * (`INKVERSE_E_MODEL_MISSING`, listing the installed models), a model of another language
 * (`INKVERSE_E_MODEL_MISMATCH`), and a folder whose weights do not load (`INKVERSE_E_MODEL_LOAD`: the old model
 * writes on). A model given by a path relative to the working folder (as `INKVERSE_MODEL` takes one at start-up) is
 * switched to over OSC like an installed name.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import type { ActivityPayload, ModelsPayload, VerseEnd, VerseStart, VerseToken } from '../../protocol/events.ts';
import { next, request, TEST_TOKEN, useInstallation, type Client } from '../helpers/installation.ts';

const run = promisify(execFile);

// A models folder of its own: links to the shipped models, and one whose weight file is not a model.
const root = mkdtempSync(path.join(os.tmpdir(), 'inkverse-switch-'));
for (const name of ['tang-poet-zh', 'li-shangyin-zh', 'verse-en', 'broken-zh']) {
  execFileSync('cp', ['-al', path.join(PROJECT_ROOT, 'models', name === 'broken-zh' ? 'tang-poet-zh' : name), path.join(root, name)]);
}
const brokenWeights = path.join(root, 'broken-zh', 'onnx', 'model_quantized.onnx');
execFileSync('rm', [brokenWeights]); // a hard link: replace it, never write through it
writeFileSync(brokenWeights, 'not an onnx model');

// Slow tokens, so a verse is still being written when the new model is ready.
const SLOW = 3;
const t = useInstallation({ model: { dir: root, fallback: [] }, params: { tempo: SLOW, verse_gap: 0.2, drafts: 2 } });
const oscsend = (...args: string[]): Promise<unknown> => run('oscsend', ['127.0.0.1', String(t.inst.osc.address().port), ...args]);

async function setTempo(console_: Client, tempo: number): Promise<void> {
  expect(await request<{ ok: boolean }>(console_, 'params:set', { tempo })).toMatchObject({ ok: true });
}

/** Everything a display connected throughout sees. */
function watch(display: Client): { starts: VerseStart[]; tokens: VerseToken[]; ends: VerseEnd[] } {
  const seen = { starts: [] as VerseStart[], tokens: [] as VerseToken[], ends: [] as VerseEnd[] };
  display.on('verse:start', (s) => seen.starts.push(s));
  display.on('verse:token', (x) => seen.tokens.push(x));
  display.on('verse:end', (e) => seen.ends.push(e));
  return seen;
}

/** Every verse that ended was shown whole: its tokens from seq 0 without a gap, adding up to its text. */
function expectWhole(seen: ReturnType<typeof watch>, id: string): void {
  const tokens = seen.tokens.filter((x) => x.id === id);
  expect(tokens.map((x) => x.seq)).toEqual(tokens.map((_, i) => i));
  expect(tokens.map((x) => x.text).join('')).toBe(seen.ends.find((e) => e.id === id)!.text);
}

const health = async (): Promise<{ model: string }> => (await fetch(`${t.inst.url}/health`)).json() as Promise<{ model: string }>;

/**
 * Sends the switch once a verse has begun, then follows the display: the verse on screen at the request, and every
 * verse up to the new model's first, ends whole and done with the old model; the new model's first verse follows the
 * old model's last directly.
 */
async function switchMidVerse(display: Client, console_: Client, seen: ReturnType<typeof watch>, send: () => Promise<void>, from: string, to: string): Promise<void> {
  const begun = seen.starts.length;
  const onScreen = await next(display, 'verse:start', (s) => seen.starts.indexOf(s) >= begun, 180_000);
  await next(display, 'verse:token', (x) => x.id === onScreen.id);
  await send();
  // The new model is ready: the old verse may finish at model speed (what is checked is that it ends whole).
  await setTempo(console_, 0);
  const first = await next(display, 'verse:start', (s) => s.model === to, 180_000);
  await setTempo(console_, SLOW);
  const old = seen.starts.slice(seen.starts.indexOf(onScreen), seen.starts.indexOf(first));
  for (const verse of old) {
    expect(verse.model).toBe(from);
    await next(display, 'verse:end', (e) => e.id === verse.id);
    expect(seen.ends.find((e) => e.id === verse.id)!.reason).toBe('done');
    expectWhole(seen, verse.id);
  }
}

describe('live model switch (real installation, real models, console socket and oscsend)', () => {
  it('the console lists the installed models with their cards\' first sentence and what rules some out', async () => {
    const console_ = t.open('/console', { token: TEST_TOKEN });
    const models = await next(console_, 'models');
    expect(models.current).toBe('tang-poet-zh');
    expect(models.loading).toBeNull();
    const byName = Object.fromEntries(models.models.map((m) => [m.name, m]));
    expect(Object.keys(byName).sort()).toEqual(['broken-zh', 'li-shangyin-zh', 'tang-poet-zh', 'verse-en']);
    expect(byName['li-shangyin-zh']).toMatchObject({ switchable: true, language: 'zh' });
    expect(byName['li-shangyin-zh']!.description).toMatch(/^Example artist voice, for the tests: tang-poet-zh fine-tuned on 300 poems of Li Shangyin/);
    expect(byName['verse-en']).toMatchObject({ switchable: false, language: 'en' });
    expect(byName['verse-en']!.why).toContain('writes en');
  });

  it('from the console: the verse on screen ends whole with the old model, the next is the new one\'s, /health follows', async () => {
    const display = t.open('/display');
    const seen = watch(display);
    await next(display, 'state');
    const console_ = t.open('/console', { token: TEST_TOKEN });
    await switchMidVerse(display, console_, seen, async () => {
      const ack = await request<{ ok: boolean; model?: string }>(console_, 'model:switch', { name: 'li-shangyin-zh' });
      expect(ack).toEqual({ ok: true, model: 'li-shangyin-zh' });
    }, 'tang-poet-zh', 'li-shangyin-zh');
    expect(await health()).toMatchObject({ model: 'li-shangyin-zh' });
    await next(console_, 'models', (m: ModelsPayload) => m.current === 'li-shangyin-zh');
  }, 400_000);

  it('over OSC (oscsend /inkverse/model s tang-poet-zh): the same handover back', async () => {
    const display = t.open('/display');
    const seen = watch(display);
    await next(display, 'state');
    const console_ = t.open('/console', { token: TEST_TOKEN });
    await switchMidVerse(display, console_, seen, async () => {
      await oscsend('/inkverse/model', 's', 'tang-poet-zh');
      await next(console_, 'models', (m: ModelsPayload) => m.current === 'tang-poet-zh', 180_000);
    }, 'li-shangyin-zh', 'tang-poet-zh');
    expect(await health()).toMatchObject({ model: 'tang-poet-zh' });
  }, 400_000);

  it('refusals change nothing: an unknown name, another language, a folder that does not load', async () => {
    const display = t.open('/display');
    const seen = watch(display);
    await next(display, 'state');
    const console_ = t.open('/console', { token: TEST_TOKEN });
    const unknown = await request<{ ok: false; error: { code: string; message: string } }>(console_, 'model:switch', { name: 'no-such-poet' });
    expect(unknown.error.code).toBe('INKVERSE_E_MODEL_MISSING');
    expect(unknown.error.message).toBe('Unknown model "no-such-poet"; known models: broken-zh, li-shangyin-zh, tang-poet-zh, verse-en.');
    const english = await request<{ ok: false; error: { code: string; message: string } }>(console_, 'model:switch', { name: 'verse-en' });
    expect(english.error.code).toBe('INKVERSE_E_MODEL_MISMATCH');
    expect(english.error.message).toContain('li-shangyin-zh');

    // Over OSC the refusal reaches the console's monitor with its code.
    const refused = next(console_, 'activity', (a: ActivityPayload) => a.address === '/inkverse/model' && a.error?.code === 'INKVERSE_E_MODEL_MISSING');
    await oscsend('/inkverse/model', 's', 'no-such-poet');
    expect((await refused).error!.message).toContain('known models: broken-zh, li-shangyin-zh, tang-poet-zh, verse-en');

    // Weights that do not load: refused once the load fails, and the old model writes on.
    const broken = await request<{ ok: false; error: { code: string; message: string } }>(console_, 'model:switch', { name: 'broken-zh' });
    expect(broken.error.code).toBe('INKVERSE_E_MODEL_LOAD');
    expect(broken.error.message).toContain('broken-zh on cpu could not load');
    expect(broken.error.message).toContain('tang-poet-zh writes on');
    const begun = seen.starts.length;
    await setTempo(console_, 0);
    const after = await next(display, 'verse:start', (s) => seen.starts.indexOf(s) >= begun, 180_000);
    expect(after.model).toBe('tang-poet-zh');
    expect(await health()).toMatchObject({ status: 'ok', model: 'tang-poet-zh' });
  }, 400_000);

  it('over OSC by a relative path, as start-up takes INKVERSE_MODEL (models/li-shangyin-zh, from the working folder): switched, not refused', async () => {
    const display = t.open('/display');
    await next(display, 'state');
    const console_ = t.open('/console', { token: TEST_TOKEN });
    expect((await next(console_, 'models')).current).toBe('tang-poet-zh');
    const outcome = Promise.race([
      next(console_, 'models', (m: ModelsPayload) => m.current === 'li-shangyin-zh', 180_000).then(() => 'switched'),
      next(console_, 'activity', (a: ActivityPayload) => a.address === '/inkverse/model' && a.error !== undefined, 180_000).then((a) => `refused: ${a.error!.code} ${a.error!.message}`),
    ]);
    await oscsend('/inkverse/model', 's', 'models/li-shangyin-zh');
    expect(await outcome).toBe('switched');
    await setTempo(console_, 0); // the verse on screen may finish at model speed
    const verse = await next(display, 'verse:start', (s) => s.model === 'li-shangyin-zh', 180_000);
    expect(verse.model).toBe('li-shangyin-zh');
    expect(await health()).toMatchObject({ model: 'li-shangyin-zh' });
  }, 400_000);
});
