/**
 * The gallery's own kiosk texts in real Chromium against a real installation: `kiosk.messages` overrides a
 * shipped language's texts (a template fills its slot), and a new language (`kiosk.language: "fr"`) speaks
 * for every prompt not in Chinese, falling back to English for texts it does not give; Chinese stays Chinese.
 */
import { describe, expect, it } from 'vitest';
import { openPage } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite({
  kiosk: {
    language: 'fr',
    messages: {
      fr: { heading: 'inkverse · Galerie du Quai', submit: 'Écrire mon poème', label: 'Un mot, un vers, un souhait.', errors: { INKVERSE_E_PROMPT_UNPLACED: 'Le poète ne trouve pas de thème dans ces mots. Essayez :' } },
      zh: { submit: '请为我写一首' },
    },
  },
});

describe('/kiosk texts from the config', () => {
  it('a new language and overridden strings show on the page, and refusals use them', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk?idle=600`);
    await page.waitForFunction(() => document.body.dataset.idle === '600');
    await expect.poll(() => page.textContent('#heading')).toBe('inkverse · Galerie du Quai');
    expect(await page.textContent('#submit')).toBe('Écrire mon poème');
    expect(await page.textContent('#label')).toBe('Un mot, un vers, un souhait.');
    // Not given in French: the English text.
    expect(await page.textContent('#again')).toBe('Write another');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    // A prompt the bridge cannot place is refused in the gallery's words.
    await page.fill('#prompt', 'xyzzy qwrtp'); // coffee places now (it becomes tea, 茶); these words do not
    await page.click('#submit');
    await expect.poll(() => page.textContent('#message')).toBe('Le poète ne trouve pas de thème dans ces mots. Essayez :');
    // Chinese typed: the Chinese texts, with the override.
    await page.fill('#prompt', '明月');
    await page.dispatchEvent('#prompt', 'input');
    await expect.poll(() => page.textContent('#submit')).toBe('请为我写一首');
    expect(await page.textContent('#heading')).toBe('墨诗 · inkverse');
    expect(errors).toEqual([]);
  }, 240_000);
});
