/**
 * A verse's take-away code (`verse:code`: code, page address, QR) reaches only the kiosk that submitted its
 * prompt (or one that asked after that prompt while it waited, e.g. the same kiosk reconnected, or while it was
 * written, as the same visitor), never the other kiosks in the room: a code opens the visitor's verse page.
 * Real installation (Tang model), real socket.io kiosks.
 */
import { CODE_PATTERN } from '../../server/versePage.ts';
import { describe, expect, it } from 'vitest';
import type { PromptAck, PromptStatusAck, VerseCode } from '../../protocol/events.ts';
import { next, request, useInstallation, type Client } from '../helpers/installation.ts';

const t = useInstallation();

/** A kiosk that records every take-away code it hears; `clientId` as a kiosk page sends it (server/visitorLimits.ts). */
async function kiosk(clientId?: string): Promise<{ socket: Client; codes: VerseCode[] }> {
  const socket = t.open('/kiosk', clientId ? { clientId } : undefined);
  const codes: VerseCode[] = [];
  socket.on('verse:code', (c) => codes.push(c));
  await next(socket, 'state');
  return { socket, codes };
}

async function submit(socket: Client, text: string): Promise<string> {
  const ack = await request<PromptAck>(socket, 'prompt:submit', { text });
  if (!ack.ok) throw new Error(`refused: ${ack.error.code}`);
  return ack.id;
}

/**
 * Resolves once everything the server sent this kiosk before now has arrived: one socket delivers in order,
 * and the server emits a code to every socket of its room in the same tick.
 */
const settled = (socket: Client): Promise<unknown> => request(socket, 'kiosk:hello', {});

describe('verse:code', () => {
  it('goes to the kiosk that submitted the prompt, not to the other kiosks', async () => {
    const [a, b, idle] = await Promise.all([kiosk(), kiosk(), kiosk()]);
    const mineA = await submit(a.socket, '秋风');
    const mineB = await submit(b.socket, '明月');
    const codeA = await next(a.socket, 'verse:code', (c) => c.id === mineA, 300_000);
    const codeB = await next(b.socket, 'verse:code', (c) => c.id === mineB, 300_000);
    expect(codeA.code).not.toBe(codeB.code);
    await Promise.all([settled(a.socket), settled(b.socket), settled(idle.socket)]);
    // Each kiosk heard its own verse's code and nothing else (attract verses ran meanwhile: nobody's to take home).
    expect(a.codes.map((c) => c.id)).toEqual([mineA]);
    expect(b.codes.map((c) => c.id)).toEqual([mineB]);
    expect(idle.codes).toEqual([]);
    // The codes open the right pages.
    expect((await fetch(`${t.inst.url}/v/${codeA.code}`)).status).toBe(200);
    expect(t.inst.archive.get(mineA)?.prompt).toBe('秋风');
  }, 600_000);

  it('a kiosk that asks after its prompt (reconnected) hears the code; the one that left hears nothing more', async () => {
    const first = await kiosk();
    // Held until the kiosk is back: a prompt is written at once (an attract verse yields to it), and at tempo 0 its
    // verse could end before the reconnected kiosk asks after it.
    await t.inst.loop.pause();
    let id = '';
    let again: Awaited<ReturnType<typeof kiosk>>;
    let bystander: Awaited<ReturnType<typeof kiosk>>;
    try {
      id = await submit(first.socket, '江雪');
      first.socket.close();
      again = await kiosk();
      bystander = await kiosk();
      const status = await request<PromptStatusAck>(again.socket, 'prompt:status', { ids: [id] });
      expect(status).toEqual({ ok: true, prompts: [{ id, status: 'queued', position: 1 }] });
    } finally {
      t.inst.loop.start();
    }
    const code = await next(again.socket, 'verse:code', (c) => c.id === id, 300_000);
    expect(code.code).toMatch(CODE_PATTERN);
    await settled(bystander.socket);
    expect(bystander.codes).toEqual([]);
    expect(first.codes).toEqual([]);
  }, 600_000);

  it('while the verse is written (its id is on every page), only the visitor who submitted it can follow it again', async () => {
    t.inst.params.set({ tempo: 4 }, 'test');
    try {
      const first = await kiosk('page-of-visitor-a');
      const id = await submit(first.socket, '春雨');
      await next(first.socket, 'verse:start', (v) => v.id === id, 300_000);
      first.socket.close();
      // Another kiosk saw the id in verse:start and asks after it: it is told the verse is being written, nothing more.
      const other = await kiosk('page-of-visitor-b');
      const back = await kiosk('page-of-visitor-a');
      expect(await request(other.socket, 'prompt:status', { ids: [id] })).toEqual({ ok: true, prompts: [{ id, status: 'writing' }] });
      expect(await request(back.socket, 'prompt:status', { ids: [id] })).toEqual({ ok: true, prompts: [{ id, status: 'writing' }] });
      await next(back.socket, 'verse:code', (c) => c.id === id, 300_000);
      await settled(other.socket);
      expect(other.codes).toEqual([]);
    } finally {
      t.inst.params.set({ tempo: 0 }, 'test');
    }
  }, 600_000);
});
