/**
 * Writing with the machine over socket.io (real installation, built-in Tang model, real kiosks and display):
 * `verse:revise` with the visitor's line rewrites the verse after it, keeping the lines before it and the visitor's
 * line word for word (`author: 'visitor'`), later lines keeping the form's rhyme; `line:alternatives` hands back the
 * drafter's other drafts of a line; `verse:continue` turns a quatrain into regulated verse. Another kiosk's verse,
 * and a line of the wrong length, are refused with their codes.
 */
import { describe, expect, it } from 'vitest';
import { readProsodyProfile } from '../../engine/prosody/prosodyProfile.ts';
import { ProsodyTable } from '../../engine/prosody/prosodyTable.ts';
import type { AlternativeLine } from '../../protocol/coCreation.ts';
import type { Ack, PromptAck, VerseLine, VerseStart } from '../../protocol/events.ts';
import { next, request, useInstallation, type Client } from '../helpers/installation.ts';
import { registry } from '../helpers/realModel.ts';

const t = useInstallation();
const table = ProsodyTable.load(readProsodyProfile(registry.get('tang-poet-zh').dir)!.tableFile!);

const bare = (line: string): string => line.replace(/[\s\p{P}]+$/u, '');
const lastChar = (line: string): string => [...bare(line)].at(-1)!;

/** Every line the display has heard. */
const heard: VerseLine[] = [];

/** Everything a display hears of one verse, from its start to its end (lines arrive before the end, on one socket). */
async function verseOn(display: Client, match: (s: VerseStart) => boolean): Promise<{ start: VerseStart; lines: VerseLine[] }> {
  const start = await next(display, 'verse:start', match, 300_000);
  await next(display, 'verse:end', (e) => e.id === start.id, 300_000);
  return { start, lines: heard.filter((l) => l.id === start.id) };
}

/** A verse for `text` written as an acrostic: four lines, so it can be continued into regulated verse. */
async function written(kiosk: Client, display: Client, text: string): Promise<{ id: string; lines: VerseLine[] }> {
  const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text, mode: 'acrostic' });
  if (!ack.ok) throw new Error(`refused: ${ack.error.code}`);
  const { lines } = await verseOn(display, (s) => s.id === ack.id);
  return { id: ack.id, lines };
}

describe('co-creation over socket.io', () => {
  it('revise with text, alternatives, refusals, continue', async () => {
    const display = t.open('/display');
    display.on('verse:line', (l) => heard.push(l));
    const mine = t.open('/kiosk', { clientId: 'visitor-aaaaaaaa' });
    const other = t.open('/kiosk', { clientId: 'visitor-bbbbbbbb' });
    await Promise.all([next(display, 'state'), next(mine, 'state'), next(other, 'state')]);
    const original = await written(mine, display, '春夏秋冬');
    expect(original.lines).toHaveLength(4);
    expect(original.lines.every((l) => l.author === 'machine')).toBe(true);
    const length = [...bare(original.lines[0]!.text)].length;
    const visitorLine = length === 5 ? '明月照高楼' : '明月今宵照高楼';

    // The machine's other drafts of a line it wrote: at least 2, each a whole line of the verse's length.
    const alts = await request<Ack<{ lines: AlternativeLine[] }>>(mine, 'line:alternatives', { id: original.id, index: 2 });
    if (!alts.ok) throw new Error(alts.error.message);
    expect(alts.lines.length).toBeGreaterThanOrEqual(2);
    for (const a of alts.lines) {
      expect([...bare(a.text)]).toHaveLength(length);
      expect(a.text).toMatch(/[，。]$/u);
      expect(bare(a.text)).not.toBe(bare(original.lines[2]!.text));
      expect(a.gloss).toBeTruthy();
    }

    // Another kiosk may not touch it; a line of the wrong length is told what fits.
    const stranger = await request<Ack>(other, 'verse:revise', { id: original.id, index: 1, text: visitorLine });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_NOT_YOURS' } });
    const strangerAlts = await request<Ack>(other, 'line:alternatives', { id: original.id, index: 1 });
    expect(strangerAlts).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_NOT_YOURS' } });
    const short = await request<Ack>(mine, 'verse:revise', { id: original.id, index: 1, text: '明月' });
    expect(short).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_LINE_MISFIT' } });
    if (!short.ok) expect(short.error.message).toContain(`${length}`);
    const badIndex = await request<Ack>(mine, 'verse:revise', { id: original.id, index: 'two' });
    expect(badIndex).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_BAD_REQUEST' } });

    // The visitor's own second line: the first line stays, theirs stands word for word, the rest is written anew and rhymes with it.
    const revised = await request<PromptAck>(mine, 'verse:revise', { id: original.id, index: 1, text: visitorLine });
    if (!revised.ok) throw new Error(revised.error.message);
    const rv = await verseOn(display, (s) => s.id === revised.id);
    expect(rv.start).toMatchObject({ revisionOf: original.id, kept: 1 });
    expect(rv.lines[0]).toMatchObject({ text: original.lines[0]!.text, author: 'machine' });
    expect(bare(rv.lines[1]!.text)).toBe(visitorLine);
    expect(rv.lines[1]!.author).toBe('visitor');
    expect(rv.lines).toHaveLength(4);
    expect(rv.lines.slice(2).every((l) => l.author === 'machine')).toBe(true);
    expect(table.rhymes(lastChar(rv.lines[3]!.text), lastChar(visitorLine)), `${rv.lines[3]!.text} should rhyme with ${visitorLine}`).toBe(true);
    expect(t.inst.archive.get(revised.id)).toMatchObject({ revisionOf: original.id, authors: expect.arrayContaining(['visitor']) });
    expect(t.inst.archive.history(revised.id).map((v) => v.id)).toEqual([original.id, revised.id]);
    // Its take-away page marks the visitor's line and shows how it got there (the first version).
    const code = await next(mine, 'verse:code', (c) => c.id === revised.id, 60_000);
    const html = await (await fetch(`${t.inst.url}/v/${code.code}`)).text();
    // (A visitor's line that a Tang poet wrote word for word, as 明月照高楼 is, is marked copied as well.)
    expect(html).toMatch(new RegExp(`<li class="(copied )?visitor" data-author="visitor"><span class="text">${rv.lines[1]!.text}</span>`, 'u'));
    expect(html).toContain('修改的经过');
    expect(html).toContain(`<span class="text">${original.lines[1]!.text}</span>`);

    // Picking one of the machine's drafts of line 2 of the revision: it stands, marked the machine's.
    const picks = await request<Ack<{ lines: AlternativeLine[] }>>(mine, 'line:alternatives', { id: revised.id, index: 2 });
    if (!picks.ok) throw new Error(picks.error.message);
    expect(picks.lines.length).toBeGreaterThanOrEqual(1);
    const pickedAck = await request<PromptAck>(mine, 'verse:revise', { id: revised.id, index: 2, text: picks.lines[0]!.text });
    if (!pickedAck.ok) throw new Error(pickedAck.error.message);
    const picked = await verseOn(display, (s) => s.id === pickedAck.id);
    expect(picked.lines.slice(0, 2).map((l) => l.text)).toEqual(rv.lines.slice(0, 2).map((l) => l.text));
    expect(picked.lines[2]).toMatchObject({ text: picks.lines[0]!.text, author: 'machine' });
    expect(picked.lines[1]!.author).toBe('visitor');

    // The poem goes on: a quatrain becomes regulated verse (eight lines), the first four kept.
    expect(picked.lines).toHaveLength(4);
    const quatrain = picked;
    const cont = await request<PromptAck>(mine, 'verse:continue', { id: quatrain.start.id });
    if (!cont.ok) throw new Error(cont.error.message);
    const longer = await verseOn(display, (s) => s.id === cont.id);
    expect(longer.start).toMatchObject({ revisionOf: quatrain.start.id, kept: 4 });
    expect(longer.lines.map((l) => l.text).slice(0, 4)).toEqual(quatrain.lines.map((l) => l.text));
    expect(longer.lines).toHaveLength(8);
  }, 900_000);
});
