/**
 * @module bench/keystroke: kiosk keystroke-to-paint in real Chromium (playwright-core, headless) against a running
 * installation (shipped Tang model writing attract verses at reading pace). For each keystroke, the time from the
 * input event's own timestamp (`event.timeStamp` of the first keydown / pointerdown / beforeinput it caused) to the
 * frame that shows it: once the page shows the keystroke (the prompt box's value, the pinyin buffer, the candidate
 * row), a requestAnimationFrame callback posts a message to itself, and that message runs after the frame's style,
 * layout and paint. Four kinds: a Latin letter typed into the prompt box, a Chinese character put in without an
 * input method (CDP insertText, as a system IME commits one), a pinyin letter tapped on the on-screen keyboard
 * (shown in the pinyin buffer), and the candidates that tap brings (a round trip to the server's pinyin look-up).
 * Chromium's own measure is kept beside them as a cross-check: the Event Timing API's interaction entries
 * (PerformanceObserver 'event': input timestamp to the next paint after the handlers, in steps of 8 ms; only those of
 * 16 ms or more are reported), the longest and how many took 50 ms or more. The peer: a bare `<textarea>` page in
 * the same browser, typed the same way, in rounds that alternate with the kiosk (keystroke_ratio = its p50 / the
 * kiosk's per round, Latin letters); a third page, the bare one in the kiosk's web font, tells the font's share.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { parseConfig } from '../config/loadConfig.ts';
import { startInstallation } from '../server/installation.ts';
import { launchBrowser } from '../scripts/chromium.ts';
import type { BenchDefinition, BenchOutcome, Figure } from './benchDefinition.ts';
import { percentile, stats } from './benchReport.ts';
import { KEYSTROKE_PROBE } from './keystrokeProbe.ts';

export interface KeystrokeOptions {
  /** Keystrokes measured per kind; default 100. */
  keystrokes: number;
  /** Untimed keystrokes first (the page's first layouts, font loads, JIT); default 10. */
  warmup: number;
  /** Rounds that alternate the kiosk and the bare page (the keystrokes of a kind split among them); default 4. */
  rounds: number;
  /** Seed of the pauses before keystrokes; default 20. */
  seed: number;
}

const DEFAULTS = { keystrokes: 100, warmup: 10, rounds: 4, seed: 20 } satisfies KeystrokeOptions;
/** `--quick`: 30 keystrokes a kind, one round. */
const QUICK = { keystrokes: 30, warmup: 5, rounds: 1 } satisfies Partial<KeystrokeOptions>;

type Kind = 'latin' | 'cjk' | 'pinyin' | 'candidates';

interface Sample {
  /** Input event -> the page's script has put the keystroke on the page. */
  shownMs: number;
  /** Input event -> after the paint of the frame that shows it. */
  paintMs: number;
  /** Input event -> that frame's requestAnimationFrame callbacks (the rest, to paintMs, is its style, layout and paint). */
  frameMs: number;
}

/** Longest wait for a keystroke to show, in ms: one never shown is a bug in the bench, said so. */
const SHOW_TIMEOUT_MS = 30_000;

/** Pauses of 0–17 ms (one frame), seeded so that two runs wait the same: a keystroke lands anywhere in a frame, as a person's does. */
function framePauses(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 17;
}

/** A page under test and the pauses before its keystrokes. */
interface Typist {
  page: Page;
  pause: () => number;
}

/**
 * Arms the probe, runs the keystroke, and waits for the frame that shows it. A random pause of up to one frame
 * first: without it each keystroke would follow the last one's paint by the same few milliseconds, always at the
 * same point of the frame.
 */
async function measure({ page, pause }: Typist, kind: Kind, stroke: () => Promise<void>): Promise<Sample> {
  await new Promise((resolve) => setTimeout(resolve, pause()));
  await page.evaluate((k) => (window as unknown as { __k2p: { arm(k: string): void } }).__k2p.arm(k), kind);
  await stroke();
  const r = await page.evaluate(
    (ms) => Promise.race([(window as unknown as { __k2p: { done: Promise<[number, number, number]> } }).__k2p.done, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]),
    SHOW_TIMEOUT_MS,
  );
  if (!r) throw new Error(`bench keystroke: a ${kind} keystroke was not shown within ${SHOW_TIMEOUT_MS} ms`);
  return { shownMs: r[0], paintMs: r[1], frameMs: r[2] };
}

/** Taps an on-screen key with the mouse (pointerdown, as a finger does). */
async function tap(page: Page, key: string): Promise<void> {
  const el = page.locator(`#keyboard [data-key="${key}"]`);
  await el.scrollIntoViewIfNeeded();
  const box = await el.boundingBox();
  if (!box) throw new Error(`bench keystroke: the on-screen key "${key}" is not on screen`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

const clearPrompt = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const t = document.querySelector('textarea')!;
    t.value = '';
    t.dispatchEvent(new Event('input', { bubbles: true }));
  });

/** Typed into the focused prompt box: Latin letters with key presses, Chinese characters with insertText. */
async function typeInto(t: Typist, kind: 'latin' | 'cjk', n: number): Promise<Sample[]> {
  const { page } = t;
  const latin = 'autumnwindoverriver';
  const han = '秋风明月江南孤舟春山夜雨';
  const out: Sample[] = [];
  await page.focus('textarea');
  for (let i = 0; i < n; i++) {
    if (i % 40 === 39) await clearPrompt(page);
    const s = kind === 'latin' ? await measure(t, kind, () => page.keyboard.press(latin[i % latin.length]!)) : await measure(t, kind, () => page.keyboard.insertText(han[i % han.length]!));
    out.push(s);
  }
  return out;
}

/** Pinyin on the on-screen keyboard: each letter timed to the buffer, and (on its own tap) to its candidates. */
async function pinyin(t: Typist, n: number): Promise<{ letters: Sample[]; candidates: Sample[] }> {
  const { page } = t;
  const syllables = ['qiu', 'feng', 'ming', 'yue', 'jiang', 'nan', 'chun', 'shan'];
  const letters: Sample[] = [];
  const candidates: Sample[] = [];
  if ((await page.getAttribute('[data-key="mode"]', 'aria-pressed')) !== 'true') await tap(page, 'mode'); // 拼音
  await page.waitForFunction(() => document.querySelector('[data-key="mode"]')?.getAttribute('aria-pressed') === 'true');
  for (let w = 0; letters.length < n || candidates.length < n; w++) {
    const word = syllables[w % syllables.length]!;
    for (const [i, c] of [...word].entries()) {
      // Alternate which probe a tap feeds, so each kind sees every position in a syllable.
      const kind: Kind = (w + i) % 2 === 0 ? 'pinyin' : 'candidates';
      (kind === 'pinyin' ? letters : candidates).push(await measure(t, kind, () => tap(page, c)));
    }
    // Space takes the first candidate (untimed), once the last letter's candidates are there.
    await page.waitForFunction((b) => document.getElementById('pinyin')?.textContent === b && document.querySelector('#candidates button') !== null, word);
    await tap(page, 'space');
    // A candidate that took fewer letters than typed leaves the rest in the buffer: erase it.
    while ((await page.textContent('#pinyin')) !== '') await tap(page, 'backspace');
    if (w % 8 === 7) await clearPrompt(page);
  }
  return { letters: letters.slice(0, n), candidates: candidates.slice(0, n) };
}

const BARE_PAGE = `<!doctype html><meta charset="utf-8"><textarea style="font-size:32px;width:90%;height:6em"></textarea>`;
/** The bare page with the kiosk's web font, from the installation's own assets. */
const fontPageHtml = (url: string): string =>
  `<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="${url}/assets/pkg/lxgw-wenkai-webfont/lxgwwenkai-regular.css"><textarea style="font: 32px 'LXGW WenKai';width:90%;height:6em"></textarea>`;

type Side = 'kiosk' | 'bare' | 'font';

export interface KeystrokeResult {
  samples: Record<Kind, Sample[]>;
  bare: Record<'latin' | 'cjk', Sample[]>;
  /** The bare page with the kiosk's web font (LXGW WenKai) on its textarea: what the font alone costs. */
  font: Record<'latin' | 'cjk', Sample[]>;
  /** Each round's samples, per page. */
  rounds: Array<Record<Side, Record<'latin' | 'cjk', Sample[]>>>;
  /** Event Timing interaction entries of 16 ms or more (name, duration) on the kiosk page. */
  slowEvents: Array<[string, number]>;
}

export async function benchKeystroke(options: Partial<KeystrokeOptions> = {}): Promise<KeystrokeResult> {
  const o = { ...DEFAULTS, ...options };
  const config = parseConfig({
    server: { port: 0, host: '127.0.0.1' },
    osc: { port: 0, host: '127.0.0.1' },
    data: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-keys-')),
    log: { level: 'warn' },
  });
  const [inst, browser] = await Promise.all([startInstallation({ config, configDir: mkdtempSync(path.join(os.tmpdir(), 'inkverse-bench-cfg-')) }), launchBrowser()]);
  try {
    await inst.ready;
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.addInitScript(KEYSTROKE_PROBE);
    await page.goto(`${inst.url}/kiosk?idle=3600`);
    await page.waitForSelector('#keyboard [data-key="q"]');
    await page.waitForFunction(() => document.body.dataset.state === 'idle');
    const barePage = await browser.newPage();
    await barePage.setContent(BARE_PAGE);
    await barePage.evaluate(KEYSTROKE_PROBE);
    const fontPage = await browser.newPage();
    await fontPage.setContent(fontPageHtml(inst.url));
    await fontPage.evaluate(() => document.fonts.ready);
    await fontPage.evaluate(KEYSTROKE_PROBE);
    const kiosk: Typist = { page, pause: framePauses(o.seed) };
    const bare: Typist = { page: barePage, pause: framePauses(o.seed + 1) };
    const font: Typist = { page: fontPage, pause: framePauses(o.seed + 2) };
    // Untimed warm-up of every page, then rounds that alternate them.
    for (const p of [kiosk, bare, font]) for (const kind of ['latin', 'cjk'] as const) await typeInto(p, kind, o.warmup);
    const per = Math.ceil(o.keystrokes / o.rounds);
    const rounds: KeystrokeResult['rounds'] = [];
    for (let r = 0; r < o.rounds; r++) {
      const none = (): Record<'latin' | 'cjk', Sample[]> => ({ latin: [], cjk: [] });
      const round: Record<Side, Record<'latin' | 'cjk', Sample[]>> = { kiosk: none(), bare: none(), font: none() };
      for (const kind of ['latin', 'cjk'] as const) {
        for (const [name, p] of [['kiosk', kiosk], ['bare', bare], ['font', font]] as const) {
          await clearPrompt(p.page);
          round[name][kind] = await typeInto(p, kind, per);
        }
      }
      rounds.push(round);
    }
    const py = await pinyin(kiosk, o.keystrokes + o.warmup);
    const slowEvents = await page.evaluate(() => (window as unknown as { __k2p: { slow: Array<[string, number]> } }).__k2p.slow);
    const all = (side: Side, kind: 'latin' | 'cjk'): Sample[] => rounds.flatMap((r) => r[side][kind]);
    return {
      samples: { latin: all('kiosk', 'latin'), cjk: all('kiosk', 'cjk'), pinyin: py.letters.slice(o.warmup), candidates: py.candidates.slice(o.warmup) },
      bare: { latin: all('bare', 'latin'), cjk: all('bare', 'cjk') },
      font: { latin: all('font', 'latin'), cjk: all('font', 'cjk') },
      rounds,
      slowEvents,
    };
  } finally {
    await browser.close();
    await inst.close();
  }
}

const LABELS: Record<Kind, string> = {
  latin: 'Latin letter into the prompt box (key press)',
  cjk: 'Chinese character without an input method (insertText)',
  pinyin: 'pinyin letter on the on-screen keyboard -> pinyin buffer',
  candidates: 'pinyin letter on the on-screen keyboard -> its candidates (server look-up)',
};

const q = (xs: readonly number[], p: number): number => Math.round(percentile([...xs].sort((a, b) => a - b), p) * 10) / 10;

/** The figures and BENCHMARKS.md table of a keystroke run. */
export function keystrokeOutcome(r: KeystrokeResult, log: (message: string) => void = () => undefined): BenchOutcome {
  const figures: Record<string, Figure> = {};
  const rows: string[] = [];
  const row = (label: string, xs: Sample[]): string =>
    `| ${label} | ${xs.length} | ${q(xs.map((s) => s.shownMs), 0.5)} ms | ${q(xs.map((s) => s.frameMs - s.shownMs), 0.5)} ms | ${q(xs.map((s) => s.paintMs - s.frameMs), 0.5)} ms | ${q(xs.map((s) => s.paintMs), 0.5)} ms | ${q(xs.map((s) => s.paintMs), 0.99)} ms | ${q(xs.map((s) => s.paintMs), 1)} ms |`;
  for (const kind of Object.keys(LABELS) as Kind[]) {
    const paint = r.samples[kind].map((s) => s.paintMs);
    figures[`keystroke_${kind}_p50_ms`] = q(paint, 0.5);
    figures[`keystroke_${kind}_p99_ms`] = q(paint, 0.99);
    rows.push(row(`kiosk: ${LABELS[kind]}`, r.samples[kind]));
  }
  for (const kind of ['latin', 'cjk'] as const) {
    figures[`keystroke_bare_${kind}_p50_ms`] = q(r.bare[kind].map((s) => s.paintMs), 0.5);
    figures[`keystroke_bare_${kind}_p99_ms`] = q(r.bare[kind].map((s) => s.paintMs), 0.99);
    rows.push(row(`bare \`<textarea>\` page: ${LABELS[kind]}`, r.bare[kind]));
    figures[`keystroke_font_${kind}_p50_ms`] = q(r.font[kind].map((s) => s.paintMs), 0.5);
    rows.push(row(`bare \`<textarea>\` in the kiosk's web font: ${LABELS[kind]}`, r.font[kind]));
  }
  // Per round: the bare page's p50 over the kiosk's, both typed within seconds of each other.
  const perRound = (kind: 'latin' | 'cjk'): number[] => r.rounds.map((x) => q(x.bare[kind].map((s) => s.paintMs), 0.5) / q(x.kiosk[kind].map((s) => s.paintMs), 0.5));
  figures.keystroke_ratio = stats(perRound('latin'));
  figures.keystroke_cjk_ratio = stats(perRound('cjk'));
  const slowest = [...r.slowEvents].sort((a, b) => b[1] - a[1])[0];
  figures.keystroke_event_timing_max_ms = slowest?.[1] ?? 0;
  figures.keystroke_event_timing_over_50ms = r.slowEvents.filter(([, d]) => d >= 50).length;
  log(`latin p50 ${figures.keystroke_latin_p50_ms} ms (bare ${figures.keystroke_bare_latin_p50_ms}), pinyin candidates p50 ${figures.keystroke_candidates_p50_ms} ms`);
  return {
    figures,
    markdown: [
      `## Kiosk keystroke to paint (headless Chromium, 1280x800, installation writing at reading pace; ${r.samples.latin.length} keystrokes a kind, ${r.rounds.length} round${r.rounds.length === 1 ? '' : 's'} alternating with the bare page)`,
      '',
      'From the input event\'s timestamp to the frame that shows the keystroke (requestAnimationFrame once the page shows it, then a posted message: after that frame\'s paint). "Shown": the page\'s script has put it on the page; "wait for frame": from then to the frame\'s rAF callbacks; "frame work": from those to after the paint (style, layout, paint). Medians of each part do not add up to the median of the whole.',
      '',
      '| keystroke | n | shown p50 | wait for frame p50 | frame work p50 | painted p50 | painted p99 | max |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      `keystroke_ratio (bare page p50 / kiosk p50, Latin letters): ${(figures.keystroke_ratio as { median: number }).median}; Chinese characters: ${(figures.keystroke_cjk_ratio as { median: number }).median}. ` +
        `Chromium's Event Timing on the kiosk page: ${r.slowEvents.length} interaction entries of 16 ms or more, ${figures.keystroke_event_timing_over_50ms} of 50 ms or more${slowest ? `, the longest ${slowest[1]} ms (${slowest[0]})` : ''}.`,
    ],
  };
}

/** `npm run bench -- keystroke`. */
export const bench: BenchDefinition = {
  run: async ({ quick, log }) => keystrokeOutcome(await benchKeystroke(quick ? QUICK : {}), log),
};
