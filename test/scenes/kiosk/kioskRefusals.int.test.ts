/**
 * The kiosk's refusals in real Chromium against a real installation (Tang model), never an error page and
 * never `<unk>`: a prompt the language bridge cannot place gets a kind sentence and themes to tap instead; a
 * prompt with a word on the moderation list gets a kind refusal in the visitor's language (its code decides the
 * words); the page stays at its start with the typed text kept, and nothing is queued.
 */
import { describe, expect, it } from 'vitest';
import { openPage } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite({ moderation: { words: { en: ['grimwold'] } } });

describe('/kiosk refusals', () => {
  it('a prompt the bridge cannot place: a kind sentence, themes to tap, the typed text kept', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk?idle=600`);
    await page.waitForFunction(() => document.body.dataset.idle === '600');
    await page.fill('#prompt', 'xyzzy qwrtp');
    await page.click('#submit');
    await expect.poll(() => page.textContent('#message')).toBe('The poet writes in classical Chinese and could not find a theme in those words. Try one of these:');
    await page.waitForSelector('#sparks button');
    const sparks = await page.locator('#sparks button').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.spark ?? ''));
    expect(sparks.length).toBeGreaterThan(0);
    expect(sparks.every((t) => /^\p{Script=Han}+$/u.test(t))).toBe(true);
    expect(await page.inputValue('#prompt')).toBe('xyzzy qwrtp');
    expect(await page.getAttribute('body', 'data-state')).toBe('idle');
    expect(await page.textContent('body')).not.toContain('<unk>');
    // Tapping a theme fills the prompt; it can be sent as it is.
    await page.click('#sparks button >> nth=0');
    expect(await page.inputValue('#prompt')).toBe(sparks[0]);
    expect(s.inst.queue.size).toBe(0);
    expect(errors).toEqual([]);
  }, 240_000);

  it('a prompt with a listed word (shipped list or config) is refused kindly, in the visitor\'s language', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/kiosk?idle=600`);
    await page.waitForFunction(() => document.body.dataset.idle === '600');
    await page.fill('#prompt', 'the grimwold river');
    await page.click('#submit');
    await expect.poll(() => page.textContent('#message')).toBe('This installation cannot write from those words. Please try others: a season, a place, a feeling.');
    expect(await page.getAttribute('#message', 'class')).toContain('error');
    await page.fill('#prompt', '秋风 他妈');
    await page.click('#submit');
    await expect.poll(() => page.textContent('#message')).toBe('这些字不能在这里写诗。换几个字吧：一个季节、一个地方、一种心情。');
    expect(await page.inputValue('#prompt')).toBe('秋风 他妈');
    expect(await page.getAttribute('body', 'data-state')).toBe('idle');
    expect(s.inst.queue.size).toBe(0);
    expect(errors).toEqual([]);
  }, 240_000);
});
