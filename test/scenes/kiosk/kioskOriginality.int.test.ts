/**
 * A verse containing a corpus line, end to end in real Chromium against a real installation (Tang model): a
 * visitor opens a verse with the first line of Meng Haoran's 春晓 (the kiosk's "first line" mode); the kiosk
 * says honestly that this line of theirs is Meng Haoran's, from 春晓, and counts it out of the new lines; the
 * display's scroll scene (WebGL through SwiftShader) draws the poet and poem under that line; the take-away
 * page /v/<code> names them too and gives the share of new lines.
 */
import { CODE_PATTERN } from '../../../server/versePage.ts';
import { describe, expect, it } from 'vitest';
import type { VerseLine } from '../../../protocol/events.ts';
import { openPage, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite({}, { webgl: true });
const OPENING = '春眠不觉晓';
const SOURCE = { poet: '孟浩然', title: '春晓', dynasty: 'tang' };
/** SwiftShader on a shared CPU is slow; the test waits on events, this only bounds a hang. */
const SLOW = 300_000;

interface DisplayProbe {
  __inkverseDisplay: { model: { id: string | null }; host: { mounted: { shownNotes?: () => string[] } | null } };
}

describe('a verse containing a corpus line', () => {
  it('is marked with its poet and poem on the kiosk, on /display (scroll) and on its take-away page', async () => {
    // Once the visitor's verse ends, the next one waits, so the wall keeps showing it.
    const lines: VerseLine[] = [];
    let mine: string | null = null;
    const offs = [
      s.inst.loop.events.on('verse:start', (v) => v.source === 'visitor' && v.prompt === OPENING && (mine = v.id)),
      s.inst.loop.events.on('verse:line', (l) => l.id === mine && lines.push(l)),
      s.inst.loop.events.on('verse:end', (e) => e.id === mine && s.inst.params.set({ verse_gap: 120 }, 'test')),
    ];
    try {
      const display = await openPage(s.browser, `${s.inst.url}/display?scene=scroll`, { viewport: { width: 640, height: 400 } });
      await waitForBodyData(display.page, 'scene', 'scroll', 120_000);

      const kiosk = await openPage(s.browser, `${s.inst.url}/kiosk?idle=600`);
      await kiosk.page.waitForSelector('#modes input[value="opening"]');
      await kiosk.page.check('#modes input[value="opening"]');
      await kiosk.page.fill('#prompt', OPENING);
      await kiosk.page.click('#submit');
      await waitForBodyData(kiosk.page, 'state', 'done', SLOW);

      // The server marked the visitor's own opening line as 孟浩然's, from 春晓.
      expect(lines[0]).toMatchObject({ index: 0, text: `${OPENING}，`, copied: true, source: SOURCE });
      const copied = lines.filter((l) => l.copied);

      // The kiosk (in Chinese: the visitor wrote Chinese) says whose the line is, and counts it out of the new ones.
      const sources = await kiosk.page.locator('#sources li').allTextContents();
      expect(sources[0]).toBe(`「${OPENING}」 你写的这句出自孟浩然《春晓》。`);
      expect(sources).toHaveLength(copied.length);
      expect(await kiosk.page.textContent('#share')).toBe(`${lines.length} 句中有 ${lines.length - copied.length} 句是新写的。`);
      expect(await kiosk.page.isVisible('#wall')).toBe(true);

      // The wall: the scroll scene shows the verse and draws the poet and poem under the copied line.
      await display.page.waitForFunction((id) => (window as unknown as DisplayProbe).__inkverseDisplay.model.id === id, mine, { timeout: SLOW });
      const notes = await display.page.waitForFunction(
        () => {
          const notes = (window as unknown as DisplayProbe).__inkverseDisplay.host.mounted?.shownNotes?.() ?? [];
          return notes.length > 0 ? notes : false;
        },
        undefined,
        { timeout: SLOW },
      );
      expect(((await notes.jsonValue()) as string[])[0]).toBe('— this line is 孟浩然’s, from 《春晓》');

      // The take-away page (in the prompt's language) names the poem and gives the share of new lines.
      await expect.poll(() => kiosk.page.textContent('#code'), { timeout: 60_000 }).toMatch(CODE_PATTERN);
      const code = (await kiosk.page.textContent('#code'))!;
      const page = await openPage(s.browser, `${s.inst.url}/v/${code}`);
      expect(await page.page.textContent('li.copied >> nth=0')).toContain(`${OPENING}，`);
      expect(await page.page.textContent('li.copied >> nth=0 >> .source')).toBe('此句出自唐·孟浩然《春晓》。');
      expect(await page.page.locator('li.copied').count()).toBe(copied.length);
      const fresh = lines.length - copied.length;
      expect(await page.page.textContent('.originality')).toBe(`${lines.length} 句中有 ${fresh} 句是新写的，${copied.length} 句见于前人诗中。`);
      expect([...kiosk.errors, ...display.errors, ...page.errors]).toEqual([]);
    } finally {
      offs.forEach((off) => off());
      s.inst.params.set({ verse_gap: 0.5 }, 'test');
    }
  }, SLOW * 2);
});
