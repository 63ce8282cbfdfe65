/**
 * Emoji joined by zero-width joiners in a visitor's prompt, over socket.io against a real installation (shipped Tang
 * model): a mixed prompt with a family (👨‍👩‍👧, one emoji of 5 code points) is accepted and written, its joiners kept,
 * so the room and the archive see one family, not three people; a prompt of 41 families (205 code points) is refused
 * with INKVERSE_E_PROMPT_TOO_LONG, saying how many characters and the most allowed.
 */
import { describe, expect, it } from 'vitest';
import type { Ack, PromptAck } from '../../protocol/events.ts';
import { next, request, useInstallation } from '../helpers/installation.ts';

const t = useInstallation({ params: { tempo: 30, verse_gap: 0.5 } });
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';

describe('ZWJ emoji in prompts (socket.io, shipped Tang model)', () => {
  it('a family emoji stays one family from the kiosk to the display and the archive; 41 of them are too long', async () => {
    const display = t.open('/display');
    const kiosk = t.open('/kiosk', { clientId: 'visitor-zwjzwjzw' });
    await Promise.all([next(display, 'state'), next(kiosk, 'state')]);
    const prompt = `${FAMILY} moonlight on the snow 月`;
    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: prompt });
    if (!ack.ok) throw new Error(`refused: ${ack.error.code} ${ack.error.message}`);
    const start = await next(display, 'verse:start', (s) => s.id === ack.id, 300_000);
    expect(start.prompt).toBe(prompt);
    const end = await next(display, 'verse:end', (e) => e.id === ack.id, 300_000);
    expect(end.reason).toBe('done');
    expect(end.text).not.toContain('<unk>');
    expect(t.inst.archive.get(ack.id)?.prompt).toBe(prompt);

    const long = await request<Ack>(kiosk, 'prompt:submit', { text: FAMILY.repeat(41) });
    expect(long).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_PROMPT_TOO_LONG', message: 'The prompt has 205 characters; at most 200 are allowed.' } });
  }, 600_000);
});
