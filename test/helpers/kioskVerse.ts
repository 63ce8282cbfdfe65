/** @module kioskVerse (test helper): a verse written from a kiosk prompt on a real installation, with its take-away code. */
import { expect } from 'vitest';
import type { PromptAck, VerseCode } from '../../protocol/events.ts';
import { next, request, type Client } from './installation.ts';

export async function kioskVerse(kiosk: Client, text: string): Promise<{ id: string; code: string }> {
  await next(kiosk, 'state');
  const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  const id = (ack as { id: string }).id;
  const code: VerseCode = await next(kiosk, 'verse:code', (c) => c.id === id, 120_000);
  return { id, code: code.code };
}
