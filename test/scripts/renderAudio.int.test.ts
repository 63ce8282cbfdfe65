/** `npm run render:audio`: an archived verse (real SQLite archive) rendered to a WAV file; an unknown id is refused with its code. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../engine/archive.ts';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');
const SCRIPT = path.resolve('scripts/render-audio.ts');

function archiveWithOneVerse(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-render-'));
  const archive = new Archive(dir);
  const lines = ['床前明月光，', '疑是地上霜。', '举头望明月，', '低头思故乡。'];
  archive.save({
    id: 'v-render-1', prompt: '静夜思', source: 'visitor', model: 'tang-poet-zh', device: 'cpu', seed: 1,
    params: { tempo: 8 }, text: lines.join(''), lines, reason: 'done',
    startedAt: '2026-11-28T00:00:00.000Z', endedAt: '2026-11-28T00:00:04.000Z', firstTokenMs: 20, tokens: 24, paramChanges: [],
  });
  archive.close();
  return dir;
}

describe('npm run render:audio', () => {
  it('renders an archived verse to a 16-bit stereo WAV that is not silent', async () => {
    const data = archiveWithOneVerse();
    const out = path.join(data, 'out.wav');
    const { stdout } = await run(TSX, [SCRIPT, 'v-render-1', out], { env: { ...process.env, INKVERSE_DATA: data } });
    expect(stdout).toContain('20 notes');
    const wav = readFileSync(out);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt16LE(22)).toBe(2);
    expect(wav.readUInt32LE(24)).toBe(44_100);
    expect(wav.readUInt16LE(34)).toBe(16);
    const samples = new Int16Array(wav.buffer, wav.byteOffset + 44, (wav.length - 44) / 2);
    // 24 tokens at 8/s and the cadence: several seconds of sound.
    expect(samples.length / 2 / 44_100).toBeGreaterThan(4);
    let peak = 0;
    for (const v of samples) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(1000);
    expect(peak).toBeLessThan(32_767);
  }, 300_000); // a Node process, esbuild and Chromium start on 2 cores shared with training

  it('refuses an unknown verse id with INKVERSE_E_NOT_FOUND', async () => {
    const data = archiveWithOneVerse();
    const err = (await run(TSX, [SCRIPT, 'no-such-verse', path.join(data, 'x.wav')], { env: { ...process.env, INKVERSE_DATA: data } }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('INKVERSE_E_NOT_FOUND');
    expect(err.stderr).toContain('no-such-verse');
  }, 120_000);
});
