/**
 * The kiosk's own requests over a real socket.io connection (real installation, Tang model): its settings,
 * pinyin candidates and idea sparks; bad payloads are refused with INKVERSE_E_BAD_REQUEST, other pages cannot
 * ask. Idea sparks on their own follow the hour and the season, and what is typed so far.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import { LineAnnotator } from '../../engine/annotate/lineAnnotator.ts';
import { LanguageBridge } from '../../engine/bridge/languageBridge.ts';
import { IdeaSparks } from '../../engine/sparks/ideaSparks.ts';
import { next, request, useInstallation } from '../helpers/installation.ts';

const t = useInstallation({ kiosk: { idleSeconds: 45 } });

describe('kiosk requests', () => {
  it('kiosk:hello gives the idle time, example prompts, the model language and its verse modes', async () => {
    const kiosk = t.open('/kiosk');
    await next(kiosk, 'state');
    expect(await request(kiosk, 'kiosk:hello', {})).toEqual({
      ok: true,
      idleSeconds: 45,
      examples: expect.arrayContaining(['autumn wind over the river']),
      language: 'zh',
      modes: ['title', 'opening', 'acrostic', 'keywords', 'ci'],
      autoMode: true,
      // No kiosk texts overridden in this config, and English for prompts not in Chinese (kiosk.language's default).
      messages: {},
      visitorLanguage: 'en',
    });
  });

  it('pinyin:candidates offers 秋风 for qiufeng; a bad payload is refused with its code', async () => {
    const kiosk = t.open('/kiosk');
    await next(kiosk, 'state');
    const ack = await request<{ ok: true; candidates: Array<{ text: string; consumed: number }> }>(kiosk, 'pinyin:candidates', { text: 'qiufeng' });
    expect(ack.candidates[0]).toEqual({ text: '秋风', consumed: 7 });
    expect(await request(kiosk, 'pinyin:candidates', { text: 42 })).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_BAD_REQUEST' } });
    expect(await request(kiosk, 'pinyin:candidates', { text: 'a'.repeat(65) })).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_BAD_REQUEST' } });
  });

  it('sparks:get proposes themes from what is typed, with glosses', async () => {
    const kiosk = t.open('/kiosk');
    await next(kiosk, 'state');
    const ack = await request<{ ok: true; sparks: Array<{ text: string; gloss?: string }> }>(kiosk, 'sparks:get', { text: 'autumn' });
    expect(ack.sparks[0]).toEqual({ text: '秋', gloss: 'autumn' });
    expect(ack.sparks.slice(1, 4).every((s) => s.text.includes('秋'))).toBe(true);
  });

  it('other pages cannot ask the kiosk questions', async () => {
    const display = t.open('/display');
    await next(display, 'state');
    expect(await request(display, 'pinyin:candidates', { text: 'qiu' })).toMatchObject({ ok: false, error: { code: 'INKVERSE_E_UNKNOWN_EVENT' } });
  });
});

describe('IdeaSparks', () => {
  const bridge = LanguageBridge.forModel(path.join(PROJECT_ROOT, 'models/tang-poet-zh/tokenizer.json'));
  const sparks = new IdeaSparks({ bridge, annotator: LineAnnotator.load(), language: 'zh' });

  it('with nothing typed, follows the hour and the season', () => {
    const winterNight = sparks.sparks('', new Date(2026, 0, 10, 22));
    expect(winterNight.map((s) => s.text)).toEqual(['明月', '夜雨', '星河', '孤灯', '寒梅', '雪夜']);
    expect(winterNight[0]!.gloss).toBe('bright moon');
    const springDawn = sparks.sparks('', new Date(2026, 3, 10, 6)).map((s) => s.text);
    expect(springDawn.slice(0, 3)).toEqual(['晓色', '晨钟', '朝霞']);
    expect(springDawn).toContain('春雨');
  });

  it('a half-typed word sparks from the words before it; English models get English sparks', () => {
    expect(sparks.sparks('river wi', new Date(2026, 8, 1, 12))[0]!.text).toBe('江');
    const en = new IdeaSparks({ bridge: null, annotator: null, language: 'en' }).sparks('', new Date(2026, 9, 1, 19));
    expect(en.map((s) => s.text)).toEqual(['sunset', 'birds flying home', 'autumn wind', 'falling leaves', 'wild geese', 'harvest moon']);
  });
});
