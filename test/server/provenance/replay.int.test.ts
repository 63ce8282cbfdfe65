/**
 * Replay as proof, with the shipped Tang model on the CPU: five verses written by a real installation from kiosk
 * prompts (drafting on; one with a live `temperature` move mid-verse while drafting, one streamed token by token with
 * a `temperature` move mid-verse, one from an English prompt through the language bridge) are written again from
 * their signed records by `replayArchived` (and one by the `npm run verse:replay` command itself), character for
 * character. A verse a performer co-wrote into says why it cannot be identical; changed weights are refused with
 * INKVERSE_E_REPLAY naming both digests.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../engine/projectRoot.ts';
import type { PromptAck } from '../../../protocol/events.ts';
import type { VerseRecordV1 } from '../../../protocol/provenance.ts';
import { readRecord, replayArchived } from '../../../server/provenance/replayArchived.ts';
import type { Installation } from '../../../server/installation.ts';
import { client, next, request, startTestInstallation, type Client } from '../../helpers/installation.ts';
import { Archive } from '../../../engine/archive.ts';
import { InkverseError } from '../../../protocol/errors.ts';

const run = promisify(execFile);
const data = mkdtempSync(path.join(os.tmpdir(), 'inkverse-replay-'));
let inst: Installation;
let kiosk: Client;
const written: Array<{ name: string; code: string; id: string }> = [];

/** A kiosk verse; `during` runs once the verse has shown `atSeq` tokens (a performer's move mid-verse). */
async function verse(name: string, prompt: string, during?: { atSeq: number; act: () => void }): Promise<void> {
  const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: prompt });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  const id = (ack as { id: string }).id;
  if (during) {
    await next(kiosk, 'verse:token', (t) => t.id === id && t.seq >= during.atSeq, 120_000);
    during.act();
  }
  const code = await next(kiosk, 'verse:code', (c) => c.id === id, 120_000);
  written.push({ name, code: code.code, id });
}

const temperatureMoves = (r: VerseRecordV1): number =>
  r.generation.reduce((n, c, i) => n + c.steps.filter((s) => s.values.temperature !== undefined).length + (i > 0 && c.at.temperature !== r.generation[i - 1]!.at.temperature ? 1 : 0), 0);

beforeAll(async () => {
  // tempo 12: a verse takes a few seconds on screen, so a move made at its 6th token lands mid-verse.
  inst = await startTestInstallation({ data, params: { tempo: 12, verse_gap: 0.2 } });
  await inst.ready;
  kiosk = client(inst, '/kiosk');
  await next(kiosk, 'state');
  const set = (values: Record<string, number>) => () => void inst.params.set(values, 'console');
  // A verse with nothing done mid-way is written at full speed (tempo 0); pace is not part of what a replay checks.
  set({ tempo: 0 })();
  await verse('drafting on', '秋风');
  set({ tempo: 12 })();
  await verse('temperature moved mid-verse while drafting', '明月', { atSeq: 6, act: set({ temperature: 1.6 }) });
  set({ temperature: 0.9, drafts: 0 })();
  await verse('streamed, temperature moved mid-verse', '江南春', { atSeq: 6, act: set({ temperature: 0.4 }) });
  set({ temperature: 0.9, drafts: 4, tempo: 0 })();
  await verse('English prompt through the bridge', 'the moon over the mountains');
  await verse('drafting on, second', '落花');
  set({ tempo: 12 })();
  await verse('co-written', '白雪', { atSeq: 6, act: () => inst.loop.inject('青山') });
  await inst.close();
}, 600_000);
afterAll(async () => {
  kiosk?.close();
  await inst?.close();
});

describe('verse:replay (shipped model, CPU)', () => {
  it('the five records hold what the bar asks: drafting on, and a temperature move mid-verse', () => {
    const records = written.slice(0, 5).map((w) => ({ ...w, record: recordOf(w.code) }));
    expect(records.map((r) => r.record.generation[0]!.kind)).toEqual(['draft', 'draft', 'generate', 'draft', 'draft']);
    expect(temperatureMoves(records[1]!.record)).toBeGreaterThan(0);
    expect(temperatureMoves(records[2]!.record)).toBeGreaterThan(0);
    // The move is inside the verse: some tokens were sampled before it (a step > 0, or a call after the first).
    const streamed = records[2]!.record.generation[0]!;
    expect(streamed.steps.find((s) => s.values.temperature === 0.4)?.step).toBeGreaterThan(0);
    expect(records[3]!.record.theme).toBeTruthy();
  });

  for (const [i, name] of ['drafting on', 'temperature moved mid-verse while drafting', 'streamed, temperature moved mid-verse', 'English prompt through the bridge', 'drafting on, second'].entries()) {
    it(`writes "${name}" again, character for character`, async () => {
      const w = written[i]!;
      expect(w.name).toBe(name);
      const r = await replayArchived(w.code, inst.config);
      expect(r.reasons).toEqual([]);
      expect(r.text).toBe(r.record.text);
      expect(r.identical).toBe(true);
      expect([...r.text].length).toBeGreaterThan(9);
    }, 180_000);
  }

  it('npm run verse:replay -- <code> reports identical (exit 0)', async () => {
    const w = written[1]!;
    const out = await run(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/verse-replay.ts'), w.code], { cwd: PROJECT_ROOT, env: { ...process.env, INKVERSE_DATA: data } });
    expect(out.stdout).toMatch(/identical: all \d+ characters, character for character/);
    expect(out.stdout).toContain(`recorded: ${recordOf(w.code).text}`);
  }, 180_000);

  it('a co-written verse says why it cannot be identical', async () => {
    const r = await replayArchived(written[5]!.code, inst.config);
    expect(r.reasons[0]).toMatch(/a performer co-wrote "青山" into the verse at token \d+/);
  }, 180_000);

  it('changed weights are refused with INKVERSE_E_REPLAY naming both digests', async () => {
    const models = mkdtempSync(path.join(os.tmpdir(), 'inkverse-models-'));
    cpSync(path.join(PROJECT_ROOT, 'models', 'tang-poet-zh'), path.join(models, 'tang-poet-zh'), { recursive: true });
    appendFileSync(path.join(models, 'tang-poet-zh', 'onnx', 'model_quantized.onnx'), Buffer.from([0]));
    const err = await replayArchived(written[0]!.code, { ...inst.config, model: { ...inst.config.model, dir: models } }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(InkverseError);
    expect(err).toMatchObject({ code: 'INKVERSE_E_REPLAY' });
    expect((err as Error).message).toMatch(/weights of "tang-poet-zh" changed .* sha256 [0-9a-f]{64}, .* has sha256 [0-9a-f]{64}/);
  });
});

/** A verse's record, read through a fresh archive handle as the command reads it. */
function recordOf(code: string): VerseRecordV1 {
  const archive = new Archive(data);
  try {
    return readRecord(archive, code);
  } finally {
    archive.close();
  }
}
