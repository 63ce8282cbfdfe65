/**
 * Visitors first (issue 23), over real socket.io with the shipped Tang model at the room's reading pace: a visitor's
 * prompt arriving in the middle of an attract verse's line ends that verse at the line's end, archived as `yielded`;
 * no /display page receives a half line; the visitor's verse starts next, with no attract verse and no gap between.
 */
import { describe, expect, it } from 'vitest';
import type { PromptAck, VerseEnd, VerseLine, VerseStart, VerseToken } from '../../protocol/events.ts';
import { next, request, useInstallation } from '../helpers/installation.ts';

const LINE_END = /[，。！？；]$/u;

describe('an attract verse yields to a visitor at its next line end', () => {
  // Tempo 8 (the default reading pace) so the attract verse is still mid-line when the prompt arrives.
  const room = useInstallation({ params: { tempo: 8, verse_gap: 0.2 } });

  it('ends within one line, archived as yielded, no half line on a display, then the visitor verse starts', async () => {
    const display = room.open('/display');
    const kiosk = room.open('/kiosk');
    const starts: VerseStart[] = [];
    const tokens: VerseToken[] = [];
    const lines: VerseLine[] = [];
    display.on('verse:start', (s) => starts.push(s));
    display.on('verse:token', (t) => tokens.push(t));
    display.on('verse:line', (l) => lines.push(l));

    // The second character of an attract verse's line: the line is half written on the display.
    const midLine = await next(display, 'verse:token', (t) => t.seq >= 1 && !LINE_END.test(t.text) && starts.at(-1)?.id === t.id && starts.at(-1)?.source === 'attract');
    const attract = starts.at(-1)!;
    const linesBefore = lines.filter((l) => l.id === attract.id).length;
    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: '江上秋月' });
    expect(ack).toMatchObject({ ok: true });
    const visitorId = (ack as { id: string }).id;

    const end: VerseEnd = await next(display, 'verse:end', (e) => e.id === attract.id);
    const visitorStart = await next(display, 'verse:start', (s) => s.id === visitorId);
    expect(midLine.id).toBe(attract.id);

    expect(end.reason).toBe('yielded');
    expect(end.text).toMatch(LINE_END);
    // What the display received of the attract verse is whole lines, each announced, and nothing after them.
    const shown = tokens.filter((t) => t.id === attract.id);
    const announced = lines.filter((l) => l.id === attract.id);
    expect(shown.map((t) => t.text).join('')).toBe(end.text);
    expect(announced.map((l) => l.text).join('')).toBe(end.text);
    expect(new Set(shown.map((t) => t.line))).toEqual(new Set(announced.map((l) => l.index)));
    // Within one line: the line being written when the prompt came was finished, and no other was begun.
    expect(announced.length).toBe(linesBefore + 1);

    // The visitor's verse comes next: nothing else was started between.
    expect(starts.slice(starts.indexOf(attract) + 1)[0]).toEqual(visitorStart);
    expect(visitorStart).toMatchObject({ source: 'visitor', prompt: '江上秋月' });
    await next(display, 'verse:token', (t) => t.id === visitorId);

    // Archived with its own reason and the text the room saw.
    expect(room.inst.archive.get(attract.id)).toMatchObject({ source: 'attract', reason: 'yielded', text: end.text, lines: announced.map((l) => l.text) });
  }, 120_000);
});
