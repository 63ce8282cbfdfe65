/**
 * @module browser (test helper): Debian's Chromium driven by playwright-core, headless and offline.
 * `npx playwright install` cannot download browsers here; scripts/ensure-test-deps.mjs installs
 * /usr/bin/chromium instead, before vitest starts.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export { CHROMIUM_PATH, launchBrowser, type LaunchOptions } from '../../scripts/chromium.ts';

/**
 * Opens a page in a fresh context (its own localStorage) and collects uncaught page errors, so a
 * test can assert the page ran without throwing. `beforeLoad` runs first (init scripts, storage).
 */
export async function openPage(
  browser: Browser,
  url: string,
  options: { viewport?: { width: number; height: number }; beforeLoad?: (page: Page) => Promise<unknown> } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  contexts.add(context);
  const page = await context.newPage();
  // Pages load slowly while SwiftShader draws WebGL on the same 2 loaded cores.
  page.setDefaultNavigationTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await options.beforeLoad?.(page);
  await page.goto(url);
  return { page, errors };
}

const contexts = new Set<BrowserContext>();

/** Closes every page opened with openPage (call in afterEach), so each test starts with only its own clients. */
export async function closePages(): Promise<void> {
  const open = [...contexts];
  contexts.clear();
  await Promise.all(open.map((c) => c.close()));
}

/** Waits until `<body data-NAME>` has one of the values; returns the value reached. */
export async function waitForBodyData(page: Page, name: string, values: string | string[], timeout = 60_000): Promise<string> {
  const wanted = Array.isArray(values) ? values : [values];
  const handle = await page.waitForFunction(
    ([n, w]) => {
      const v = document.body.dataset[n as string];
      return v !== undefined && (w as string[]).includes(v) ? v : false;
    },
    [name, wanted] as const,
    { timeout },
  );
  return (await handle.jsonValue()) as string;
}

/**
 * Records every value `<body data-NAME>` takes from the first script on, so a test can check a
 * sequence of states even when some last only a few milliseconds.
 */
export async function recordBodyData(page: Page, name: string): Promise<void> {
  await page.addInitScript((n: string) => {
    const seen: string[] = [];
    (window as unknown as { __seen: string[] }).__seen = seen;
    const note = (): void => {
      const v = document.body?.dataset[n];
      if (v !== undefined && seen[seen.length - 1] !== v) seen.push(v);
    };
    document.addEventListener('DOMContentLoaded', () => {
      note();
      new MutationObserver(note).observe(document.body, { attributes: true, attributeFilter: [`data-${n}`] });
    });
  }, name);
}

/** The values recorded by recordBodyData, in order. */
export function recorded(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
}

/** Text with all whitespace removed, to compare a verse on screen (one element per line) with the stream. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}
