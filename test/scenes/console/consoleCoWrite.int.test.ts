/**
 * /console in real Chromium against a real installation (shipped Tang model): a performer holding the token revises
 * the verse on the wall as a visitor does at the kiosk. They queue an acrostic quatrain; once it is on the wall they
 * pick its second line, are told what fits when their line is too short, and their own line of the right length
 * stands in the verse written again (marked as written by hand on the console's verse); they list the machine's other
 * drafts of the third line and press one, which stands in the next version; and "Go on" makes it regulated verse.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { VerseStart } from '../../../protocol/events.ts';
import { openPage, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';
import { TEST_TOKEN } from '../../helpers/installation.ts';

const s = browserSuite();
const SLOW = 300_000;

const bare = (line: string): string => line.replace(/[\s\p{P}]+$/u, '');

/** The next verse matching `match`: its start, once it has ended; the loop then rests on it (a long gap) so it stays on the wall. */
function onWall(match: (v: VerseStart) => boolean): Promise<VerseStart> {
  return new Promise((resolve) => {
    let start: VerseStart | null = null;
    const offs = [
      s.inst.loop.events.on('verse:start', (v) => void (match(v) && (start = v))),
      s.inst.loop.events.on('verse:end', (e) => {
        if (e.id !== start?.id) return;
        s.inst.params.set({ verse_gap: 120 }, 'test');
        offs.forEach((off) => off());
        resolve(start);
      }),
    ];
  });
}

/** The loop rests on the long gap after a performer's verse: start it again so what was queued is written now. */
async function writeQueuedNow(): Promise<void> {
  await s.inst.loop.pause();
  s.inst.params.set({ verse_gap: 0.5 }, 'test');
  s.inst.loop.start();
}

/** Verse `id` is archived with `lines` lines, and the console's picker lists them. */
async function consoleHolds(page: Page, id: string, lines: number): Promise<void> {
  await expect.poll(() => page.locator('#cowrite-line option').count(), { timeout: SLOW }).toBe(lines);
  await expect.poll(() => s.inst.archive.get(id)?.lines.length, { timeout: SLOW }).toBe(lines);
}

describe('/console revising the wall', () => {
  it('own line (a misfit told what fits), a machine draft picked, and going on', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/console`, {
      beforeLoad: (p) => p.addInitScript((t) => localStorage.setItem('inkverse.console.token', t), TEST_TOKEN),
    });
    await waitForBodyData(page, 'connection', 'connected', 10_000);
    try {
      // A quatrain on the wall, queued from the console.
      const quatrain = onWall((v) => v.prompt === '春夏秋冬' && v.source === 'performer' && !v.revisionOf);
      await page.fill('#prompt', '春夏秋冬');
      await page.selectOption('#prompt-mode', 'acrostic');
      await page.click('#prompt-form button');
      const original = await quatrain;
      await consoleHolds(page, original.id, 4);
      const first = s.inst.archive.get(original.id)!.lines;
      const length = [...bare(first[0]!)].length;
      const mine = length === 5 ? '明月照高楼' : '明月今宵照高楼';

      // Line 2, too short: the server's sentence says what fits; nothing is queued.
      await page.selectOption('#cowrite-line', '1');
      await page.fill('#cowrite-text', '明月');
      await page.click('#cowrite-revise');
      await expect.poll(() => page.textContent('#cowrite-note'), { timeout: SLOW }).toContain(`each line of this verse has ${length}`);
      expect(await page.getAttribute('#cowrite-note', 'class')).toContain('error');

      // The performer's own line 2: queued, written, standing word for word, marked as written by hand.
      const revision = onWall((v) => v.revisionOf === original.id);
      await page.fill('#cowrite-text', mine);
      await page.click('#cowrite-revise');
      await expect.poll(() => page.textContent('#cowrite-note'), { timeout: SLOW }).toMatch(/Your line 2 is queued at position 1/);
      await writeQueuedNow();
      const revised = await revision;
      await consoleHolds(page, revised.id, 4);
      const rv = s.inst.archive.get(revised.id)!;
      expect(rv.lines[0]).toBe(first[0]);
      expect(bare(rv.lines[1]!)).toBe(mine);
      expect(rv.authors?.[1]).toBe('visitor');
      await expect.poll(() => page.locator('#verse .verse-line.visitor').allTextContents(), { timeout: SLOW }).toEqual([expect.stringContaining(mine)]);
      expect(await page.locator('#cowrite-line option').nth(1).textContent()).toBe(`2 · ${mine} (by hand)`);

      // The machine's other drafts of line 3: listed with their glosses; pressing one writes the verse again with it.
      await page.selectOption('#cowrite-line', '2');
      await page.click('#cowrite-show-drafts');
      await expect.poll(() => page.locator('#cowrite-drafts button').count(), { timeout: SLOW }).toBeGreaterThanOrEqual(1);
      const draft = (await page.getAttribute('#cowrite-drafts button >> nth=0', 'data-draft'))!;
      expect([...bare(draft)]).toHaveLength(length);
      const picking = onWall((v) => v.revisionOf === revised.id);
      await page.click('#cowrite-drafts button >> nth=0');
      await expect.poll(() => page.textContent('#cowrite-note'), { timeout: SLOW }).toMatch(/Your line 3 is queued/);
      await writeQueuedNow();
      const picked = await picking;
      await consoleHolds(page, picked.id, 4);
      const pv = s.inst.archive.get(picked.id)!;
      expect(pv.lines.slice(0, 2)).toEqual(rv.lines.slice(0, 2));
      expect(pv.lines[2]).toBe(draft);

      // Go on: the quatrain becomes regulated verse, its four lines kept.
      const going = onWall((v) => v.revisionOf === picked.id);
      await page.click('#cowrite-continue');
      await expect.poll(() => page.textContent('#cowrite-note'), { timeout: SLOW }).toMatch(/The poem goes on; queued/);
      await writeQueuedNow();
      const longer = await going;
      await consoleHolds(page, longer.id, 8);
      expect(s.inst.archive.get(longer.id)!.lines.slice(0, 4)).toEqual(pv.lines);
      expect(errors).toEqual([]);
    } finally {
      s.inst.params.set({ verse_gap: 0.5 }, 'test');
    }
  }, 900_000);
});
