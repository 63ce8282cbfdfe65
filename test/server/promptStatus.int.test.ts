import { describe, expect, it } from 'vitest';
import type { PromptAck, PromptStatusAck } from '../../protocol/events.ts';
import { next, request, TEST_TOKEN, useInstallation, type Client } from '../helpers/installation.ts';

// Slow verses, so the prompts submitted during the first one are still waiting when asked about.
const installation = useInstallation({ params: { tempo: 2 } });
const open = (ns: string, auth?: Record<string, string>): Client => installation.open(ns, auth);

function recorded(socket: Client): Array<[string, unknown]> {
  const seen: Array<[string, unknown]> = [];
  socket.onAny((event: string, p: unknown) => seen.push([event, p]));
  return seen;
}

async function submit(kiosk: Client, text: string): Promise<string> {
  const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text });
  if (!ack.ok) throw new Error(ack.error.code);
  return ack.id;
}

describe('prompt:status and queue:removed (kiosk)', () => {
  it('tells a kiosk where each prompt is: queued, removed (with queue:removed), writing, done, or unknown', async () => {
    const display = open('/display');
    const kiosk = open('/kiosk');
    const seen = recorded(kiosk);
    const console = open('/console', { token: TEST_TOKEN });
    const start = await next(display, 'verse:start');
    expect(start.source).toBe('attract');

    const a = await submit(kiosk, '秋风');
    const b = await submit(kiosk, '明月');
    const asked = await request<PromptStatusAck>(open('/kiosk'), 'prompt:status', { ids: [a, b, 'nope'] });
    expect(asked).toEqual({
      ok: true,
      prompts: [
        { id: a, status: 'queued', position: 1 },
        { id: b, status: 'queued', position: 2 },
        { id: 'nope', status: 'unknown' },
      ],
    });

    expect(await request(console, 'queue:remove', { id: b })).toEqual({ ok: true });
    expect(await next(kiosk, 'queue:removed', (p) => p.id === b)).toEqual({ id: b });
    expect(await request(kiosk, 'prompt:status', { ids: [b] })).toEqual({ ok: true, prompts: [{ id: b, status: 'removed' }] });

    // The attract verse is skipped; the visitor's verse starts: position 0 means "starting", never "removed".
    expect(await request(console, 'verse:skip')).toEqual({ ok: true });
    expect(await next(kiosk, 'queue:position', (p) => p.id === a && p.position === 0)).toEqual({ id: a, position: 0 });
    await next(display, 'verse:token', (t) => t.id === a);
    expect(await request(kiosk, 'prompt:status', { ids: [a] })).toEqual({ ok: true, prompts: [{ id: a, status: 'writing' }] });
    expect(await request(console, 'verse:skip')).toEqual({ ok: true });
    await next(display, 'verse:end', (e) => e.id === a);
    expect(await request(kiosk, 'prompt:status', { ids: [a] })).toEqual({ ok: true, prompts: [{ id: a, status: 'done', verseId: a, reason: 'skipped' }] });

    expect(seen.filter(([e, p]) => e === 'queue:position' && (p as { id: string }).id === b && (p as { position: number }).position === 0)).toEqual([]);
  });

  it('refuses a malformed prompt:status with a coded error', async () => {
    const kiosk = open('/kiosk');
    const ack = await request<PromptStatusAck>(kiosk, 'prompt:status', { ids: 'x' });
    expect(ack.ok === false && ack.error.code).toBe('INKVERSE_E_BAD_REQUEST');
    const tooMany = await request<PromptStatusAck>(kiosk, 'prompt:status', { ids: Array.from({ length: 33 }, (_, i) => `p${i}`) });
    expect(tooMany.ok === false && tooMany.error.code).toBe('INKVERSE_E_BAD_REQUEST');
  });
});
