/**
 * Any words at /kiosk, in real Chromium against a real installation (built-in Tang model): 咖啡, coffee, "my phone
 * at midnight" and a mixed English/emoji/Chinese prompt are all written (none refused), the kiosk says, in the
 * visitor's language, the theme their words became and what each modern word became, and nothing shows `<unk>`.
 */
import { describe, expect, it } from 'vitest';
import { openPage, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite();

const PROMPTS: Array<{ prompt: string; theme: RegExp }> = [
  { prompt: '咖啡', theme: /^你的字成了诗题：茶 你的「咖啡」成了「茶」。$/ },
  { prompt: 'coffee', theme: /^Your words became the theme 茶\. Your “coffee” became tea, 茶\.$/ },
  { prompt: 'my phone at midnight', theme: /^Your words became the theme 书信夜半\. Your “phone” became a letter, 书信\.$/ },
  { prompt: 'moonlight on the snow 🌙 咖啡', theme: /^你的字成了诗题：\p{Script=Han}*茶 你的「咖啡」成了「茶」。$/u },
];

describe('/kiosk: any words', () => {
  for (const { prompt, theme } of PROMPTS) {
    it(`"${prompt}" is written, with the theme it became`, async () => {
      const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk?idle=600`);
      await page.waitForFunction(() => document.body.dataset.idle === '600');
      await page.fill('#prompt', prompt);
      await page.click('#submit');
      await waitForBodyData(page, 'state', 'done', 240_000);
      expect(await page.textContent('#theme')).toMatch(theme);
      const lines = await page.$$eval('#verse .verse-line', (els) => els.map((e) => e.firstChild?.textContent ?? ''));
      expect(lines.length).toBeGreaterThanOrEqual(4);
      expect(lines.every((l) => /^\p{Script=Han}+[，。！？；]$/u.test(l))).toBe(true);
      expect(await page.textContent('body')).not.toContain('<unk>');
      expect(await page.textContent('#verse .verse-prompt')).toBe(prompt);
      expect(errors).toEqual([]);
    }, 300_000);
  }
});
