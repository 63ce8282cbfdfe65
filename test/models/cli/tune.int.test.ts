/**
 * @module models:tune command tests (real processes, real files): every refusal is one sentence with its INKVERSE_E_*
 * code, exit 1, and no output folder. All refusals come before any training, so these need no Python. Training itself
 * (and its Ctrl-C / resume) needs Debian's python3-torch, which the test machine does not promise, and takes minutes:
 * the full tune's timings are on the sample model's card (models/li-shangyin-zh/README.md) and in BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../engine/projectRoot.ts';

const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const TUNE = path.join(PROJECT_ROOT, 'models', 'cli', 'tune.ts');
let tmp: string;

const poem = (i: number): string => `# 夜雨${i}\n君问归期未有期，巴山夜雨涨秋池。\n何当共剪西窗烛，却话巴山夜雨时。`;
const corpus = (name: string, n: number): string => {
  const f = path.join(tmp, name);
  writeFileSync(f, Array.from({ length: n }, (_, i) => poem(i)).join('\n\n') + '\n');
  return f;
};

function tune(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, [TUNE, ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, VITEST: '' }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'inkverse-tune-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('models:tune refusals', () => {
  it('too few poems: INKVERSE_E_TUNE_TOO_FEW, exit 1, nothing written', () => {
    const out = path.join(tmp, 'few-out');
    const r = tune(['--from', 'tang-poet-zh', '--corpus', corpus('few.txt', 10), '--out', out, '--work', path.join(tmp, 'few-work')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('few.txt holds 10 poems; a tune needs at least 30 (100 to 1,000 give a voice worth hearing), since a tenth is held out to measure it. [INKVERSE_E_TUNE_TOO_FEW]');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(path.join(tmp, 'few-work'))).toBe(false);
  });

  it('Chinese poems for the English model: INKVERSE_E_TUNE_SCRIPT', () => {
    const r = tune(['--from', 'verse-en', '--corpus', corpus('zh.txt', 40), '--out', path.join(tmp, 'zh-out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("zh.txt is not written in the base model's script: 0% of its letters are English (Latin letters)");
    expect(r.stderr).toContain('[INKVERSE_E_TUNE_SCRIPT]');
    expect(existsSync(path.join(tmp, 'zh-out'))).toBe(false);
  });

  it('an unknown --from names the models there are: INKVERSE_E_MODEL_MISSING', () => {
    const r = tune(['--from', 'no-such-base', '--corpus', corpus('ok.txt', 40), '--name', 'x']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Model "no-such-base" is not in .*models\. Available: .*tang-poet-zh.*verse-en.* \[INKVERSE_E_MODEL_MISSING\]/);
  });

  it('an output folder that exists is left alone: INKVERSE_E_TUNE', () => {
    const out = path.join(tmp, 'taken');
    mkdirSync(out);
    writeFileSync(path.join(out, 'mine.txt'), 'keep');
    const r = tune(['--from', 'tang-poet-zh', '--corpus', corpus('ok2.txt', 40), '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${out} already exists; nothing was changed. Choose another --name or --out, or delete that folder first. [INKVERSE_E_TUNE]`);
    expect(readdirSync(out)).toEqual(['mine.txt']);
  });

  it('a missing --corpus is a usage error (exit 2) with the usage text', () => {
    const r = tune(['--from', 'tang-poet-zh', '--name', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Give your poems: --corpus my-poems.txt.');
    expect(r.stderr).toContain('Usage: npm run models:tune');
  });
});
