/**
 * @module test/models/pull
 * `pullModel` against a local hub (node:http, hub URL layout) serving a copy of the shipped Tang model:
 * the pulled folder loads and writes; a missing model, a missing weight file, a host that is down and an
 * existing folder each fail with one INKVERSE_E_PULL sentence and leave no folder behind. No internet.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../engine/projectRoot.ts';
import { InkverseError } from '../../../protocol/errors.ts';
import { readModelFolder } from '../../../engine/modelRegistry.ts';
import { engineSurface } from '../../../engine/control/controlSurface.ts';
import { TransformersGenerator } from '../../../engine/transformersGenerator.ts';
import { pullModel, STAGING_DIR, type PullProgress } from '../../../models/cli/pullModel.ts';
import { WEIGHT_FILES, type WeightDtype } from '../../../engine/modelRegistry.ts';

/** The shipped model's weights (the trainer may ship fp32, q8 or both), and a dtype it lacks. */
const shippedInfo = readModelFolder(path.join(PROJECT_ROOT, 'models', 'tang-poet-zh'));
const DTYPE = shippedInfo.dtypes[0] as WeightDtype;
const WEIGHTS = `onnx/${WEIGHT_FILES[DTYPE]}`;
const ABSENT = (Object.keys(WEIGHT_FILES) as WeightDtype[]).find((d) => !shippedInfo.dtypes.includes(d))!;
const HUB_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', WEIGHTS];

let tmp: string;
/** Hub content: `<org>/<name>/<file>` under here is served as `/<org>/<name>/resolve/main/<file>`. */
let hubDir: string;
let server: Server;
let host: string;
const requests: string[] = [];

/** Copies of the shipped files, taken once: the training job may replace models/tang-poet-zh meanwhile. */
function publish(repo: string, files: string[], extra: Record<string, string> = {}): void {
  const dir = path.join(hubDir, repo);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(tmp, 'tang', file), path.join(dir, file));
  }
  for (const [file, text] of Object.entries(extra)) writeFileSync(path.join(dir, file), text);
}

function pullErrorOf(promise: Promise<unknown>): Promise<InkverseError> {
  return promise.then(
    () => {
      throw new Error('expected the pull to fail');
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(InkverseError);
      expect((err as InkverseError).code).toBe('INKVERSE_E_PULL');
      expect((err as Error).message).not.toMatch(/\n\s+at /);
      return err as InkverseError;
    },
  );
}

function modelsDir(): string {
  return mkdtempSync(path.join(tmp, 'models-'));
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'inkverse-pull-'));
  const shipped = path.join(PROJECT_ROOT, 'models', 'tang-poet-zh');
  for (const file of [...HUB_FILES, 'inkverse.json']) {
    mkdirSync(path.dirname(path.join(tmp, 'tang', file)), { recursive: true });
    cpSync(path.join(shipped, file), path.join(tmp, 'tang', file));
  }
  // Hub models declare their weights' dtype as onnx-community ones do; pulls without --dtype follow it.
  const shippedConfig = JSON.parse(readFileSync(path.join(tmp, 'tang', 'config.json'), 'utf8')) as Record<string, unknown>;
  const declared = { ...(shippedConfig['transformers.js_config'] as object), dtype: DTYPE };
  writeFileSync(path.join(tmp, 'tang', 'config.json'), JSON.stringify({ ...shippedConfig, 'transformers.js_config': declared }));
  hubDir = path.join(tmp, 'hub');
  publish('inkverse/tang-poet-zh', HUB_FILES, {
    'generation_config.json': JSON.stringify({ do_sample: true, temperature: 0.7, top_k: 1000, top_p: 0.8, repetition_penalty: 1.05, max_new_tokens: 64 }),
  });
  publish('inkverse/tang-with-meta', [...HUB_FILES, 'inkverse.json']);
  publish('inkverse/lacks-dtype', HUB_FILES);

  const config = JSON.parse(readFileSync(path.join(tmp, 'tang', 'config.json'), 'utf8')) as Record<string, unknown>;
  publish('inkverse/external-data', HUB_FILES, {
    'config.json': JSON.stringify({
      ...config,
      'transformers.js_config': { ...(config['transformers.js_config'] as object), use_external_data_format: { [path.basename(WEIGHTS)]: 1 } },
    }),
  });

  server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    if (url.startsWith('/inkverse/stalls/')) {
      // Headers, a few bytes, then silence: a half-open connection.
      res.writeHead(200, { 'content-length': 1000 }).write('{"model');
      return;
    }
    // Like the hub, weights come through a redirect to a file store.
    const lfs = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+\.onnx)$/.exec(url);
    if (lfs) {
      res.writeHead(302, { location: `/lfs/${lfs[1]}/${lfs[2]}` }).end();
      return;
    }
    const m = /^\/lfs\/([^/]+\/[^/]+)\/(.+)$/.exec(url) ?? /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(url);
    const file = m ? path.join(hubDir, m[1]!, m[2]!) : null;
    if (!file || !file.startsWith(hubDir) || !existsSync(file)) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(tmp, { recursive: true, force: true });
});

describe('pullModel from a local hub', () => {
  it("pulls a model whole (its own dtype), writes a default inkverse.json, and the folder loads and writes verse", async () => {
    const dir = modelsDir();
    const events: PullProgress[] = [];
    const result = await pullModel({ id: 'inkverse/tang-poet-zh', host, modelsDir: dir, language: 'zh', onProgress: (e) => events.push(e) });

    expect(result.name).toBe('tang-poet-zh');
    expect(result.dtype).toBe(DTYPE);
    expect(result.dir).toBe(path.join(dir, 'tang-poet-zh'));
    expect(result.wroteMeta).toBe(true);
    expect(readdirSync(dir)).toEqual(['tang-poet-zh']);
    for (const file of HUB_FILES) {
      expect(readFileSync(path.join(result.dir, file)).equals(readFileSync(path.join(hubDir, 'inkverse', 'tang-poet-zh', file))), file).toBe(true);
    }
    const meta = JSON.parse(readFileSync(path.join(result.dir, 'inkverse.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({ language: 'zh', promptTemplate: '{prompt}', form: null, lineBreaks: ['\n'] });
    // Sampling advice from generation_config.json, where it is a live engine parameter within its range.
    expect(meta.sampling).toEqual({ temperature: 0.7, top_p: 0.8, repetition_penalty: 1.05 });

    const onnx = events.filter((e) => e.file === WEIGHTS);
    expect(onnx.at(-1)).toMatchObject({ type: 'done', bytes: result.files.find((f) => f.file === WEIGHTS)!.bytes });
    expect(onnx.some((e) => e.type === 'file' && e.total !== null && e.received > 0 && e.received < e.total)).toBe(true);
    expect(events).toContainEqual({ type: 'absent', file: 'inkverse.json' });
    expect(requests).toContain(`/lfs/inkverse/tang-poet-zh/${WEIGHTS}`); // followed the hub-style redirect

    const info = readModelFolder(result.dir);
    expect(info).toMatchObject({ name: 'tang-poet-zh', language: 'zh', dtypes: [DTYPE], form: null });
    const params = engineSurface({ max_tokens: 8 });
    const generator = new TransformersGenerator({ model: info, device: 'cpu', dtype: 'auto', params: params, threads: 1 });
    try {
      const tokens: string[] = [];
      for await (const t of generator.generate({ input: '秋风吹落满地黄叶，', body: '', seed: 1 })) tokens.push(t.text);
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.join('')).toMatch(/\p{Script=Han}/u);
    } finally {
      await generator.close();
    }
  });

  it("keeps the hub's own inkverse.json and names the folder after --as", async () => {
    const dir = modelsDir();
    const result = await pullModel({ id: 'inkverse/tang-with-meta', as: 'tang-copy', host, modelsDir: dir });
    expect(result.wroteMeta).toBe(false);
    expect(result.info).toMatchObject({ name: 'tang-copy', language: 'zh', form: { lineLengths: [5, 7] } });
  });

  it('reads the hub from INKVERSE_HUB when no host is given', async () => {
    const dir = modelsDir();
    const before = process.env.INKVERSE_HUB;
    process.env.INKVERSE_HUB = host;
    try {
      await pullModel({ id: 'inkverse/tang-poet-zh', modelsDir: dir });
    } finally {
      if (before === undefined) delete process.env.INKVERSE_HUB;
      else process.env.INKVERSE_HUB = before;
    }
    expect(readModelFolder(path.join(dir, 'tang-poet-zh')).language).toBe('en');
  });

  it('names the URL of a model the hub does not have, and leaves no folder behind', async () => {
    const dir = modelsDir();
    const err = await pullErrorOf(pullModel({ id: 'inkverse/nope', host, modelsDir: dir }));
    expect(err.message).toContain(`${host}inkverse/nope/resolve/main/config.json`);
    expect(err.message).toContain('404');
    expect(err.message).toMatch(/not found/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails on missing weights for the dtype after the small files arrived, and leaves no half folder', async () => {
    const dir = modelsDir();
    const err = await pullErrorOf(pullModel({ id: 'inkverse/lacks-dtype', dtype: ABSENT, host, modelsDir: dir }));
    expect(err.message).toContain(`${host}inkverse/lacks-dtype/resolve/main/onnx/${WEIGHT_FILES[ABSENT]}`);
    expect(err.message).toContain('--dtype');
    expect(requests).toContain('/inkverse/lacks-dtype/resolve/main/tokenizer.json');
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(path.join(dir, STAGING_DIR))).toBe(false);
  });

  it('requires the external-data file config.json declares, and names its URL', async () => {
    const dir = modelsDir();
    const err = await pullErrorOf(pullModel({ id: 'inkverse/external-data', host, modelsDir: dir }));
    expect(err.message).toContain(`${host}inkverse/external-data/resolve/main/${WEIGHTS}_data`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('gives up on a host that stops sending, and leaves nothing behind', async () => {
    const dir = modelsDir();
    const err = await pullErrorOf(pullModel({ id: 'inkverse/stalls', host, modelsDir: dir, stallTimeoutMs: 300 }));
    expect(err.message).toMatch(/No data came from .*config\.json/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says the installation looks offline when the host is down', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dir = modelsDir();
    const err = await pullErrorOf(pullModel({ id: 'inkverse/tang-poet-zh', host: `http://127.0.0.1:${port}/`, modelsDir: dir }));
    expect(err.message).toMatch(/looks offline/);
    expect(err.message).toContain('ECONNREFUSED');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to overwrite an existing folder without force, and replaces it with force', async () => {
    const dir = modelsDir();
    mkdirSync(path.join(dir, 'tang-poet-zh'));
    writeFileSync(path.join(dir, 'tang-poet-zh', 'mine.txt'), 'keep me');
    const err = await pullErrorOf(pullModel({ id: 'inkverse/tang-poet-zh', host, modelsDir: dir }));
    expect(err.message).toContain('--force');
    expect(readFileSync(path.join(dir, 'tang-poet-zh', 'mine.txt'), 'utf8')).toBe('keep me');

    await pullModel({ id: 'inkverse/tang-poet-zh', host, modelsDir: dir, force: true });
    expect(existsSync(path.join(dir, 'tang-poet-zh', 'mine.txt'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['tang-poet-zh']);
  });

  it('rejects a malformed id before any request', async () => {
    const count = requests.length;
    for (const id of ['', 'a/b/c', '../etc', 'org/na me', 'org/-x']) {
      const err = await pullErrorOf(pullModel({ id, host, modelsDir: modelsDir() }));
      expect(err.message).toMatch(/not a hub model id/);
    }
    expect(requests.length).toBe(count);
  });
});

describe('npm run models:pull (the command line)', () => {
  it('fails with one plain sentence and a non-zero exit code, never a stack trace', async () => {
    const run = promisify(execFile);
    const cli = path.join(PROJECT_ROOT, 'models', 'cli', 'pull.ts');
    const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const dir = modelsDir();
    const err = (await run(tsx, [cli, 'inkverse/nope', '--host', host, '--models-dir', dir], { cwd: PROJECT_ROOT }).then(
      () => null,
      (e: unknown) => e,
    )) as { code: number; stderr: string } | null;
    expect(err).not.toBeNull();
    expect(err!.code).toBe(1);
    const lines = err!.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^Model inkverse\/nope \(revision main\) was not found on .*404\. \[INKVERSE_E_PULL\]$/);
    expect(err!.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual([]);
  });
});
