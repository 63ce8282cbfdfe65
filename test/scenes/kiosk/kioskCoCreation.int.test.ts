/**
 * Writing with the machine at /kiosk, in real Chromium against a real installation (built-in Tang model): the
 * visitor writes a verse, taps its second line and writes their own (a line of the wrong length is told what
 * fits), and sees the verse rewritten after it with their line word for word, marked as theirs; asks for the
 * machine's other drafts of a line and picks one; asks the poem to go on (a quatrain becomes eight lines).
 * Prompts are acrostics of four characters, so each verse is a quatrain that can go on.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, recordBodyData, recorded, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite();

interface ShownLine {
  text: string;
  author: string | null;
  visitor: boolean;
}

/** The lines of the verse on screen: each line's own text (its notes follow it), who wrote it, and its style. */
const shownLines = (page: Page): Promise<ShownLine[]> =>
  page.$$eval('#verse .verse-line', (els) => els.map((e) => ({ text: e.firstChild?.textContent ?? '', author: (e as HTMLElement).dataset.author ?? null, visitor: e.classList.contains('visitor') })));

/** Waits until the page has been `done` `n` times (each request goes queued -> writing -> done). */
async function doneTimes(page: Page, n: number): Promise<void> {
  await expect.poll(async () => (await recorded(page)).filter((x) => x === 'done').length, { timeout: 240_000, interval: 200 }).toBe(n);
}

const bare = (line: string): string => line.replace(/[\s\p{P}]+$/u, '');

describe('/kiosk: writing with the machine', () => {
  it('revise the second line with your own, pick one of the machine\'s drafts, then ask the poem to go on', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk?idle=600`, { beforeLoad: (p) => recordBodyData(p, 'state') });
    await page.waitForSelector('#modes input[value="acrostic"]');
    await page.check('#modes input[value="acrostic"]');
    await page.fill('#prompt', '春夏秋冬');
    await page.click('#submit');
    await doneTimes(page, 1);
    const first = await shownLines(page);
    expect(first).toHaveLength(4);
    expect(first.every((l) => l.author === 'machine' && !l.visitor)).toBe(true);
    expect(await page.textContent('#tap-hint')).toMatch(/Tap a line|点一句/);
    const length = [...bare(first[0]!.text)].length;
    const mine = length === 5 ? '明月照高楼' : '明月今宵照高楼';

    // Tap the second line: the prompt box now rewrites it.
    await page.click('#verse .verse-line[data-index="1"]');
    await waitForBodyData(page, 'revise', '1');
    expect(await page.isVisible('#line-tools')).toBe(true);
    expect(await page.inputValue('#prompt')).toBe(bare(first[1]!.text));
    // A line of the wrong length is told, kindly, what would fit; the verse stays.
    await page.fill('#prompt', '明月');
    await page.click('#submit');
    await expect.poll(() => page.textContent('#message')).toBe(`这首诗每句 ${length} 个字，你写了 2 个字。再加 ${length - 2} 个字就合适了。`);
    expect(await page.getAttribute('body', 'data-state')).toBe('done');
    await page.fill('#prompt', mine);
    await page.click('#submit');
    await doneTimes(page, 2);
    const revised = await shownLines(page);
    expect(revised).toHaveLength(4);
    expect(revised[0]).toEqual(first[0]);
    expect(bare(revised[1]!.text)).toBe(mine);
    expect(revised[1]).toMatchObject({ author: 'visitor', visitor: true });
    expect(revised.slice(2).every((l) => l.author === 'machine' && !l.visitor)).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('#verse .verse-line.visitor')!).fontStyle)).toBe('italic');

    // The machine's other drafts of the third line, glossed; pick the first.
    await page.click('#verse .verse-line[data-index="2"]');
    await waitForBodyData(page, 'revise', '2');
    await page.click('#drafts-show');
    await page.waitForSelector('#drafts button[data-draft]');
    const drafts = await page.$$eval('#drafts button[data-draft]', (els) => els.map((e) => ({ text: (e as HTMLElement).dataset.draft!, note: e.querySelector('small')?.textContent ?? '' })));
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    expect(drafts.every((d) => [...bare(d.text)].length === length && d.note.length > 0)).toBe(true);
    await page.click(`#drafts button[data-draft="${drafts[0]!.text}"]`);
    await doneTimes(page, 3);
    const picked = await shownLines(page);
    expect(picked.slice(0, 2)).toEqual(revised.slice(0, 2));
    expect(picked[2]).toMatchObject({ text: drafts[0]!.text, author: 'machine' });

    // Go on: the quatrain becomes regulated verse, its four lines kept.
    await page.click('#continue');
    await doneTimes(page, 4);
    const longer = await shownLines(page);
    expect(longer).toHaveLength(8);
    expect(longer.slice(0, 4)).toEqual(picked);
    expect(errors).toEqual([]);
  }, 600_000);
});
