/**
 * Several displays (real installation, real socket.io clients): each display names itself in its
 * handshake; the console lists the connected displays and can set a scene for one display alone, which
 * that display keeps across a reconnect; the installation's scene still reaches the others; '' hands a
 * display back; unknown scenes are refused with a code.
 */
import { describe, expect, it } from 'vitest';
import type { DisplayInfo } from '../../protocol/events.ts';
import { next, request, TEST_TOKEN, useInstallation, type Client } from '../helpers/installation.ts';

const t = useInstallation({ params: { verse_gap: 120 } });

/** Waits for a `displays` list on the console that satisfies `match`. */
function displaysWhere(consoleSocket: Client, match: (d: DisplayInfo[]) => boolean): Promise<DisplayInfo[]> {
  return new Promise((resolve) => {
    const on = ({ displays }: { displays: DisplayInfo[] }): void => {
      if (!match(displays)) return;
      consoleSocket.off('displays', on);
      resolve(displays);
    };
    consoleSocket.on('displays', on);
  });
}

describe('displays', () => {
  it('lists connected displays, sets a scene for one display alone, keeps it across a reconnect', async () => {
    const consoleSocket = t.open('/console', { token: TEST_TOKEN });
    await next(consoleSocket, 'displays');
    const listed = displaysWhere(consoleSocket, (d) => d.some((x) => x.name === 'left') && d.some((x) => x.name === 'right'));
    const left = t.open('/display', { display: 'left', scene: 'ink' });
    const right = t.open('/display', { display: 'right' });
    const both = await listed;
    expect(both.find((d) => d.name === 'left')).toEqual({ name: 'left', pinned: 'ink', assigned: null, scene: 'ink' });
    expect(both.find((d) => d.name === 'right')).toMatchObject({ pinned: null, assigned: null, scene: t.inst.scene.name });

    const rightSaw: string[] = [];
    right.on('scene', (p) => rightSaw.push(p.display ?? ''));
    const leftScene = next(left, 'scene', (p) => p.display === 'left');
    const changed = displaysWhere(consoleSocket, (d) => d.find((x) => x.name === 'left')?.scene === 'constellation');
    expect(await request(consoleSocket, 'scene:set', { name: 'constellation', display: 'left' })).toEqual({ ok: true });
    expect(await leftScene).toMatchObject({ name: 'constellation', display: 'left', params: { 'scene.constellation.drift': 1 } });
    expect((await changed).find((d) => d.name === 'left')).toMatchObject({ assigned: 'constellation', pinned: 'ink' });
    // The installation's scene did not change, and the other display heard nothing meant for "left".
    expect(t.inst.scene.name).toBe('text');
    expect(rightSaw).toEqual([]);

    // Reconnecting, "left" gets its own scene again right after its `state`.
    left.close();
    const again = t.open('/display', { display: 'left', scene: 'ink' });
    expect(await next(again, 'scene', (p) => p.display === 'left')).toMatchObject({ name: 'constellation' });

    // '' hands it back to its URL's scene.
    const back = next(again, 'scene', (p) => p.display === 'left' && p.name === '');
    expect(await request(consoleSocket, 'scene:set', { name: '', display: 'left' })).toEqual({ ok: true });
    await back;
    expect(t.inst.scene.assigned('left')).toBeNull();
  });

  it('refuses an unknown scene for a display with INKVERSE_E_UNKNOWN_SCENE and a display name that is not a string with INKVERSE_E_BAD_REQUEST', async () => {
    const consoleSocket = t.open('/console', { token: TEST_TOKEN });
    const unknown = await request<{ ok: false; error: { code: string; message: string } }>(consoleSocket, 'scene:set', { name: 'nonesuch', display: 'left' });
    expect(unknown.error.code).toBe('INKVERSE_E_UNKNOWN_SCENE');
    expect(unknown.error.message).toContain('ink');
    const bad = await request<{ ok: false; error: { code: string } }>(consoleSocket, 'scene:set', { name: 'ink', display: 7 });
    expect(bad.error.code).toBe('INKVERSE_E_BAD_REQUEST');
  });
});
