/**
 * @module test/server/verseModesKiosk: the English model's verse modes through a real installation (socket.io, queue,
 * verse loop, drafting, the real English model): `kiosk:hello` tells the kiosk the running model's modes; a mode the
 * model does not write in is refused with its code, naming the modes it has, and nothing is queued; `couplets` chosen
 * at the kiosk reaches the verse the room sees, in rhymed pairs.
 */
import { describe, expect, it } from 'vitest';
import { linesRhyme } from '../../engine/prosody/englishMetre.ts';
import type { PromptAck } from '../../protocol/events.ts';
import { next, request, useInstallation } from '../helpers/installation.ts';

const t = useInstallation({ model: { name: 'verse-en' }, params: { tempo: 0, verse_gap: 0 } });

describe('verse modes of the English model at the kiosk', () => {
  it('kiosk:hello offers free verse and couplets, the model\'s own modes, and no mode chosen from the prompt\'s shape', async () => {
    const kiosk = t.open('/kiosk');
    const hello = await request<Record<string, unknown>>(kiosk, 'kiosk:hello', {});
    expect(hello).toMatchObject({ ok: true, language: 'en', modes: ['free', 'couplets'], autoMode: false });
  });

  it('a mode the English model does not write in is refused with INKVERSE_E_UNKNOWN_MODE naming free and couplets; nothing is queued', async () => {
    const kiosk = t.open('/kiosk');
    const before = t.inst.queue.size;
    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: 'the sea at night', mode: 'acrostic' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_UNKNOWN_MODE', message: 'Unknown verse mode "acrostic"; known verse modes: free, couplets.' } });
    expect(t.inst.queue.size).toBe(before);
  });

  it('couplets chosen at the kiosk: the verse opens with the visitor\'s words and its lines rhyme in pairs', async () => {
    const kiosk = t.open('/kiosk');
    await next(kiosk, 'state');
    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: 'the sea at night', mode: 'couplets' });
    if (!ack.ok) throw new Error(ack.error.message);
    const start = await next(kiosk, 'verse:start', (s) => s.id === ack.id, 240_000);
    expect(start).toMatchObject({ prompt: 'the sea at night', mode: 'couplets' });
    const end = await next(kiosk, 'verse:end', (e) => e.id === ack.id, 240_000);
    expect(end.text.startsWith('the sea at night ')).toBe(true);
    const lines = end.text.split('\n').slice(0, -1);
    expect(lines.length % 2, JSON.stringify(end.text)).toBe(0);
    for (let i = 0; i < lines.length; i += 2) expect(linesRhyme(lines[i]!, lines[i + 1]!), `${lines[i]} / ${lines[i + 1]}`).toBe(true);
  }, 300_000);
});
