/**
 * Fan-out to phones: 300 lightweight socket.io clients on `/follow` (real installation with the shipped model, real
 * socket.io over websockets on a free port) all receive a whole verse, every token once, `seq` from 0 with no gap,
 * and its end: the same stream every page gets, so it works the same across edges.
 */
import { describe, expect, it } from 'vitest';
import type { VerseToken } from '../../protocol/events.ts';
import { next, useInstallation, type Client } from '../helpers/installation.ts';

const CLIENTS = 300;
const s = useInstallation({ params: { tempo: 0, verse_gap: 0.2 } });

describe('/follow fan-out', () => {
  it(`${CLIENTS} phones on /follow each receive the whole verse, gap-free`, async () => {
    await s.inst.loop.pause();
    const phones: Client[] = [];
    for (let i = 0; i < CLIENTS; i++) phones.push(s.open('/follow'));
    await Promise.all(phones.map((p) => next(p, 'state', () => true, 120_000)));
    expect(s.inst.io.of('/follow').sockets.size).toBe(CLIENTS);

    const { id } = s.inst.control.submitPrompt('秋月', 'performer', 'console');
    const written: VerseToken[] = [];
    const offTokens = s.inst.loop.events.on('verse:token', (t) => t.id === id && written.push(t));
    const got = phones.map(() => [] as VerseToken[]);
    phones.forEach((p, i) => p.on('verse:token', (t) => t.id === id && got[i]!.push(t)));
    const ends = phones.map((p) => next(p, 'verse:end', (e) => e.id === id, 300_000));
    s.inst.loop.start();
    const endTexts = (await Promise.all(ends)).map((e) => e.text);
    offTokens();

    expect(written.length).toBeGreaterThan(5);
    const whole = written.map((t) => t.text).join('');
    const expectedSeqs = written.map((_, i) => i);
    const wrong = got.flatMap((tokens, i) => {
      const seqs = tokens.map((t) => t.seq);
      const text = tokens.map((t) => t.text).join('');
      return JSON.stringify(seqs) === JSON.stringify(expectedSeqs) && text === whole ? [] : [`phone ${i}: ${seqs.length} tokens, seqs ${seqs.slice(0, 8).join(',')}…`];
    });
    expect(wrong).toEqual([]);
    expect(new Set(endTexts).size).toBe(1);
  }, 600_000);
});
