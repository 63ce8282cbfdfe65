import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { VerseToken } from '../../protocol/events.ts';
import { npmStart } from '../helpers/npmStart.ts';


async function until<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('npm start (a real process, as an installer runs it)', () => {
  it('prints the four page URLs, serves /health ok and streams an attract verse to /display', async () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'inkverse-start-'));
    const { child, output, exited } = npmStart({ PORT: '0', OSC_PORT: '0', INKVERSE_DATA: data });
    const base = await until(() => /(http:\/\/127\.0\.0\.1:\d+)\/display/.exec(output())?.[1], 60_000);
    for (const page of ['kiosk', 'display', 'sound', 'console']) expect(output()).toContain(`${base}/${page}`);

    const health = await until(async () => {
      const res = await fetch(`${base}/health`).catch(() => null);
      const body = res ? ((await res.json()) as { status: string }) : null;
      return body?.status === 'ok' ? body : undefined;
    }, 60_000);
    expect(health).toMatchObject({ status: 'ok', model: 'tang-poet-zh', device: 'cpu' });

    const display = io(`${base}/display`, { transports: ['websocket'], reconnection: false });
    const tokens: VerseToken[] = [];
    const firstTokens = new Promise<void>((resolve) =>
      display.on('verse:token', (t) => {
        if (tokens.length === 0 && t.seq !== 0) return; // joined mid-verse: wait for the next verse
        tokens.push(t);
        if (tokens.length === 5) resolve();
      }),
    );
    await firstTokens;
    display.close();
    expect(tokens.map((t) => t.seq)).toEqual([0, 1, 2, 3, 4]);

    // npm itself dies of the signal; the server under it must shut down and free its port.
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    await until(async () => ((await fetch(`${base}/health`).catch(() => null)) === null ? true : undefined), 10_000);
  });

  it('stops with one clear sentence and exit code 1 when the config is bad', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-badcfg-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ model: { device: 'tpu' } }));
    const { output, exited } = npmStart({ INKVERSE_CONFIG: file, PORT: '0', OSC_PORT: '0' });
    expect(await exited).toBe(1);
    expect(output()).toContain('inkverse could not start: Config');
    expect(output()).toContain('"model.device" must be one of "auto", "cpu", "webgpu", "cuda"');
    expect(output()).not.toMatch(/\n\s+at /);
  });

  it('names the missing model and lists the available ones', async () => {
    const { output, exited } = npmStart({ INKVERSE_MODEL: 'no-such-model', PORT: '0', OSC_PORT: '0' });
    expect(await exited).toBe(1);
    expect(output()).toMatch(/Model "no-such-model" is not in .*models\. Available: .*tang-poet-zh/);
    expect(output()).toContain('[INKVERSE_E_MODEL_MISSING]');
  });
});
