/**
 * Moderation in a real installation (Tang model, real socket.io): a prompt with a listed word is refused with
 * INKVERSE_E_PROMPT_MODERATED; generated lines are masked, each token the moment it completes a listed word
 * (redrafting through line drafting is tested in moderationRedraft.int.test.ts); no listed word reaches /display;
 * every decision is in /metrics.
 * The listed words here are 风 and 月, common in Tang poems, so the model writes them often.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PromptAck, VerseLine, VerseToken } from '../../../protocol/events.ts';
import { next, request, TEST_TOKEN, useInstallation, type Client } from '../../helpers/installation.ts';

const LISTED = /[风月]/u;

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

/** Everything /display hears until `enough` says so (asked after each verse). */
async function watch(display: Client, enough: (ended: number) => Promise<boolean>): Promise<{ tokens: VerseToken[]; lines: VerseLine[] }> {
  const tokens: VerseToken[] = [];
  const lines: VerseLine[] = [];
  let ended = 0;
  display.on('verse:token', (t) => tokens.push(t));
  display.on('verse:line', (l) => lines.push(l));
  display.on('verse:end', () => void ended++);
  await vi.waitFor(async () => expect(await enough(ended)).toBe(true), { timeout: 150_000, interval: 500 });
  return { tokens, lines };
}

describe('moderation: mask', () => {
  const t = useInstallation({ moderation: { words: { zh: ['风', '月'] }, line: 'mask' }, engine: { seed: 7 } });

  it('refuses a prompt with a listed word, kindly and with its code, and counts it', async () => {
    const kiosk = t.open('/kiosk');
    await next(kiosk, 'state');
    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: '秋风' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_PROMPT_MODERATED' } });
    expect(t.inst.queue.size).toBe(0);
    expect(await metric(t.inst.url, 'inkverse_moderation_total{target="prompt",action="refused"}')).toBe(1);
  });

  it('masks listed words as they stream: none reaches /display, and the masks are counted', async () => {
    const display = t.open('/display');
    const { tokens, lines } = await watch(display, async (ended) => ended >= 3 && (await metric(t.inst.url, 'inkverse_moderation_total{target="token",action="masked"}')) >= 2);
    expect(tokens.length).toBeGreaterThan(20);
    expect(tokens.filter((x) => LISTED.test(x.text))).toEqual([]);
    expect(tokens.some((x) => x.text === '□')).toBe(true);
    expect(lines.filter((l) => LISTED.test(l.text))).toEqual([]);
  }, 180_000);
});
