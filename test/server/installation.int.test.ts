import { describe, expect, it } from 'vitest';
import type { PromptAck, VerseToken } from '../../protocol/events.ts';
import { next, request, TEST_TOKEN, useInstallation, type Client } from '../helpers/installation.ts';

const t = useInstallation({ engine: { queue: { max: 3, perClient: 2 } } });
const open = (ns: string, auth?: Record<string, string>): Client => t.open(ns, auth);

describe('installation: HTTP, socket.io and the real Tang model', () => {
  it('GET /health answers ok with model, device, queue and uptime', async () => {
    const res = await fetch(`${t.inst.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', model: 'tang-poet-zh', device: 'cpu', queue: 0, uptime_s: expect.any(Number) });
  });

  it('streams a whole verse to /display: verse:start, tokens with seq from 0 and no gaps, lines, verse:end', async () => {
    const display = open('/display');
    const start = await next(display, 'verse:start');
    const end = await next(display, 'verse:end', (e) => e.id === start.id);
    const tokens: VerseToken[] = [];
    for (let seq = 0; ; seq++) {
      const t = await next(display, 'verse:token', (x) => x.id === start.id && x.seq === seq, 1000).catch(() => null);
      if (!t) break;
      tokens.push(t);
    }
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.map((t) => t.seq)).toEqual(tokens.map((_, i) => i));
    expect(end.text).toBe(tokens.map((t) => t.text).join(''));
    expect(tokens.every((t) => typeof t.entropy === 'number')).toBe(true);
  });

  it('a visitor prompt from /kiosk is acked with a position, written as a visitor verse and archived', async () => {
    const kiosk = open('/kiosk');
    await next(kiosk, 'state');
    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: '秋风吹落满地黄叶' });
    expect(ack).toMatchObject({ ok: true, id: expect.any(String), position: 1 });
    const id = (ack as { id: string }).id;
    const start = await next(kiosk, 'verse:start', (s) => s.id === id);
    expect(start).toMatchObject({ prompt: '秋风吹落满地黄叶', source: 'visitor', model: 'tang-poet-zh' });
    const line = await next(kiosk, 'verse:line', (l) => l.id === id);
    expect(line.index).toBe(0);
    const end = await next(kiosk, 'verse:end', (e) => e.id === id);
    expect(end.reason).toBe('done');
    const res = await fetch(`${t.inst.url}/api/verses?limit=5`);
    const { verses } = (await res.json()) as { verses: Array<{ id: string; source: string; text: string }> };
    expect(verses.find((v) => v.id === id)).toMatchObject({ source: 'visitor', text: end.text });
  });

  it('a display that connects mid-verse gets the verse so far in `state`', async () => {
    // Slow enough that the verse is still being written when the second display has connected, on a busy machine too.
    t.inst.params.set({ tempo: 5 }, 'test');
    const first = open('/display');
    const start = await next(first, 'verse:start', (s) => t.inst.loop.current()?.start.id === s.id);
    await next(first, 'verse:token', (t) => t.id === start.id && t.seq >= 3);
    const late = open('/display');
    const state = await next(late, 'state');
    expect(state.verse?.start.id).toBe(start.id);
    expect(state.verse!.tokens.slice(0, 4).map((t) => t.seq)).toEqual([0, 1, 2, 3]);
    expect(state.params.temperature).toBe(t.inst.params.get('temperature'));
    expect(state.scene.name).toBe('text');
    t.inst.params.set({ tempo: 0 }, 'test');
  });

  it('refuses bad kiosk input with a clear error and changes nothing', async () => {
    const kiosk = open('/kiosk');
    await next(kiosk, 'state');
    const before = t.inst.queue.size;
    const cases: Array<[unknown, string]> = [
      [{ text: '   ' }, 'INKVERSE_E_PROMPT_EMPTY'],
      [{ text: '字'.repeat(201) }, 'INKVERSE_E_PROMPT_TOO_LONG'],
      [{ text: 5 }, 'INKVERSE_E_BAD_REQUEST'],
      ['just a string', 'INKVERSE_E_BAD_REQUEST'],
      [null, 'INKVERSE_E_BAD_REQUEST'],
      [{ text: 'hi', extra: true }, 'INKVERSE_E_BAD_REQUEST'],
    ];
    for (const [payload, code] of cases) {
      const ack = await request<PromptAck>(kiosk, 'prompt:submit', payload);
      expect(ack).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
    }
    const unknown = await request<PromptAck>(kiosk, 'params:set', { temperature: 2 });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_UNKNOWN_EVENT' } });
    expect((unknown as { error: { message: string } }).error.message).toContain('prompt:submit');
    expect(t.inst.queue.size).toBe(before);
    expect(t.inst.params.get('temperature')).not.toBe(2);
  });

  it('an unknown event without an ack gets an `error` event naming the allowed events', async () => {
    const display = open('/display');
    await next(display, 'state');
    (display.emit as (e: string, p: unknown) => void)('nonsense', { a: 1 });
    const err = await next(display, 'error');
    expect(err.code).toBe('INKVERSE_E_UNKNOWN_EVENT');
  });

  it('refuses prompts once a visitor has two waiting and when the queue is full', async () => {
    // Paused, so the loop cannot take a prompt off the queue between two submits (a race on a busy machine).
    await t.inst.loop.pause();
    const a = open('/kiosk');
    const b = open('/kiosk');
    await Promise.all([next(a, 'state'), next(b, 'state')]);
    expect(await request<PromptAck>(a, 'prompt:submit', { text: '一' })).toMatchObject({ ok: true });
    expect(await request<PromptAck>(a, 'prompt:submit', { text: '二' })).toMatchObject({ ok: true });
    expect(await request<PromptAck>(a, 'prompt:submit', { text: '三' })).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_CLIENT_LIMIT' } });
    expect(await request<PromptAck>(b, 'prompt:submit', { text: '四' })).toMatchObject({ ok: true, position: 2 });
    expect(await request<PromptAck>(b, 'prompt:submit', { text: '五' })).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_QUEUE_FULL' } });
    expect(t.inst.queue.list().map((p) => p.text)).toEqual(['一', '四', '二']);
    for (const p of [...t.inst.queue.list()]) t.inst.queue.remove(p.id);
    t.inst.loop.start();
  });

  it('console actions are refused without the token and work with it; params reach /display', async () => {
    const anon = open('/console');
    await next(anon, 'state');
    const refused = await request<{ ok: boolean; error?: { code: string } }>(anon, 'params:set', { temperature: 1.3 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_UNAUTHORIZED' } });
    expect(await request(anon, 'verse:skip')).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_UNAUTHORIZED' } });
    expect(t.inst.params.get('temperature')).not.toBe(1.3);

    const display = open('/display');
    await next(display, 'state');
    const performer = open('/console', { token: TEST_TOKEN });
    await next(performer, 'state');
    const paramsEvent = next(display, 'params', (p) => p.temperature === 1.3);
    expect(await request(performer, 'params:set', { temperature: 1.3 })).toMatchObject({ ok: true });
    expect(await paramsEvent).toEqual({ temperature: 1.3 });
    expect(t.inst.params.get('temperature')).toBe(1.3);
    const bad = await request(performer, 'params:set', { temperature: 9 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_PARAM_RANGE' } });
    expect(t.inst.params.get('temperature')).toBe(1.3);
    t.inst.params.set({ temperature: 0.9 }, 'test');
  });

  it('the console can skip the running verse; the display hears reason "skipped"', async () => {
    const display = open('/display');
    const performer = open('/console', { token: TEST_TOKEN });
    t.inst.params.set({ tempo: 5 }, 'test');
    const start = await next(display, 'verse:start');
    await next(display, 'verse:token', (t) => t.id === start.id);
    expect(await request(performer, 'verse:skip')).toMatchObject({ ok: true });
    const end = await next(display, 'verse:end', (e) => e.id === start.id);
    expect(end.reason).toBe('skipped');
    t.inst.params.set({ tempo: 0 }, 'test');
  });

  it('GET /api/verses checks its limit, and /metrics counts verses', async () => {
    const bad = await fetch(`${t.inst.url}/api/verses?limit=abc`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INKVERSE_E_BAD_REQUEST');
    const metrics = await (await fetch(`${t.inst.url}/metrics`)).text();
    expect(metrics).toMatch(/inkverse_verses_total\{source="attract",reason="done"\} [1-9]/);
    expect((await fetch(`${t.inst.url}/nowhere`)).status).toBe(404);
  });
});
