/**
 * A curator's attract rules reach the room (issue 23): a real installation (shipped Tang model) with a pin that holds
 * all day; a /display page over socket.io sees attract verses written on the pinned themes, taking turns.
 */
import { describe, expect, it } from 'vitest';
import type { VerseStart } from '../../protocol/events.ts';
import { useInstallation } from '../helpers/installation.ts';

describe('attract themes from the config', () => {
  const room = useInstallation({ engine: { attractDraw: { hours: [{ from: '00:00', to: '00:00', pin: ['晨钟', '夕阳'] }] } } });

  it('writes attract verses on the pinned themes, never the same twice in a row', async () => {
    const display = room.open('/display');
    const starts: VerseStart[] = [];
    await new Promise<void>((resolve) => display.on('verse:start', (s) => starts.push(s) === 3 && resolve()));
    expect(starts.every((s) => s.source === 'attract')).toBe(true);
    const prompts = starts.map((s) => s.prompt);
    for (const p of prompts) expect(['晨钟', '夕阳']).toContain(p);
    for (let i = 1; i < prompts.length; i++) expect(prompts[i]).not.toBe(prompts[i - 1]);
  }, 120_000);
});
