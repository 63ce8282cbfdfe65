/**
 * The moderator on its own: listed words found (Chinese anywhere, Latin letters as whole words), masked,
 * refused in prompts with INKVERSE_E_PROMPT_MODERATED, refused as a LineJudge, and masked token by token the
 * moment a listed word completes, so the stream never carries one whole.
 */
import { describe, expect, it } from 'vitest';
import { Moderator, type ModerationDecision } from '../../../engine/moderation/moderator.ts';
import { thrown } from '../../helpers/thrown.ts';

describe('Moderator', () => {
  it('finds listed words: Chinese anywhere, English as whole words, case-insensitive, extendable', () => {
    const m = new Moderator({ words: { zh: ['秋雨'], en: ['gloom'] } });
    expect(m.find('月下扪女行')).toBe('扪女');
    expect(m.find('一夜秋雨声')).toBe('秋雨');
    expect(m.find('The GLOOM of night')).toBe('gloom');
    expect(m.find('grapes and a therapist')).toBeNull();
    expect(m.find('明月照高楼')).toBeNull();
    expect(new Moderator({ defaults: false }).find('扪女')).toBeNull();
  });

  it('masks every listed word in a line, one mark per character', () => {
    const m = new Moderator({ words: { en: ['gloom'] } });
    expect(m.mask('月下扪女行')).toBe('月下□□行');
    expect(m.mask('gloom and Gloom')).toBe('***** and *****');
  });

  it('refuses a prompt with a listed word (or masks it, as configured), and reports the decision', () => {
    const seen: ModerationDecision[] = [];
    const refuse = new Moderator({ onDecision: (d) => seen.push(d) });
    expect(thrown(() => refuse.checkPrompt('扪女')).code).toBe('INKVERSE_E_PROMPT_MODERATED');
    const english = thrown(() => refuse.checkPrompt('I want to rape'));
    expect(english.code).toBe('INKVERSE_E_PROMPT_MODERATED');
    expect(english.message).toMatch(/other words/);
    expect(refuse.checkPrompt('autumn wind')).toBe('autumn wind');
    const mask = new Moderator({ prompt: 'mask', onDecision: (d) => seen.push(d) });
    expect(mask.checkPrompt('秋夜扪女')).toBe('秋夜□□');
    expect(seen.map((d) => `${d.target}:${d.action}`)).toEqual(['prompt:refused', 'prompt:refused', 'prompt:masked']);
  });

  it('as a LineJudge refuses lines with a listed word', () => {
    const m = new Moderator();
    expect(m.judge('扪女上高楼')).toEqual({ ok: false, reason: 'moderated', detail: '扪女' });
    expect(m.judge('明月上高楼')).toEqual({ ok: true });
  });

  it('masks the token that completes a listed word, so the stream never carries it whole', () => {
    const seen: ModerationDecision[] = [];
    const m = new Moderator({ words: { en: ['gloom'] }, onDecision: (d) => seen.push(d) });
    // Character by character, as the char-level models stream.
    let verse = '';
    for (const ch of '秋风扪女来，the gloom, glooms') verse += m.token(verse, ch);
    expect(verse).toBe('秋风扪□来，the gloo*, gloo*s');
    expect(verse).not.toContain('扪女');
    expect(verse).not.toMatch(/gloom/);
    // A word inside another word is left alone at its start boundary: "ungloomy" does not start "gloom".
    let other = '';
    for (const ch of 'ungloomy') other += m.token(other, ch);
    expect(other).toBe('ungloomy');
    // Multi-character tokens are masked only where the word completes.
    expect(m.token('月下扪', '女行')).toBe('□行');
    expect(seen.filter((d) => d.target === 'token')).toHaveLength(4);
  });
});
