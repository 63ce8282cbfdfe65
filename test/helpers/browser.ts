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

declare global {
  interface Window {
    /** [`<body data-verse>`, the verse text on screen] each time either changed (recordVerseText). */
    __shown: Array<[string | undefined, string]>;
  }
}

/**
 * Records, from the page's first script on, every state of the verse on screen (each `#verse .verse-line`'s
 * own text, whitespace removed, beside `<body data-verse>`), as it changes (MutationObserver: nothing polled).
 */
export async function recordVerseText(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__shown = [];
    const note = (): void => {
      const lines = [...document.querySelectorAll('#verse .verse-line')].map((e) => e.firstChild?.textContent ?? '');
      const entry: [string | undefined, string] = [document.body.dataset.verse, lines.join('').replace(/\s+/g, '')];
      const last = window.__shown.at(-1);
      if (!last || last[0] !== entry[0] || last[1] !== entry[1]) window.__shown.push(entry);
    };
    document.addEventListener('DOMContentLoaded', () => {
      note();
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-verse'] });
    });
  });
}

/** Waits until the page has shown `text` (compared without whitespace) as its whole verse; with `verse`, under that `data-verse`. */
export async function waitForVerseShown(page: Page, text: string, verse?: string, timeout = 60_000): Promise<void> {
  try {
    await page.waitForFunction(
      ([t, v]) => window.__shown.some(([id, shown]) => shown === t && (v === undefined || id === v)),
      [squash(text), verse] as const,
      { timeout },
    );
  } catch (err) {
    const shown = await page.evaluate(() => window.__shown.slice(-8)).catch(() => []);
    throw new Error(`The page never showed "${squash(text)}"${verse ? ` as verse ${verse}` : ''}; its last states: ${JSON.stringify(shown)}`, { cause: err });
  }
}

/** The texts recorded by recordVerseText while `<body data-verse>` was `verse`, in order. */
export async function shownFor(page: Page, verse: string): Promise<string[]> {
  return (await page.evaluate(() => window.__shown)).filter(([id]) => id === verse).map(([, text]) => text);
}

/** The values recorded by recordBodyData, in order. */
export function recorded(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
}

/** Text with all whitespace removed, to compare a verse on screen (one element per line) with the stream. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}
