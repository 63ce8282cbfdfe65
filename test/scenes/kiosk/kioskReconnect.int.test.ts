/**
 * A kiosk whose connection drops while its visitor's verse waits or is being written (real Chromium, real
 * installation, Tang model): the page reconnects on a new socket with its client id, asks after its prompt
 * (`prompt:status`), and still shows the verse "on the wall" with its take-away code, which the server sends
 * only to the kiosks that follow a prompt.
 */
import { CODE_PATTERN } from '../../../server/versePage.ts';
import { describe, expect, it } from 'vitest';
import { openPage, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite({ params: { tempo: 4 } });

describe('/kiosk after a dropped connection', () => {
  it('the visitor still gets their verse and its take-away code', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk?idle=600`);
    await page.waitForSelector('[data-example]');
    const kiosks = s.inst.io.of('/kiosk');
    await expect.poll(() => kiosks.sockets.size, { timeout: 60_000 }).toBe(1);
    const [before] = [...kiosks.sockets.values()];
    await page.fill('#prompt', '江雪');
    await page.click('#submit');
    await waitForBodyData(page, 'state', ['queued', 'writing']);
    // The transport drops (as on a Wi-Fi blip); socket.io on the page reconnects by itself, as a new socket.
    before!.conn.close();
    await expect.poll(() => [...kiosks.sockets.keys()].some((id) => id !== before!.id), { timeout: 60_000 }).toBe(true);
    // The page is the same visitor on its new socket (its client id), so it may follow its verse while it is written.
    const after = [...kiosks.sockets.values()].find((k) => k.id !== before!.id)!;
    expect(before!.handshake.auth.clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(after.handshake.auth.clientId).toBe(before!.handshake.auth.clientId);
    await waitForBodyData(page, 'state', 'done', 240_000);
    await expect.poll(() => page.textContent('#code'), { timeout: 60_000 }).toMatch(CODE_PATTERN);
    const code = (await page.textContent('#code'))!;
    const res = await fetch(`${s.inst.url}/v/${code}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('“江雪”');
    expect(errors).toEqual([]);
  }, 300_000);
});
