/**
 * @module headers: the security headers of every HTTP response, and the Content-Security-Policy of pages.
 *
 * Scripts come only from this server (`/assets/*.js`, bundled): no inline script, no `eval`, no event
 * handler attributes. Inline styles stay allowed: the pages keep their small `<style>` blocks and the scenes
 * set `style` attributes; a style cannot run code. Images, fonts, audio and workers may also come from
 * `blob:`/`data:` URLs, which three.js textures and Web Audio worklets create in the page itself.
 * Nothing may frame the pages (`frame-ancestors 'none'`: the console keeps its token in the page), and
 * no referrer leaves them.
 */
import type { ServerResponse } from 'node:http';

/** Directives of the pages' Content-Security-Policy, in the order they are sent. */
export const PAGE_CSP: Readonly<Record<string, string>> = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'media-src': "'self' data: blob:",
  'worker-src': "'self' blob:",
  // 'self' covers the page's own ws:// and wss:// origin (socket.io) in CSP level 3 browsers.
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
};

/** The CSP header value of a page. */
export function pageCsp(csp: Readonly<Record<string, string>> = PAGE_CSP): string {
  return Object.entries(csp)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}

/** Headers every response carries (set before the route writes its own). */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // For browsers that predate frame-ancestors; harmless elsewhere.
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const CSP_VALUE = pageCsp();

export function setCommonHeaders(res: ServerResponse): void {
  for (const [k, v] of Object.entries(COMMON_HEADERS)) res.setHeader(k, v);
}

/** Sets the page CSP (HTML responses only; scripts and JSON do not need it). */
export function setPageHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', CSP_VALUE);
}
