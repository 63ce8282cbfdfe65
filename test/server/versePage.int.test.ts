/**
 * `/v/<code>`: a finished verse's take-away page, rendered on the server from the archive with its glosses and
 * pinyin, every value escaped, no inline script; unknown and malformed codes get a 404 page. The kiosk hears the code
 * (`verse:code`) with the page's LAN address and a QR code of it.
 */
import { describe, expect, it } from 'vitest';
import type { PromptAck, VerseCode } from '../../protocol/events.ts';
import { CODE_PATTERN, renderVersePage } from '../../server/versePage.ts';
import { next, request, useInstallation } from '../helpers/installation.ts';

const t = useInstallation({ kiosk: { publicUrl: 'http://192.168.7.20:8080' } });

async function writeVerse(text: string): Promise<{ id: string; code: VerseCode }> {
  const kiosk = t.open('/kiosk');
  await next(kiosk, 'state');
  const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text });
  expect(ack.ok).toBe(true);
  const id = (ack as { id: string }).id;
  return { id, code: await next(kiosk, 'verse:code', (c) => c.id === id) };
}

describe('/v/<code>', () => {
  it('renders an archived verse with its prompt, theme, lines, pinyin, glosses, time and share of new lines', async () => {
    const { id, code } = await writeVerse('the moon over the mountains');
    expect(code.code).toMatch(CODE_PATTERN);
    expect(code.url).toBe(`http://192.168.7.20:8080/v/${code.code}`);
    expect(code.qr).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const res = await fetch(`${t.inst.url}/v/${code.code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    const verse = t.inst.archive.get(id)!;
    expect(html).toContain('“the moon over the mountains”');
    expect(html).toContain('became the theme 月山上');
    for (const line of verse.lines) expect(html).toContain(line);
    expect(html).toMatch(/<span class="pinyin">[a-zāáǎàēéěèīíǐìōóǒòūúǔù ]+<\/span>/);
    expect(html).toMatch(/<span class="gloss">[^<]*[a-z]{3}/);
    expect(html).toMatch(/\d+ of \d+ lines are new/);
    expect(html).toContain(`<time datetime="${verse.endedAt}">`);
    expect(html).toContain('@media print');
    // No inline script and no handler attributes: the one script is the bundled module that draws the image and plays the music.
    expect(html.match(/<script[^>]*>/gi)).toEqual(['<script type="module" src="/assets/verse.js">']);
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).toContain('Signed by this installation');
    expect(html).toContain(`/v/${code.code}.json`);
    // Only that verse: no other verse of the archive appears on it.
    for (const other of t.inst.archive.list(50)) if (other.id !== id) for (const l of other.lines) if (!verse.lines.includes(l)) expect(html).not.toContain(l);
  });

  it('unknown and malformed codes get the same 404 page, never a stack or JSON', async () => {
    for (const path of ['/v/zzzzzz', '/v/ABC', '/v/abc%3Cscript%3E', '/v/', '/v/22222222', '/v/..%2F..%2Fetc']) {
      const res = await fetch(`${t.inst.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/);
      expect(await res.text(), path).toContain('There is no verse under this code');
    }
  });

  it('escapes everything it shows', () => {
    const html = renderVersePage(
      { id: 'x', prompt: '<script>alert(1)</script>', source: 'visitor', model: 'm"<', device: 'cpu', seed: 1, params: {}, text: 'a', lines: ['a'], reason: 'done', startedAt: '2026-11-28T00:00:00Z', endedAt: '2026-11-28T00:00:05Z', firstTokenMs: 1, tokens: 1, paramChanges: [] },
      { theme: '"><img src=x onerror=alert(1)>', lines: [{ text: '<b>秋</b>', gloss: '<i>autumn</i>', pinyin: 'qiū', copied: true, source: { poet: '<李白>', title: '"静夜思"' } }] },
    );
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('&#60;李白&#62;');
    expect(html).toContain('0 of 1 lines are new; 1 is found in existing poems.');
  });
});
