/**
 * The take-away page speaks the language of the verse's prompt, from the kiosk's messages file: a Chinese
 * prompt gets a Chinese page (heading, theme, whose a copied line is, share of new lines, when and by which
 * model), an English prompt an English one; values stay escaped in both.
 */
import { describe, expect, it } from 'vitest';
import type { ArchivedVerse } from '../../engine/archivedVerse.ts';
import { renderVersePage } from '../../server/versePage.ts';

const verse = (prompt: string): ArchivedVerse => ({
  id: 'x', prompt, source: 'visitor', model: 'tang-poet-zh', device: 'cpu', seed: 1, params: {}, text: '春眠不觉晓，江上一孤舟。', lines: ['春眠不觉晓，', '江上一孤舟。'],
  reason: 'done', startedAt: '2026-11-29T01:00:00Z', endedAt: '2026-11-29T01:00:09Z', firstTokenMs: 5, tokens: 12, paramChanges: [],
});
const record = {
  theme: '春',
  lines: [
    { text: '春眠不觉晓，', pinyin: 'chūn mián bù jué xiǎo', gloss: 'spring sleep', copied: true, source: { poet: '孟浩然', title: '春晓', dynasty: 'tang' as const } },
    { text: '江上一孤舟。', pinyin: 'jiāng shàng yī gū zhōu', gloss: 'a lone boat on the river' },
  ],
};

describe('/v/<code> in the visitor\'s language', () => {
  it('a Chinese prompt gets a Chinese page', () => {
    const html = renderVersePage(verse('春眠不觉晓'), record);
    expect(html).toContain('<title>墨诗 · 你的诗</title>');
    expect(html).toContain('<h1>墨诗 · 为你写的诗</h1>');
    expect(html).toContain('<p class="theme">成了诗题：春</p>');
    expect(html).toContain('<span class="source">此句出自唐·孟浩然《春晓》。</span>');
    expect(html).toContain('<p class="originality">2 句中有 1 句是新写的，1 句见于前人诗中。</p>');
    expect(html).toContain('<p>由模型 tang-poet-zh 写于 <time datetime="2026-11-29T01:00:09Z">2026-11-29 01:00 UTC</time>。</p>');
    expect(html).toContain('<span class="gloss">a lone boat on the river</span>');
  });

  it('an English prompt gets an English page, and a model name is escaped in either', () => {
    const html = renderVersePage({ ...verse('spring sleep'), model: '<m>' }, record);
    expect(html).toContain('<h1>inkverse · a verse written for you</h1>');
    expect(html).toContain('<p class="theme">became the theme 春</p>');
    expect(html).toContain('<span class="source">This line is 孟浩然&#39;s, from “春晓” (Tang).</span>');
    expect(html).toContain('<p class="originality">1 of 2 lines are new; 1 is found in existing poems.</p>');
    expect(html).toContain('<p>Written by the model &#60;m&#62; on <time datetime="2026-11-29T01:00:09Z">2026-11-29 01:00 UTC</time>.</p>');
    expect(html).not.toContain('<m>');
  });
});
