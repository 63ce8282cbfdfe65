/**
 * The language bridge with the real Tang model: an English prompt becomes a Chinese theme the visitor sees
 * (verse:start `theme`), the verse is written for it, and every line carries an English gloss and pinyin.
 * A prompt the bridge cannot place is refused with INKVERSE_E_PROMPT_UNPLACED and a suggestion, never `<unk>`.
 */
import { describe, expect, it } from 'vitest';
import type { PromptAck } from '../../../protocol/events.ts';
import { next, request, useInstallation } from '../../helpers/installation.ts';

const t = useInstallation();

describe('language bridge with the Tang model', () => {
  it('"autumn wind over the river" is written for the theme 秋风江上, and its lines carry gloss and pinyin', async () => {
    const kiosk = t.open('/kiosk');
    await next(kiosk, 'state');
    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: 'autumn wind over the river' });
    expect(ack.ok).toBe(true);
    const id = (ack as { id: string }).id;
    const start = await next(kiosk, 'verse:start', (s) => s.id === id);
    expect(start.prompt).toBe('autumn wind over the river');
    expect(start.theme).toBe('秋风江上');
    const end = await next(kiosk, 'verse:end', (e) => e.id === id);
    expect(end.reason).toBe('done');
    expect(end.text).not.toContain('<unk>');
    const line = await next(kiosk, 'verse:line', (l) => l.id === id && l.index === 0);
    expect(line.text).toMatch(/\p{Script=Han}{5}/u);
    expect(line.pinyin).toMatch(/^[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+( [a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+){4,}$/);
    expect(line.gloss).toMatch(/[a-z]{2,}/);
    // The archive keeps the visitor's own words.
    const archived = t.inst.archive.get(id);
    expect(archived?.prompt).toBe('autumn wind over the river');
  });

  it('a prompt the bridge cannot place is refused kindly with a suggestion, and nothing is queued', async () => {
    const kiosk = t.open('/kiosk');
    await next(kiosk, 'state');
    const before = t.inst.queue.size;
    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: 'xyzzy qwrtp' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_PROMPT_UNPLACED' } });
    expect((ack as { error: { message: string } }).error.message).toMatch(/moon, river or autumn/);
    expect(t.inst.queue.size).toBe(before);
  });
});
