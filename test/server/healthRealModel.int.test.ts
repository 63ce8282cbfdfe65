/**
 * @module test/server/healthRealModel
 * A real installation (real worker, real HTTP and socket.io) whose model file is broken at start: `/health`
 * says degraded with the reason, nothing is announced, and once the file is fixed the retry heals the room.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import type { Installation } from '../../server/installation.ts';
import type { VerseStart } from '../../protocol/events.ts';
import { client, next, startTestInstallation, type Client } from '../helpers/installation.ts';

const shipped = path.join(PROJECT_ROOT, 'models', 'tang-poet-zh');
const WEIGHTS = path.join('onnx', 'model_quantized.onnx');
let inst: Installation | undefined;
let display: Client | undefined;

afterAll(async () => {
  display?.close();
  await inst?.close();
});

describe('a model file broken at start, then fixed (real worker, real Tang model)', () => {
  it('/health answers 503 with the reason while the file is broken, and 200 once it is fixed, without a restart', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'inkverse-models-'));
    const dir = path.join(root, 'tang-poet-zh');
    mkdirSync(path.join(dir, 'onnx'), { recursive: true });
    for (const file of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'inkverse.json']) cpSync(path.join(shipped, file), path.join(dir, file));
    // A weight file that exists (so start-up goes on) but is not a model: ONNX Runtime refuses it in the worker.
    writeFileSync(path.join(dir, WEIGHTS), 'not an onnx model');

    inst = await startTestInstallation({
      model: { dir: root, fallback: [], supervision: { retryMin: 0.2, retryMax: 1 } },
      params: { tempo: 0, verse_gap: 0.2 },
    });
    display = client(inst, '/display');
    const starts: VerseStart[] = [];
    display.on('verse:start', (s) => starts.push(s));
    // Generous waits: a worker's first start (transpiling, loading transformers.js) is slow on a loaded machine.
    const degraded = await next(display, 'service', (s) => s.status === 'degraded' && (s.reason ?? '').includes('could not load'), 180_000);
    expect(degraded.reason).toContain('tang-poet-zh on cpu could not load');

    const broken = await fetch(`${inst.url}/health`);
    expect(broken.status).toBe(503);
    const body = (await broken.json()) as { status: string; reason: string; candidates: Array<{ failures: number }> };
    expect(body.status).toBe('degraded');
    expect(body.reason).toContain('could not load');
    expect(body.reason).toContain('nothing can write until it recovers');
    expect(starts).toEqual([]);

    // The installer puts the right file back (atomically, as a copy tool would).
    copyFileSync(path.join(shipped, WEIGHTS), path.join(dir, 'onnx', 'incoming.onnx'));
    renameSync(path.join(dir, 'onnx', 'incoming.onnx'), path.join(dir, WEIGHTS));

    await inst.ready;
    await next(display, 'service', (s) => s.status === 'ok', 180_000);
    const healed = await fetch(`${inst.url}/health`);
    expect(healed.status).toBe(200);
    expect(await healed.json()).toMatchObject({ status: 'ok', reason: null, model: 'tang-poet-zh', device: 'cpu', generator: 'ready' });
    const start = await next(display, 'verse:start', undefined, 180_000);
    const end = await next(display, 'verse:end', (e) => e.id === start.id, 180_000);
    expect(end.text.length).toBeGreaterThan(0);
  }, 600_000);
});
