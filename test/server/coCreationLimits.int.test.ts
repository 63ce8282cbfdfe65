/**
 * @module test/server/coCreationLimits
 * A revision is queued like a prompt and counts like one (real installation, built-in Tang model, real kiosk and
 * display over socket.io): a visitor's accepted revisions spend from their address's prompt rate, so a kiosk that
 * may submit 2 in a burst is refused its third (prompt, revision, revision) with `INKVERSE_E_RATE_LIMIT`, and a
 * refused request spends nothing. The installation is this file's own: the limits count every kiosk of 127.0.0.1.
 */
import { describe, expect, it } from 'vitest';
import type { Ack, PromptAck } from '../../protocol/events.ts';
import { next, request, useInstallation } from '../helpers/installation.ts';
import { kioskVerse } from '../helpers/kioskVerse.ts';

// Bursts of 2, then one every 10 minutes: nothing comes back within the test.
const t = useInstallation({ engine: { queue: { perAddress: 2, perAddressPerMinute: 0.1 } } });

const metric = async (outcome: string): Promise<number> => {
  const text = await (await fetch(`${t.inst.url}/metrics`)).text();
  const m = new RegExp(`^inkverse_prompts_total\\{source="visitor",outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
};

describe('co-creation within the visitor limits (real installation, Tang model)', () => {
  it('a revision spends from the address\'s rate like a prompt: prompt and revision accepted, the next revision refused with INKVERSE_E_RATE_LIMIT', async () => {
    const display = t.open('/display');
    await next(display, 'state');
    const kiosk = t.open('/kiosk', { clientId: 'revising-visitor-1' });
    const verse = await kioskVerse(kiosk, '秋风');
    // A refusal for another reason (no such line) spends nothing.
    const misfit = await request<Ack>(kiosk, 'verse:revise', { id: verse.id, index: 1, text: '月' });
    expect(misfit).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_LINE_MISFIT' } });
    const first = await request<PromptAck>(kiosk, 'verse:revise', { id: verse.id, index: 1 });
    expect(first.ok, JSON.stringify(first)).toBe(true);
    const second = await request<Ack>(kiosk, 'verse:revise', { id: verse.id, index: 2 });
    expect(second).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_RATE_LIMIT' } });
    // Counted like prompts: the prompt and the revision accepted, the refusals by their codes.
    expect(await metric('accepted')).toBe(2);
    expect(await metric('INKVERSE_E_RATE_LIMIT')).toBe(1);
  }, 300_000);
});
