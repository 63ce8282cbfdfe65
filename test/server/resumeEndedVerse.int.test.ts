/**
 * @module test/server/resumeEndedVerse
 * A page that loses its connection mid-verse and is back only after that verse ended (the loop resting)
 * asks for the rest with `state:resume` and gets it with the verse's end: the page's own verse model
 * (scenes/ui, bound to a real socket.io client as the pages bind it) ends up with every token once.
 * Real installation, built-in Tang model, real socket.io.
 */
import { describe, expect, it } from 'vitest';
import { bindVerseStream } from '../../scenes/ui/verseStream.ts';
import type { PageSocket } from '../../scenes/ui/socket.ts';
import type { VerseEnd } from '../../protocol/events.ts';
import { useInstallation } from '../helpers/installation.ts';

// Slow enough that the verse is still being written when the page drops; the long gap keeps the loop
// resting (writing no newer verse) when it is back.
const s = useInstallation({ params: { tempo: 4, verse_gap: 120 } });

describe('state:resume of a verse that ended while the page was away', () => {
  it('brings the rest of the verse and its end: every token once, the text as the server ended it', async () => {
    const socket = s.open('/display') as PageSocket;
    const model = bindVerseStream(socket);
    await expect.poll(() => model.tokenCount, { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
    const id = model.id!;
    const ended = new Promise<VerseEnd>((resolve) => {
      const off = s.inst.loop.events.on('verse:end', (e) => e.id === id && (off(), resolve(e)));
    });
    socket.disconnect();
    const lostAt = model.tokenCount;
    expect(model.end).toBeNull();
    const end = await ended;
    expect(s.inst.loop.current()).toBeNull();
    socket.connect();
    await expect.poll(() => model.end?.id, { timeout: 60_000 }).toBe(id);
    const tokens = model.tokens();
    // Tokens were written while it was away, so the resume had something to bring.
    expect(tokens.length).toBeGreaterThan(lostAt);
    expect(tokens.map((t) => t.seq)).toEqual(tokens.map((_, i) => i));
    expect(tokens.map((t) => t.text).join('')).toBe(end.text);
    expect(model.end).toEqual(end);
  }, 240_000);
});
