/**
 * /kiosk in real Chromium against a real installation running the English model (models/verse-en): the mode choices
 * come from the running model (kiosk:hello), so the page offers free verse and rhymed couplets, and none of the Tang
 * modes (title, first line, acrostic, keywords, "chosen for you"); labelled in the visitor's language; the choice
 * travels with the prompt to the verse the room sees.
 */
import { describe, expect, it } from 'vitest';
import type { VerseStart } from '../../../protocol/events.ts';
import { openPage, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite({ model: { name: 'verse-en' } });

const choices = (page: import('playwright-core').Page): Promise<Array<{ value: string; label: string; checked: boolean }>> =>
  page.$$eval('#modes label', (labels) =>
    labels.map((l) => {
      const input = l.querySelector('input')!;
      return { value: input.value, label: l.querySelector('span')?.textContent ?? '', checked: input.checked };
    }),
  );

describe('/kiosk with the English model', () => {
  it('offers free verse and couplets, not the Tang modes; couplets chosen reach the verse', async () => {
    const starts: VerseStart[] = [];
    const off = s.inst.loop.events.on('verse:start', (v) => starts.push(v));
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk?idle=600`);
    await page.waitForFunction(() => document.body.dataset.idle === '600');
    await page.waitForSelector('#modes input[value="couplets"]');
    expect(await choices(page)).toEqual([
      { value: 'free', label: 'free verse', checked: true },
      { value: 'couplets', label: 'rhymed couplets', checked: false },
    ]);
    for (const tang of ['', 'title', 'opening', 'acrostic', 'keywords']) expect(await page.locator(`#modes input[value="${tang}"]`).count()).toBe(0);

    // Typing Chinese turns the page (and the choices' labels) Chinese; the choices stay the model's.
    await page.fill('#prompt', '秋');
    await expect.poll(async () => (await choices(page)).map((c) => c.label)).toEqual(['自由诗', '押韵对句']);
    await page.fill('#prompt', '');

    await page.check('#modes input[value="couplets"]');
    await page.fill('#prompt', 'the sea at night');
    await page.click('#submit');
    await waitForBodyData(page, 'state', 'done', 240_000);
    off();
    expect(starts.find((v) => v.source === 'visitor' && v.prompt === 'the sea at night')).toMatchObject({ mode: 'couplets' });
    expect(errors).toEqual([]);
  }, 300_000);
});
