/**
 * @module test/server/diskFull
 * A full disk is a degraded state, not a crash: a real installation (the shipped Tang model, real socket.io,
 * real SQLite) keeps its data folder on a real tmpfs that the test fills to ENOSPC. SQLite's own writes then fail
 * with SQLITE_FULL (the WAL is checkpointed away first, so no write finds room in it); `storage.minFreeMB` is 0,
 * so only those real failures can degrade the storage. Then the space is freed again, with no restart.
 * Start-ups on a full disk, a damaged database and a read-only folder run `server/main.ts` as a real process.
 * Mounting a tmpfs needs root (CAP_SYS_ADMIN), as the project's test machines run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { Archive } from '../../engine/archive.ts';
import type { PromptAck } from '../../protocol/events.ts';
import type { Installation } from '../../server/installation.ts';
import { STORAGE_EXIT_STATUS } from '../../server/startupError.ts';
import { client, next, request, startTestInstallation, type Client } from '../helpers/installation.ts';

const mounts: string[] = [];
afterAll(() => {
  for (const dir of mounts) execFileSync('umount', ['-l', dir]);
});

/** A fresh tmpfs of `size` (e.g. `16m`), mounted on a new folder. */
function tmpfs(size: string, readOnly = false): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

/** Writes zeros into `file` until the disk says ENOSPC (a real full disk, as `dd` would leave it). */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  // What is left is less than a chunk: fill it byte-wise.
  const rest = openSync(file, 'a');
  try {
    for (;;) writeSync(rest, Buffer.alloc(512));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(rest);
  }
}

interface HealthBody {
  status: string;
  reason?: string | null;
  storage?: { ok: boolean; problem?: string; freeBytes: number };
}

async function health(inst: Installation): Promise<HealthBody> {
  return (await (await fetch(`${inst.url}/health`)).json()) as HealthBody;
}

async function until<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 300_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves with the next whole verse (start to end) a display receives from now on. */
function nextWholeVerse(display: Client, after: Set<string>): Promise<{ id: string; tokens: number; reason: string }> {
  return new Promise((resolve) => {
    let current: { id: string; tokens: number } | null = null;
    const onStart = (s: { id: string }): void => void (current = after.has(s.id) ? null : { id: s.id, tokens: 0 });
    const onToken = (t: { id: string }): void => void (current?.id === t.id && current.tokens++);
    const onEnd = (e: { id: string; reason: string }): void => {
      if (!current || current.id !== e.id) return;
      display.off('verse:start', onStart);
      display.off('verse:token', onToken);
      display.off('verse:end', onEnd);
      resolve({ ...current, reason: e.reason });
    };
    display.on('verse:start', onStart);
    display.on('verse:token', onToken);
    display.on('verse:end', onEnd);
  });
}

describe('a full data disk (real tmpfs filled to ENOSPC, real SQLITE_FULL, shipped Tang model)', () => {
  it('stays up, /health says degraded with the reason, displays keep receiving verses, prompts get INKVERSE_E_DISK_FULL; after space is freed it archives again with no restart', async () => {
    const data = tmpfs('16m');
    const inst = await startTestInstallation({ data, storage: { minFreeMB: 0, checkSeconds: 0.2 }, backup: { everyHours: 0 }, params: { verse_gap: 0.2 } });
    const sockets: Client[] = [];
    try {
      await inst.ready;
      const display = client(inst, '/display');
      const kiosk = client(inst, '/kiosk', { clientId: 'disk-full-visitor-1' });
      sockets.push(display, kiosk);
      const seen = new Set<string>();
      display.on('verse:start', (s) => seen.add(s.id));
      await next(display, 'verse:end', () => true, 300_000);
      expect(inst.archive.count()).toBeGreaterThan(0);

      // In one synchronous step (the installation shares this event loop): empty the WAL, then fill the disk.
      const db = new Database(path.join(data, 'inkverse.db'));
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      fillDisk(path.join(data, 'filler'));
      const probe = new Database(path.join(data, 'inkverse.db'));
      expect(() => probe.exec("CREATE TABLE big AS SELECT randomblob(1000000) AS b")).toThrow(expect.objectContaining({ code: 'SQLITE_FULL' }));
      probe.close();

      const degraded = await until(async () => {
        const h = await health(inst);
        return h.status === 'degraded' && h.storage?.ok === false ? h : undefined;
      }, '/health to say degraded');
      expect(degraded.reason).toMatch(/^disk full: \d+(\.\d)? ?[kMG]?B free in /);
      expect(degraded.reason).toContain(data);
      expect(degraded.storage).toMatchObject({ ok: false, problem: 'full' });

      const refused = await request<PromptAck>(kiosk, 'prompt:submit', { text: '秋风' });
      expect(refused.ok === false && refused.error.code).toBe('INKVERSE_E_DISK_FULL');

      // Two whole verses reach the display while the disk stays full.
      for (let i = 0; i < 2; i++) {
        const verse = await nextWholeVerse(display, new Set(seen));
        expect(verse.reason).toBe('done');
        expect(verse.tokens).toBeGreaterThan(0);
      }
      expect((await health(inst)).storage?.ok).toBe(false);

      // Space returns: the same process writes and archives again.
      unlinkSync(path.join(data, 'filler'));
      await until(async () => ((await health(inst)).storage?.ok ? true : undefined), '/health to say the storage is ok');
      expect((await health(inst)).status).toBe('ok');
      const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: '明月' });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
      const id = (ack as { id: string }).id;
      const end = await next(display, 'verse:end', (e) => e.id === id, 300_000);
      expect(end.reason).toBe('done');
      expect(inst.archive.get(id)?.prompt).toBe('明月');
    } finally {
      for (const s of sockets) s.close();
      await inst.close();
    }
  }, 900_000);
});

/** Runs `node --import tsx server/main.ts` with a data folder; resolves with its exit status and its stderr. */
function startMain(data: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, VITEST: '', LOG_LEVEL: 'silent', PORT: '0', OSC_PORT: '0', INKVERSE_DATA: data, INKVERSE_CONFIG: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('start-up on a data folder that cannot work (real processes)', () => {
  it('a full disk: one line with the path and INKVERSE_E_DISK_FULL, exit status 74, which the systemd unit does not restart on', async () => {
    const data = tmpfs('4m');
    new Archive(data).close(); // an archive from an earlier run
    fillDisk(path.join(data, 'filler'));
    const { code, stderr } = await startMain(data);
    expect(code).toBe(STORAGE_EXIT_STATUS);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^inkverse could not start: the disk holding the data folder .* is full .*free space on it.* \[INKVERSE_E_DISK_FULL\]$/);
    expect(lines[0]).toContain(data);
    const unit = readFileSync(path.join(PROJECT_ROOT, 'deploy', 'inkverse.service'), 'utf8');
    expect(unit).toMatch(new RegExp(`^RestartPreventExitStatus=.*\\b${STORAGE_EXIT_STATUS}\\b`, 'm'));
  }, 120_000);

  it('a damaged database: one line naming the file, the newest backup to restore and INKVERSE_E_DATA_CORRUPT, exit status 74', async () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'inkverse-corrupt-'));
    writeFileSync(path.join(data, 'inkverse.db'), Buffer.alloc(8192, 0x5a));
    mkdirSync(path.join(data, 'backups'));
    writeFileSync(path.join(data, 'backups', 'archive-20261201-030000.sqlite'), '');
    writeFileSync(path.join(data, 'backups', 'archive-20261206-030000.sqlite'), '');
    const { code, stderr } = await startMain(data);
    rmSync(data, { recursive: true, force: true });
    expect(code).toBe(STORAGE_EXIT_STATUS);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path.join(data, 'inkverse.db'));
    expect(lines[0]).toContain(path.join(data, 'backups', 'archive-20261206-030000.sqlite'));
    expect(lines[0]).toMatch(/\[INKVERSE_E_DATA_CORRUPT\]$/);
  }, 120_000);

  it('a read-only data folder: one line naming it, what to do and INKVERSE_E_STORAGE, exit status 74', async () => {
    const data = tmpfs('4m', true);
    const { code, stderr } = await startMain(data);
    expect(code).toBe(STORAGE_EXIT_STATUS);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^inkverse could not start: the data folder .* cannot be written .*make it writable.* \[INKVERSE_E_STORAGE\]$/);
    expect(lines[0]).toContain(data);
  }, 120_000);
});
