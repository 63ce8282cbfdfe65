/**
 * Writing with the machine in English over socket.io (real installation running the shipped `verse-en` model, real
 * kiosks and display): `verse:revise` with the visitor's own line keeps the lines before it and stands their line
 * word for word (`author: 'visitor'`), the rest written anew by the machine; a line of one word is told what fits
 * (`INKVERSE_E_LINE_MISFIT`, naming the words a line may have); another kiosk may not touch the verse; `verse:continue`
 * gives the poem a new stanza after the lines it keeps.
 */
import { describe, expect, it } from 'vitest';
import { ENGLISH_LINE_WORDS } from '../../engine/revisionPlan.ts';
import type { Ack, PromptAck, VerseLine, VerseStart } from '../../protocol/events.ts';
import { next, request, useInstallation, type Client } from '../helpers/installation.ts';

const t = useInstallation({ model: { name: 'verse-en' } });

/** Every line the display has heard. */
const heard: VerseLine[] = [];

/** Everything a display hears of one verse, from its start to its end. */
async function verseOn(display: Client, id: string): Promise<{ start: VerseStart; lines: VerseLine[]; text: string }> {
  const start = await next(display, 'verse:start', (s) => s.id === id, 300_000);
  const end = await next(display, 'verse:end', (e) => e.id === id, 300_000);
  return { start, lines: heard.filter((l) => l.id === id), text: end.text };
}

const words = (line: string): string[] => line.trim().split(/\s+/u);

describe('co-creation in English over socket.io (verse-en)', () => {
  it('revise with the visitor line, a misfit told what fits, another kiosk refused, continue with a stanza', async () => {
    const display = t.open('/display');
    display.on('verse:line', (l) => heard.push(l));
    const mine = t.open('/kiosk', { clientId: 'visitor-enenenen' });
    const other = t.open('/kiosk', { clientId: 'visitor-otherone' });
    await Promise.all([next(display, 'state'), next(mine, 'state'), next(other, 'state')]);
    const ack = await request<PromptAck>(mine, 'prompt:submit', { text: 'moonlight on the snow' });
    if (!ack.ok) throw new Error(`refused: ${ack.error.code}`);
    const original = await verseOn(display, ack.id);
    expect(original.lines.length).toBeGreaterThanOrEqual(3);
    expect(original.lines.every((l) => l.author === 'machine')).toBe(true);

    // One word is not a line; the sentence says how many words one has.
    const short = await request<Ack>(mine, 'verse:revise', { id: ack.id, index: 1, text: 'snow' });
    expect(short).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_LINE_MISFIT' } });
    if (!short.ok) expect(short.error.message).toContain(`${ENGLISH_LINE_WORDS.min} to ${ENGLISH_LINE_WORDS.max}`);
    const stranger = await request<Ack>(other, 'verse:revise', { id: ack.id, index: 1, text: 'the river keeps your name tonight' });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_NOT_YOURS' } });

    // The visitor's own second line: the first stays, theirs stands word for word, the machine writes on from it.
    const line = 'the river keeps your name tonight';
    const revisedAck = await request<PromptAck>(mine, 'verse:revise', { id: ack.id, index: 1, text: line });
    if (!revisedAck.ok) throw new Error(revisedAck.error.message);
    const revised = await verseOn(display, revisedAck.id);
    expect(revised.start).toMatchObject({ revisionOf: ack.id, kept: 1 });
    expect(revised.lines[0]).toMatchObject({ text: original.lines[0]!.text, author: 'machine' });
    expect(revised.lines[1]).toMatchObject({ text: line, author: 'visitor' });
    expect(revised.lines.length).toBeGreaterThanOrEqual(3);
    for (const l of revised.lines.slice(2)) {
      expect(l.author).toBe('machine');
      expect(words(l.text).length).toBeGreaterThanOrEqual(1);
    }
    expect(t.inst.archive.history(revisedAck.id).map((v) => v.id)).toEqual([ack.id, revisedAck.id]);

    // The poem goes on: every line kept as it was, then a new stanza (a blank line) of at least two lines.
    const contAck = await request<PromptAck>(mine, 'verse:continue', { id: revisedAck.id });
    if (!contAck.ok) throw new Error(contAck.error.message);
    const longer = await verseOn(display, contAck.id);
    const n = revised.lines.length;
    expect(longer.start).toMatchObject({ revisionOf: revisedAck.id, kept: n });
    expect(longer.lines.slice(0, n).map((l) => [l.text, l.author])).toEqual(revised.lines.map((l) => [l.text, l.author]));
    expect(longer.lines.length).toBeGreaterThanOrEqual(n + 2);
    expect(longer.text.startsWith(revised.text.trimEnd() + '\n\n')).toBe(true);
  }, 900_000);
});
