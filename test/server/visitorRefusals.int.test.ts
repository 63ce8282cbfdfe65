/**
 * @module test/server/visitorRefusals
 * What a visitor's words cannot do, on the real server process (`server/main.ts`, the shipped Tang model,
 * real socket.io clients, its log read from its stdout as journald would): a 9,000-letter prompt is refused
 * as too long before anything parses it, with no error-level log line; and refused prompts (not placed,
 * empty) from one kiosk machine do not use up the next visitor's turn there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import type { PromptAck } from '../../protocol/events.ts';
import { request, type Client } from '../helpers/installation.ts';

let child: ChildProcess;
let stdout = '';
let base = '';
let exited: Promise<number | null>;
const sockets: Client[] = [];

beforeAll(async () => {
  const data = mkdtempSync(path.join(os.tmpdir(), 'inkverse-refusals-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, VITEST: '', LOG_LEVEL: 'info', PORT: '0', OSC_PORT: '0', INKVERSE_DATA: data, INKVERSE_CONFIG: '', INKVERSE_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/display/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before printing its URLs:\n${stdout}`)));
  });
}, 120_000);

afterAll(() => {
  for (const s of sockets) s.close();
  if (child.exitCode === null) child.kill('SIGKILL');
});

function kiosk(clientId: string): Client {
  const s: Client = io(`${base}/kiosk`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { clientId } });
  sockets.push(s);
  return s;
}

/** pino's JSON lines on stdout (the URL banner is not JSON). */
function logLines(): Array<{ level: number; msg?: string }> {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg?: string });
}

describe('visitor refusals on the real server process', () => {
  it('a 9,000-letter prompt gets INKVERSE_E_PROMPT_TOO_LONG; 8 refused prompts from one machine do not stop the next valid one; no error-level log line', async () => {
    const k = kiosk('long-prompt-visitor');
    const long = await request<PromptAck>(k, 'prompt:submit', { text: 'qiufeng'.repeat(1300).slice(0, 9000) });
    expect(long.ok === false && long.error.code).toBe('INKVERSE_E_PROMPT_TOO_LONG');
    expect(long.ok === false && long.error.message).toMatch(/9000 characters; at most 200/);

    // Visitors one after another at one kiosk machine (one address, a page each): 4 not placed, 4 empty.
    const refusals: string[] = [];
    for (let i = 0; i < 8; i++) {
      const ack = await request<PromptAck>(kiosk(`refused-visitor-${i}`), 'prompt:submit', { text: i % 2 ? '   ' : 'xyzzy qwrtp' });
      if (!ack.ok) refusals.push(ack.error.code);
    }
    expect(refusals.sort()).toEqual([...Array(4).fill('INKVERSE_E_PROMPT_EMPTY'), ...Array(4).fill('INKVERSE_E_PROMPT_UNPLACED')]);
    const next = await request<PromptAck>(kiosk('the-next-visitor'), 'prompt:submit', { text: '秋风' });
    expect(next.ok, JSON.stringify(next)).toBe(true);

    // Stopped (SIGINT, at once) so every log line is out before they are read.
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const lines = logLines();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  }, 300_000);
});
