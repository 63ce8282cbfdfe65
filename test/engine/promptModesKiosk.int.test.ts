/**
 * @module test/engine/promptModesKiosk: a prompt mode chosen at the kiosk travels with `prompt:submit` through the
 * real installation (socket.io, queue, verse loop, drafting, the real Tang model) to the verse the room sees.
 */
import { describe, expect, it } from 'vitest';
import type { PromptAck } from '../../protocol/events.ts';
import { next, request, useInstallation } from '../helpers/installation.ts';

const t = useInstallation({ params: { tempo: 0, verse_gap: 0 } });

describe('prompt modes at the kiosk', () => {
  it('acrostic chosen at the kiosk: 春江花月 gives four lines starting 春, 江, 花, 月', async () => {
    const kiosk = t.open('/kiosk');
    await next(kiosk, 'state');
    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: '春江花月', mode: 'acrostic' });
    if (!ack.ok) throw new Error(ack.error.message);
    const start = await next(kiosk, 'verse:start', (s) => s.id === ack.id, 180_000);
    expect(start).toMatchObject({ prompt: '春江花月', mode: 'acrostic' });
    const end = await next(kiosk, 'verse:end', (e) => e.id === ack.id, 180_000);
    expect(end.text.split(/[，。]/u).filter(Boolean).map((l) => l[0])).toEqual(['春', '江', '花', '月']);
  });

  it('a mode the engine does not have is refused with its code', async () => {
    const kiosk = t.open('/kiosk');
    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: '春江花月', mode: 'sonnet' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_BAD_REQUEST' } });
  });
});
