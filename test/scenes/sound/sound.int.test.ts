/**
 * /sound in real Chromium: audio starts locked (browsers need a user gesture) and runs after a click;
 * a streamed verse schedules one note per character; the Web Audio node count stays flat over hundreds
 * of verses; and an installed machine's autoplay flag starts the sound without a gesture.
 */
import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ServerToClientEvents, VerseEnd, VerseStart } from '../../../protocol/events.ts';
import { client, next } from '../../helpers/installation.ts';
import { CHROMIUM_PATH, openPage, recordBodyData, recorded, waitForBodyData } from '../../helpers/browser.ts';
import { browserSuite } from '../../helpers/browserSuite.ts';

const s = browserSuite();

/** Counts every Web Audio node the page creates, through factory methods and constructors alike. */
async function countAudioNodes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { audioNodes: number } & Record<string, unknown>;
    w.audioNodes = 0;
    const proto = BaseAudioContext.prototype as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(BaseAudioContext.prototype)) {
      if (!name.startsWith('create') || name === 'createBuffer' || name === 'createPeriodicWave') continue;
      const orig = proto[name] as (...a: unknown[]) => unknown;
      proto[name] = function (this: BaseAudioContext, ...args: unknown[]) {
        w.audioNodes++;
        return orig.apply(this, args);
      };
    }
    for (const name of Object.getOwnPropertyNames(window)) {
      const ctor = w[name];
      if (typeof ctor !== 'function' || !/Node$/.test(name) || !(ctor.prototype instanceof AudioNode)) continue;
      w[name] = new Proxy(ctor, {
        construct(target, args, newTarget) {
          w.audioNodes++;
          return Reflect.construct(target, args, newTarget) as object;
        },
      });
    }
  });
}

/** Records the notes each verse reached (`data-verse` with `data-verse-notes`), however briefly it showed. */
async function recordVerseNotes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const byVerse: Record<string, number> = {};
    (window as unknown as { verseNotes: Record<string, number> }).verseNotes = byVerse;
    document.addEventListener('DOMContentLoaded', () => {
      new MutationObserver(() => {
        const { verse, verseNotes } = document.body.dataset;
        if (verse) byVerse[verse] = Math.max(byVerse[verse] ?? 0, Number(verseNotes ?? 0));
      }).observe(document.body, { attributes: true, attributeFilter: ['data-verse', 'data-verse-notes'] });
    });
  });
}

/** Keeps every AudioContext the page makes in `window.audioContexts`, so a test can suspend or close one as the OS would. */
async function keepAudioContexts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { audioContexts: AudioContext[]; AudioContext: typeof AudioContext };
    w.audioContexts = [];
    w.AudioContext = new Proxy(w.AudioContext, {
      construct(target, args, newTarget) {
        const ctx = Reflect.construct(target, args, newTarget) as AudioContext;
        w.audioContexts.push(ctx);
        return ctx;
      },
    });
  });
}

type Feed = { deliver: <E extends keyof ServerToClientEvents>(e: E, p: Parameters<ServerToClientEvents[E]>[0]) => void };

/** Feeds one 20-character verse to a `?feed=test` page, its tokens stamped `ageMs` in the past. */
function feedOne(page: Page, id: string, ageMs = 0): Promise<number> {
  return page.evaluate(
    ([id, ageMs]) => {
      const feed = (window as unknown as { inkverseSoundFeed: Feed }).inkverseSoundFeed;
      const lines = ['白日依山尽，', '黄河入海流。', '欲穷千里目，', '更上一层楼。'];
      feed.deliver('verse:start', { id, prompt: '', source: 'visitor', model: 'test' });
      let seq = 0;
      lines.forEach((text, line) => {
        for (const ch of text) feed.deliver('verse:token', { id, seq: seq++, text: ch, line, at: Date.now() - ageMs });
      });
      feed.deliver('verse:end', { id, text: lines.join(''), reason: 'done' });
      return Number(document.body.dataset.notes);
    },
    [id, ageMs] as const,
  );
}

const HAN = /\p{Script=Han}/gu;

describe('/sound', () => {
  it('is locked before a gesture, runs after a click, and schedules one note per character of a streamed verse', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/sound`, { beforeLoad: recordVerseNotes });
    expect(await page.getAttribute('body', 'data-audio')).toBe('locked');
    expect(await page.textContent('#enable')).toBe('Touch to start sound');
    await page.click('#enable');
    await waitForBodyData(page, 'audio', 'running');
    expect(await page.isVisible('#enable')).toBe(false);
    // Connected once the sound runs: the first verse it sees start is heard from its first token to its last.
    const watcher = client(s.inst, '/sound');
    try {
      const start = await next(watcher, 'verse:start');
      const end: VerseEnd = await next(watcher, 'verse:end', (p) => p.id === start.id);
      const chars = end.text.match(HAN)?.length ?? 0;
      expect(chars).toBeGreaterThan(0);
      const notesOf = (): Promise<number | undefined> => page.evaluate((id) => (window as unknown as { verseNotes: Record<string, number> }).verseNotes[id], start.id);
      await expect.poll(notesOf, { timeout: 60_000 }).toBe(chars);
      expect(Number(await page.getAttribute('body', 'data-notes'))).toBeGreaterThanOrEqual(chars);
      expect(errors).toEqual([]);
    } finally {
      watcher.close();
    }
  }, 240_000);

  it('keeps the same Web Audio node count after 200 verses as after 10 (verses fed by hand through a fake stream, ?feed=test)', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/sound?feed=test`, { beforeLoad: countAudioNodes });
    await page.click('#enable');
    await waitForBodyData(page, 'audio', 'running');
    const feedVerses = (from: number, count: number): Promise<{ nodes: number; notes: number }> =>
      page.evaluate(
        ([from, count]) => {
          const feed = (window as unknown as { inkverseSoundFeed: Feed }).inkverseSoundFeed;
          const lines = ['床前明月光，', '疑是地上霜。', '举头望明月，', '低头思故乡。'];
          for (let v = from; v < from + count; v++) {
            const id = `fed-${v}`;
            const start: VerseStart = { id, prompt: '', source: v % 3 === 0 ? 'visitor' : 'attract', model: 'test' };
            feed.deliver('verse:start', start);
            let seq = 0;
            lines.forEach((text, line) => {
              for (const ch of text) feed.deliver('verse:token', { id, seq: seq++, text: ch, line, entropy: (v % 7) * 0.8, at: Date.now() });
              feed.deliver('verse:line', { id, index: line, text });
            });
            feed.deliver('verse:end', { id, text: lines.join(''), reason: v % 5 === 0 ? 'skipped' : 'done' });
          }
          return { nodes: (window as unknown as { audioNodes: number }).audioNodes, notes: Number(document.body.dataset.notes) };
        },
        [from, count] as const,
      );
    const after10 = await feedVerses(0, 10);
    expect(after10.nodes).toBeGreaterThan(0);
    expect(after10.notes).toBe(10 * 20);
    const after200 = await feedVerses(10, 190);
    expect(after200.notes).toBe(200 * 20);
    expect(after200.nodes).toBe(after10.nodes);
    expect(errors).toEqual([]);
  }, 300_000); // 4,000 notes scheduled on 2 cores shared with training

  it('comes back after its audio is suspended or its device is lost, and skips tokens long past (verses fed by hand through a fake stream, ?feed=test)', async () => {
    const { page, errors } = await openPage(s.browser, `${s.inst.url}/sound?feed=test`, {
      beforeLoad: async (p) => {
        await keepAudioContexts(p);
        await recordBodyData(p, 'audio');
      },
    });
    await page.click('#enable');
    await waitForBodyData(page, 'audio', 'running');
    expect(await feedOne(page, 'r-1')).toBe(20);
    // The OS suspends the context (a throttled tab, a sleeping device): the page resumes it by itself.
    await page.evaluate(() => (window as unknown as { audioContexts: AudioContext[] }).audioContexts.at(-1)!.suspend());
    await expect.poll(() => recorded(page), { timeout: 60_000 }).toEqual(['locked', 'running', 'locked', 'running']);
    expect(await feedOne(page, 'r-2')).toBe(40);
    // The device is lost with its context: the page builds a new context and plays on.
    const before = await page.evaluate(() => (window as unknown as { audioContexts: AudioContext[] }).audioContexts.length);
    await page.evaluate(() => (window as unknown as { audioContexts: AudioContext[] }).audioContexts.at(-1)!.close());
    await page.waitForFunction((n) => (window as unknown as { audioContexts: AudioContext[] }).audioContexts.length > n && document.body.dataset.audio === 'running', before, { timeout: 60_000 });
    expect(await feedOne(page, 'r-3')).toBe(60);
    // Tokens whose moment passed long ago (a tab throttled for seconds) are not played in a burst.
    expect(await feedOne(page, 'r-4', 10_000)).toBe(60);
    expect(await page.getAttribute('body', 'data-verse-notes')).toBe('0');
    expect(errors).toEqual([]);
  }, 240_000);

  it('starts by itself where Chromium runs with --autoplay-policy=no-user-gesture-required', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${s.inst.url}/sound`);
      await waitForBodyData(page, 'audio', 'running');
      expect(await page.isVisible('#enable')).toBe(false);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
