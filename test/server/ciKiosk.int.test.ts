/**
 * @module test/server/ciKiosk: a ci at the kiosk through a real installation (socket.io, queue, verse loop, drafting,
 * the shipped Tang model): `kiosk:hello` offers ci; a ci prompt without a tune is refused at submission with
 * INKVERSE_E_UNKNOWN_TUNE and nothing is queued; `如梦令 秋思` reaches the room as a ci in 如梦令's shape, its `verse:start`
 * carrying the tune's line lengths and rhymes; the archive, the signed record and the take-home MIDI keep the tune,
 * so the verse's music renders later as the room heard it (its two-character lines held and rhymed).
 */
import ToneMidi from '@tonejs/midi';
import { describe, expect, it } from 'vitest';
import type { PromptAck, VerseCode } from '../../protocol/events.ts';
import type { SignedVerse } from '../../protocol/provenance.ts';
import { verseMusic } from '../../server/provenance/verseMidi.ts';
import { next, request, useInstallation } from '../helpers/installation.ts';

const t = useInstallation({ params: { tempo: 0, verse_gap: 0 } });

describe('ci at the kiosk (real model)', () => {
  it('offers ci, refuses a ci prompt without a tune with its code, and writes 如梦令 in its shape', async () => {
    const kiosk = t.open('/kiosk');
    await next(kiosk, 'state');
    const hello = await request<{ modes: string[] }>(kiosk, 'kiosk:hello', {});
    expect(hello.modes).toContain('ci');
    const before = t.inst.queue.size;
    const refused = await request<PromptAck>(kiosk, 'prompt:submit', { text: '秋风落叶', mode: 'ci' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_UNKNOWN_TUNE', message: expect.stringContaining('如梦令') } });
    expect(t.inst.queue.size).toBe(before);

    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: '如梦令 秋思', mode: 'ci' });
    if (!ack.ok) throw new Error(ack.error.message);
    const code = next(kiosk, 'verse:code', (c: VerseCode) => c.id === ack.id, 240_000);
    const start = await next(kiosk, 'verse:start', (s) => s.id === ack.id, 240_000);
    // The tune's shape travels with the start, so pages can shape its uneven lines before each one ends.
    expect(start).toMatchObject({ prompt: '如梦令 秋思', mode: 'ci', tune: { name: '如梦令', lines: [6, 6, 5, 6, 2, 2, 6], rhymes: [true, true, false, true, true, true, true] } });
    const end = await next(kiosk, 'verse:end', (e) => e.id === ack.id, 240_000);
    const lines = end.text.match(/[^，。！？；]+[，。！？；]/gu) ?? [];
    expect(lines.map((l) => [...l].length - 1), end.text).toEqual([6, 6, 5, 6, 2, 2, 6]);

    // The tune outlives the room: archived, signed, and shaping the take-home music.
    const { code: vcode } = await code;
    const archived = t.inst.archive.get(ack.id)!;
    expect(archived.tune).toEqual(start.tune);
    const signed = (await (await fetch(`${t.inst.url}/v/${vcode}.json`)).json()) as SignedVerse;
    expect(signed.record.tune).toEqual(start.tune);
    const res = await fetch(`${t.inst.url}/v/${vcode}.mid`);
    expect(res.status).toBe(200);
    const melody = new ToneMidi.Midi(new Uint8Array(await res.arrayBuffer())).tracks.find((tr) => tr.name === 'verse')!;
    const withTune = verseMusic(archived).notes.filter((n) => n.role !== 'cadence');
    const withoutTune = verseMusic({ ...archived, tune: undefined }).notes.filter((n) => n.role !== 'cadence');
    // Each note as onset:duration in centiseconds (the file's ticks round finer than that), in order.
    const durations = (notes: Array<{ time: number; duration: number; midi: number }>): string[] =>
      notes.map((n) => [Math.round(n.time * 100), Math.round(n.duration * 100), Math.round(n.midi)].join(':')).sort();
    expect(durations(melody.notes)).toEqual(durations(withTune));
    // Without the tune the two-character lines (渡渡 ends) would not be held: the file would sound another piece.
    expect(durations(withTune)).not.toEqual(durations(withoutTune));
  });
});
