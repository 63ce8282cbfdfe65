/**
 * Signed verses: a real installation (the shipped Tang model) signs every archived verse with its Ed25519 key. The
 * record at `/v/<code>.json` verifies against `GET /api/key` with node:crypto alone (the canonical JSON written
 * here in a few lines, not imported); one changed character fails. The private key is 0600. After a key rotation
 * (the `verse:rotate-key` script) and a restart, old verses still verify with the retired key. Unknown and
 * malformed codes get a 404 that leaks nothing. `npm run verse:verify` says yes to a record and no to a forged one.
 */
import { execFile } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../engine/projectRoot.ts';
import type { Installation } from '../../../server/installation.ts';
import { client, startTestInstallation, type Client } from '../../helpers/installation.ts';
import { kioskVerse } from '../../helpers/kioskVerse.ts';

const run = promisify(execFile);
const data = mkdtempSync(path.join(os.tmpdir(), 'inkverse-sign-'));
let inst: Installation | null = null;
const sockets: Client[] = [];
afterAll(async () => {
  for (const s of sockets) s.close();
  await inst?.close();
});

/** RFC 8785 for JSON values: sorted keys, no spaces. Written here so the check needs nothing of the project. */
const canonical = (v: unknown): string =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;

interface Signed {
  record: Record<string, unknown> & { text: string; lines: Array<{ text: string }> };
  signature: { algorithm: string; keyId: string; value: string };
}
interface Keys {
  current: string;
  keys: Array<{ id: string; publicKey: string; retired: string | null }>;
}

function verifies(signed: Signed, keys: Keys): boolean {
  const key = keys.keys.find((k) => k.id === signed.signature.keyId);
  if (!key) return false;
  return verify(null, Buffer.from(canonical(signed.record)), createPublicKey(key.publicKey), Buffer.from(signed.signature.value, 'base64'));
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
}

async function start(): Promise<Installation> {
  inst = await startTestInstallation({ data });
  await inst.ready;
  return inst;
}

async function write(text: string): Promise<{ id: string; code: string }> {
  const kiosk = client(inst!, '/kiosk');
  sockets.push(kiosk);
  return kioskVerse(kiosk, text);
}

const verseTool = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/verse-verify.ts'), ...args], { cwd: PROJECT_ROOT, env: { ...process.env, INKVERSE_DATA: data } }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

describe('signed verses (real model, real installation)', () => {
  let first: { id: string; code: string; signed: Signed };

  it('signs a visitor verse; its record verifies with GET /api/key and node:crypto alone, and one changed character fails', async () => {
    await start();
    const { id, code } = await write('秋风');
    const keys = await getJson<Keys>(`${inst!.url}/api/key`);
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]!.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const signed = await getJson<Signed>(`${inst!.url}/v/${code}.json`);
    const verse = inst!.archive.get(id)!;
    expect(signed.record.text).toBe(verse.text);
    expect(signed.record.lines.map((l) => l.text)).toEqual(verse.lines);
    expect(signed.record.prompt).toBe('秋风');
    expect(signed.record.model).toMatchObject({ name: 'tang-poet-zh', weights: { file: 'onnx/model_quantized.onnx', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }, device: 'cpu' });
    expect(signed.record.seed).toBe(verse.seed);
    expect(signed.record.params).toEqual(verse.params);
    expect((signed.record.generation as unknown[]).length).toBeGreaterThan(0);
    expect(signed.signature.keyId).toBe(keys.current);
    expect(verifies(signed, keys)).toBe(true);

    // One character of the text, of a line, of a parameter: each fails.
    const chars = [...signed.record.text];
    chars[0] = chars[0] === '月' ? '日' : '月';
    expect(verifies({ ...signed, record: { ...signed.record, text: chars.join('') } }, keys)).toBe(false);
    expect(verifies({ ...signed, record: { ...signed.record, seed: (signed.record.seed as number) + 1 } }, keys)).toBe(false);
    expect(verifies({ ...signed, record: { ...signed.record, model: { ...(signed.record.model as object), name: 'tang-poet-zi' } } }, keys)).toBe(false);
    first = { id, code, signed };
  });

  it('keeps the private key readable by the service user only', () => {
    const index = path.join(data, 'keys', `${first.signed.signature.keyId}.key.pem`);
    expect(statSync(index).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(data, 'keys')).mode & 0o077).toBe(0);
  });

  it('.json and .mid of an unknown or malformed code get a 404 that names nothing of the archive', async () => {
    for (const p of ['/v/zzzzzz.json', '/v/zzzzzz.mid', '/v/ABC.json', '/v/%3Cscript%3E.json', '/v/.json', `/v/${first.id}.json`, '/v/../inkverse.db', '/v/22222222.mid']) {
      const res = await fetch(`${inst!.url}${p}`);
      expect(res.status, p).toBe(404);
      const body = await res.text();
      expect(body, p).not.toContain(first.signed.record.text.slice(0, 5));
      expect(body, p).not.toContain(first.id);
      expect(body, p).not.toMatch(/tang-poet|seed|signature/);
    }
  });

  it('npm run verse:verify accepts the record by URL and by file, and refuses a forged one (INKVERSE_E_SIGNATURE)', async () => {
    const byUrl = await verseTool(`${inst!.url}/v/${first.code}`);
    expect(byUrl.out).toMatch(/^verified: signed by k-[0-9a-f]{16}/);
    expect(byUrl.code).toBe(0);
    const file = path.join(data, 'record.json');
    writeFileSync(file, JSON.stringify(first.signed));
    expect((await verseTool(file)).code).toBe(0);
    const forged = path.join(data, 'forged.json');
    writeFileSync(forged, JSON.stringify({ ...first.signed, record: { ...first.signed.record, prompt: '春风' } }));
    const no = await verseTool(forged);
    expect(no.code).toBe(1);
    expect(no.out).toMatch(/INKVERSE_E_SIGNATURE: NOT verified: The signature does not match the record/);
  });

  it('after a key rotation and a restart, new verses are signed by the new key and old ones still verify', async () => {
    await inst!.close();
    inst = null;
    const rotated = await run(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts/verse-rotate-key.ts')], { cwd: PROJECT_ROOT, env: { ...process.env, INKVERSE_DATA: data } });
    expect(rotated.stdout).toMatch(/new signing key k-[0-9a-f]{16}; k-[0-9a-f]{16} retired/);
    const oldKey = first.signed.signature.keyId;
    expect(existsSync(path.join(data, 'keys', `${oldKey}.key.pem`))).toBe(false);
    await start();
    const second = await write('明月');
    const keys = await getJson<Keys>(`${inst!.url}/api/key`);
    expect(keys.keys.map((k) => k.id)).toEqual([keys.current, oldKey]);
    expect(keys.keys[1]!.retired).not.toBeNull();
    const newSigned = await getJson<Signed>(`${inst!.url}/v/${second.code}.json`);
    const oldSigned = await getJson<Signed>(`${inst!.url}/v/${first.code}.json`);
    expect(newSigned.signature.keyId).toBe(keys.current);
    expect(oldSigned.signature.keyId).toBe(oldKey);
    expect(oldSigned).toEqual(first.signed);
    expect(verifies(newSigned, keys)).toBe(true);
    expect(verifies(oldSigned, keys)).toBe(true);
    const one = await getJson<Keys>(`${inst!.url}/api/key?id=${oldKey}`);
    expect(one.keys).toHaveLength(1);
    expect((await fetch(`${inst!.url}/api/key?id=k-0000`)).status).toBe(404);
  });
});
