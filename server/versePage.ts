/**
 * @module versePage: `/v/<code>`, one archived verse to take home: its prompt, the theme it became, each line
 * with pinyin, gloss and (for a line found in an existing poem) the poet and poem, the time it was written and
 * the share of new lines, in the language of the prompt (the kiosk's messages file), and its take-home (what its
 * signature proves; its record, music and image: takeHomeSection). Rendered on the server from the archive, every
 * value escaped, no inline script (one bundled module draws the image and plays the music), one style
 * block with a print sheet that fits one page. It shows that one verse and nothing else: an unknown or
 * malformed code gets the same plain 404 page.
 */
import { randomInt } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Archive } from '../engine/archive.ts';
import type { ArchivedVerse } from '../engine/archivedVerse.ts';
import type { LineAuthor, LineSourceView } from '../protocol/events.ts';
import { languageOf, MESSAGES } from '../scenes/kiosk/messages.ts';
import { takeHomeSection } from './provenance/takeHomeSection.ts';

/** Codes are drawn from an alphabet without look-alikes (no 0/o, 1/l/i). */
export const CODE_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
/**
 * Characters in a new code: 31^10, about 8e14 codes, so with a year of verses and lookups rate-limited per
 * address (`codeLookups.ts`) a guess finds one about once in a hundred billion tries.
 */
export const CODE_LENGTH = 10;
/** A code as issued now; codes of 6 characters issued before are still looked up (visitors keep their tickets). */
export const CODE_PATTERN = /^[2-9a-hjkmnp-z]{10}$/;
/** Any code that may name a verse: those issued now, and the 6-character ones issued before. */
export const KNOWN_CODE_PATTERN = /^(?:[2-9a-hjkmnp-z]{6}|[2-9a-hjkmnp-z]{10})$/;

export function newVerseCode(random: (n: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return code;
}

/** What the page shows beyond the archived verse, stored with its code. */
export interface VersePageRecord {
  theme?: string;
  lines: Array<{ text: string; gloss?: string; pinyin?: string; copied?: boolean; source?: LineSourceView; author?: LineAuthor }>;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
:root{color-scheme:light dark}
body{font:18px/1.5 "LXGW WenKai",system-ui,serif;max-width:34em;margin:2em auto;padding:0 1em;background:#0b0b0b;color:#f4f1ea}
h1{font-size:1em;font-weight:400;opacity:.7;margin:0 0 1.5em}
.prompt{font-size:1.1em;margin:0}.theme{opacity:.7;margin:.2em 0 1.5em}
ol{list-style:none;padding:0;margin:0}
li{margin:0 0 1em;break-inside:avoid}
.text{font-size:1.8em;letter-spacing:.05em;display:block}
.pinyin,.gloss,.source{display:block;font-size:.85em;opacity:.75}
.source{font-style:italic;opacity:.9}
.copied .text::after{content:" \\25E6";opacity:.6;font-size:.6em}
.visitor .text{font-style:italic;color:#ffd27a}.visitor .who{display:block;font-size:.75em;opacity:.8}
.history{margin-top:2em;font-size:.9em;opacity:.85}.history h2{font-size:1em;font-weight:400}.history ol{margin-bottom:1em}
.history li{margin:0}.history .text{font-size:1.2em}
footer{margin-top:2em;font-size:.85em;opacity:.7}
.takehome{margin-top:2em}.ink{margin:0}.ink canvas{width:100%;height:auto;display:block;border-radius:4px}
.actions a,.actions button{margin:.6em .8em .2em 0;display:inline-block;color:inherit;font:inherit}
.proof{font-size:.85em;opacity:.85}.proof h2{font-size:1em;margin:1.5em 0 .3em}
@media print{
  @page{size:A4;margin:18mm}
  body{background:#fff;color:#000;margin:0;max-width:none;font-size:12pt}
  .text{font-size:20pt}li{margin-bottom:.6em}
  h1,footer{opacity:1}
  .actions,.takehome canvas{display:none}
}`;

function page(title: string, body: string, lang = 'en'): string {
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/pkg/lxgw-wenkai-webfont/lxgwwenkai-regular.css"><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The earlier versions of a revised verse, oldest first, each line marked with who wrote it. */
function historyOf(earlier: readonly ArchivedVerse[], m: (typeof MESSAGES)['en']): string {
  if (earlier.length === 0) return '';
  const versions = earlier.map((v, i) => {
    const items = v.lines.map((text, j) => `<li${v.authors?.[j] === 'visitor' ? ' class="visitor"' : ''}><span class="text">${escapeHtml(text)}</span></li>`).join('');
    return `<h3>${escapeHtml(m.page.version(i + 1))}</h3><ol>${items}</ol>`;
  });
  return `<section class="history"><h2>${escapeHtml(m.page.history)}</h2>${versions.join('')}</section>`;
}

/** The page of `verse` (`earlier`: the versions it revised, oldest first). */
/** `takeHome`: the verse's code and signing key, for its signature, music and image (server/provenance/takeHomeSection.ts). */
export function renderVersePage(verse: ArchivedVerse, record: VersePageRecord, takeHome?: { code: string; keyId: string | null }, earlier: readonly ArchivedVerse[] = []): string {
  const m = MESSAGES[languageOf(verse.prompt)];
  const lines: VersePageRecord['lines'] = record.lines.length ? record.lines : verse.lines.map((text, i) => ({ text, author: verse.authors?.[i] }));
  const copied = lines.filter((l) => l.copied).length;
  const items = lines
    .map((l) => {
      const parts = [`<span class="text">${escapeHtml(l.text)}</span>`];
      if (l.pinyin) parts.push(`<span class="pinyin">${escapeHtml(l.pinyin)}</span>`);
      if (l.gloss) parts.push(`<span class="gloss">${escapeHtml(l.gloss)}</span>`);
      if (l.copied) parts.push(`<span class="source">${escapeHtml(l.source ? m.page.source(l.source.poet, l.source.title, l.source.dynasty) : m.copiedUnknown)}</span>`);
      if (l.author === 'visitor') parts.push(`<span class="who">${escapeHtml(m.page.yourLine)}</span>`);
      const cls = [l.copied ? 'copied' : '', l.author === 'visitor' ? 'visitor' : ''].filter(Boolean).join(' ');
      return `<li${cls ? ` class="${cls}"` : ''}${l.author ? ` data-author="${l.author}"` : ''}>${parts.join('')}</li>`;
    })
    .join('');
  const when = new Date(verse.endedAt);
  const time = Number.isNaN(when.getTime()) ? '' : when.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const share = lines.length ? m.page.share(lines.length - copied, lines.length) : '';
  // The model's name and the time go in as marked places, so the sentence is escaped whole and they as they are.
  const written = escapeHtml(m.page.writtenBy('\u0001', time ? '\u0002' : ''))
    .replace('\u0001', escapeHtml(verse.model))
    .replace('\u0002', `<time datetime="${escapeHtml(verse.endedAt)}">${escapeHtml(time)}</time>`);
  const body = `<h1>${escapeHtml(m.page.heading)}</h1>
<p class="prompt">“${escapeHtml(verse.prompt)}”</p><p class="theme">${record.theme ? escapeHtml(m.page.theme(record.theme)) : ''}</p>
<ol>${items}</ol>${historyOf(earlier, m)}
<footer><p class="originality">${escapeHtml(share)}</p><p>${written}</p></footer>`;
  const lang = /\p{Script=Han}/u.test(verse.text) ? 'zh' : 'en';
  const words = languageOf(verse.prompt) === 'zh' ? 'zh' : 'en'; // the take-home speaks the page's language, as the rest does
  return page(m.page.title, takeHome ? body + takeHomeSection(takeHome.code, takeHome.keyId, words) : body, lang);
}

export const NOT_FOUND_PAGE = page('inkverse · no such verse', '<h1>inkverse</h1><p>There is no verse under this code. Check the code on your ticket, or ask at the kiosk.</p><p>这个编号下没有诗。</p>');

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': status === 200 ? 'private, max-age=3600' : 'no-store' });
  res.end(body);
}

/** Answers `/v/<code>` (true) or leaves the route alone (false). */
export function serveVersePage(archive: Archive, route: string, res: ServerResponse): boolean {
  if (route !== '/v' && !route.startsWith('/v/')) return false;
  const code = route.slice(3);
  const found = KNOWN_CODE_PATTERN.test(code) ? archive.page(code) : null;
  if (!found) send(res, 404, NOT_FOUND_PAGE);
  else send(res, 200, renderVersePage(found.verse, found.page as VersePageRecord, { code, keyId: archive.seal(found.verse.id)?.keyId ?? null }, archive.history(found.verse.id).slice(0, -1)));
  return true;
}
