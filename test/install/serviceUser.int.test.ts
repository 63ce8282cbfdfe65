/**
 * @module service user tests: the shipped systemd unit works as shipped, as the unprivileged user it names. Without
 * systemd itself (not in CI): the unit's ExecStart runs from its WorkingDirectory (the project) as a fresh system
 * user that owns only the data folder, with the unit's environment file (deploy/inkverse.env.example, paths moved
 * to a temporary root) and a root-owned config folder holding deploy/config.example.json. MIDI learn saves a
 * mapping into the data folder, and after SIGTERM and a restart the mapping is still in force. Needs root, to
 * create the user and switch to it (CI runs as root); systemd's own sandboxing (ProtectSystem=strict,
 * ReadWritePaths) is not applied here.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { compileServer } from '../../scripts/compileServer.mjs';
import { loadPages } from '../../server/pages.ts';
import type { ClientToServerEvents, MappingPayload, ServerToClientEvents } from '../../protocol/events.ts';

const USER = 'inkverse-svc-test';
const TOKEN = 'service-test-token-42';
const unit = readFileSync(path.join(PROJECT_ROOT, 'deploy/inkverse.service'), 'utf8');
const unitValue = (key: string): string => new RegExp(`^${key}=(.+)$`, 'm').exec(unit)![1]!.trim();

/** The unit's environment file, with its paths moved under `base`. */
function environment(base: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path.join(PROJECT_ROOT, 'deploy/inkverse.env.example'), 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return { ...env, INKVERSE_DATA: path.join(base, env.INKVERSE_DATA!), INKVERSE_CONFIG: path.join(base, env.INKVERSE_CONFIG!), INKVERSE_TOKEN: TOKEN, PORT: '0', OSC_PORT: '0', TZ: 'UTC', PATH: process.env.PATH ?? '/usr/bin:/bin' };
}

function ids(): { uid: number; gid: number } {
  try {
    execFileSync('id', ['-u', USER]);
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
  }
  return { uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' })) };
}

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts the unit's ExecStart as the service user; resolves with the base URL the server prints. */
function start(env: Record<string, string>, uid: number, gid: number): Promise<Running> {
  const [command, ...args] = unitValue('ExecStart').split(/\s+/);
  const child = spawn('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', command!, ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const seen = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /health\s+(http:\/\/[\d.]+:\d+)\/health/.exec(out);
      if (m) resolve({ child, url: m[1]!, output: () => out });
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.on('exit', (code) => reject(new Error(`the service exited (${code}) before it was up:\n${out}`)));
  });
}

function stop(r: Running): Promise<number | null> {
  return new Promise((resolve) => {
    r.child.once('exit', (code) => resolve(code));
    r.child.kill('SIGTERM');
  });
}

function consoleClient(url: string): Socket<ServerToClientEvents, ClientToServerEvents> {
  return connect(`${url}/console`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: TOKEN } });
}

const CC7 = { midi: { type: 'cc', channel: 1, number: 7 }, param: 'top_p' } as const;
const hasCc7 = (list: MappingPayload[]): boolean => list.some((m) => m.midi?.number === 7 && m.param === 'top_p');

describe('the systemd unit as a non-root user', () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'inkverse-service-'));
  const running: Running[] = [];
  let env: Record<string, string>;
  let uid = -1;
  let gid = -1;

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('This test needs root (CI runs as root): it creates a system user and runs the service as that user.');
    ({ uid, gid } = ids());
    env = environment(base);
    chmodSync(base, 0o755);
    // As the unit's install steps: the checkout's owner builds once; the service only reads the build.
    await compileServer({ root: PROJECT_ROOT });
    await loadPages({ root: PROJECT_ROOT });
    // /etc/inkverse: root's, read-only to the service. /var/lib/inkverse: the service user's alone.
    const configDir = path.dirname(env.INKVERSE_CONFIG!);
    mkdirSync(configDir, { recursive: true, mode: 0o755 });
    const example = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'deploy/config.example.json'), 'utf8')) as Record<string, unknown>;
    delete example.hours; // a test runs at any hour
    writeFileSync(env.INKVERSE_CONFIG!, JSON.stringify({ ...example, engine: { ...(example.engine as object), shutdownGrace: 1 } }, null, 2), { mode: 0o644 });
    mkdirSync(path.dirname(env.INKVERSE_DATA!), { recursive: true, mode: 0o755 });
    mkdirSync(env.INKVERSE_DATA!, { mode: 0o750 });
    chownSync(env.INKVERSE_DATA!, uid, gid);
  }, 300_000);

  afterAll(async () => {
    for (const r of running) if (r.child.exitCode === null) await stop(r);
  });

  it('starts as the service user, saves a learned mapping in the data folder, and keeps it across a restart', async () => {
    expect(unitValue('User')).toBe('inkverse');
    expect(unit).toMatch(/^ReadWritePaths=\/var\/lib\/inkverse$/m);
    const first = await start(env, uid, gid);
    running.push(first);
    const a = consoleClient(first.url);
    const listed = new Promise<MappingPayload[]>((resolve) => a.on('mappings', (p) => hasCc7(p.mappings) && resolve(p.mappings)));
    const ack = await new Promise<{ ok: boolean; error?: { code: string; message: string } }>((resolve) => a.emit('mapping:save', CC7, resolve));
    expect(ack).toEqual({ ok: true });
    await listed;
    a.close();

    const file = path.join(env.INKVERSE_DATA!, 'mappings.local.json');
    expect(statSync(file).uid).toBe(uid);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, mappings: [expect.objectContaining({ param: 'top_p' })] });
    // Nothing was written where the config lives.
    expect(readdirSync(path.dirname(env.INKVERSE_CONFIG!))).toEqual(['config.json']);
    expect(existsSync(path.join(env.INKVERSE_DATA!, 'inkverse.db'))).toBe(true);
    expect(await stop(first)).toBe(0);

    // Restart: the learned mapping is in force, and a MIDI move through it reaches the parameter.
    const second = await start(env, uid, gid);
    running.push(second);
    const b = consoleClient(second.url);
    const again = new Promise<MappingPayload[]>((resolve) => b.on('mappings', (p) => resolve(p.mappings)));
    expect(hasCc7(await again)).toBe(true);
    const moved = new Promise<void>((resolve) => b.on('params', (p) => p.top_p === 1 && resolve()));
    b.emit('midi:message', { data: [0xb0, 7, 127] });
    await moved;
    b.close();
    expect(await stop(second)).toBe(0);
  }, 300_000);
});
