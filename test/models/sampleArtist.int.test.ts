/**
 * @module sample artist tests: the shipped example voice `models/li-shangyin-zh` (tang-poet-zh tuned with models:tune)
 * is a second model with the base's tokenizer, loads by path through the real registry and worker and writes a
 * verse in the base's form, and `INKVERSE_MODEL=<its path> npm start` serves verses from it. It is not the default.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { ModelRegistry } from '../../engine/modelRegistry.ts';
import { engineSurface } from '../../engine/control/controlSurface.ts';
import { TransformersGenerator } from '../../engine/transformersGenerator.ts';
import { PromptQueue } from '../../engine/promptQueue.ts';
import { VerseLoop } from '../../engine/verseLoop.ts';
import { systemClock } from '../../engine/clock.ts';
import { loadConfig } from '../../config/loadConfig.ts';
import type { VerseToken } from '../../protocol/events.ts';
import { npmStart, servingUrl } from '../helpers/npmStart.ts';

const SAMPLE = 'li-shangyin-zh';
const models = path.join(PROJECT_ROOT, 'models');

describe('the shipped sample artist model', () => {
  it('shares the base model\'s tokenizer and shape, names its base, and stays small', () => {
    for (const file of ['tokenizer.json', 'tokenizer_config.json']) {
      expect(readFileSync(path.join(models, SAMPLE, file), 'utf8'), file).toBe(readFileSync(path.join(models, 'tang-poet-zh', file), 'utf8'));
    }
    const config = (name: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(models, name, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config(SAMPLE)).toEqual(config('tang-poet-zh'));
    const profile = JSON.parse(readFileSync(path.join(models, SAMPLE, 'inkverse.json'), 'utf8')) as { base?: string; name?: string };
    expect(profile).toMatchObject({ base: 'tang-poet-zh', name: SAMPLE });
    expect(statSync(path.join(models, SAMPLE, 'onnx', 'model_quantized.onnx')).size).toBeLessThan(7e6);
  });

  it('is not the default model', () => {
    expect(loadConfig({}).model.name).toBe('tang-poet-zh');
  });

  it('loads by a relative path through the real registry and worker and writes a verse in the base\'s form', async () => {
    const model = new ModelRegistry(models, { cwd: PROJECT_ROOT }).get(`models/${SAMPLE}`);
    expect(model.name).toBe(SAMPLE);
    expect(model.dir).toBe(path.join(models, SAMPLE));
    const params = engineSurface({ tempo: 0, verse_gap: 0 });
    const generator = new TransformersGenerator({ model, device: 'cpu', dtype: 'auto', params });
    await generator.load();
    const queue = new PromptQueue();
    const loop = new VerseLoop({ generator, model, params, queue, clock: systemClock, seed: 7, attract: ['锦瑟'] });
    const end = new Promise<{ text: string; reason: string }>((resolve) => loop.events.on('verse:end', resolve));
    queue.submit('夜雨', 'visitor', 'k');
    loop.start();
    const verse = await end;
    await loop.close();
    await generator.close();
    params.dispose();
    expect(verse.reason).toBe('done');
    const lines = verse.text.split(/[，。！？；]/u).filter((l) => l.length > 0);
    expect(lines.length === 4 || lines.length === 8).toBe(true);
    const len = [...lines[0]!].length;
    expect([5, 7]).toContain(len);
    for (const l of lines) expect([...l].every((c) => /\p{Script=Han}/u.test(c)), l).toBe(true);
  });

  it('INKVERSE_MODEL=models/li-shangyin-zh npm start serves verses from it', async () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'inkverse-sample-'));
    const server = npmStart({ PORT: '0', OSC_PORT: '0', INKVERSE_DATA: data, INKVERSE_MODEL: `models/${SAMPLE}` });
    const base = await servingUrl(server);
    const display = io(`${base}/display`, { transports: ['websocket'], reconnection: false });
    const start = await new Promise<{ model?: string }>((resolve) => display.on('verse:start', resolve));
    const tokens: VerseToken[] = [];
    await new Promise<void>((resolve) =>
      display.on('verse:token', (t) => {
        tokens.push(t);
        if (tokens.length === 5) resolve();
      }),
    );
    display.close();
    const health = (await (await fetch(`${base}/health`)).json()) as { model?: string };
    process.kill(-server.child.pid!, 'SIGTERM');
    await server.exited;
    expect(start.model).toBe(SAMPLE);
    expect(health.model).toBe(SAMPLE);
    expect(tokens.map((t) => t.text).join('')).toMatch(/\p{Script=Han}/u);
  });
});
