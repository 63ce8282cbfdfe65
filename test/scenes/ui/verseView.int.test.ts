/**
 * The DOM verse view (scenes/ui/verseView.ts, the text scene's and the console's) in real Chromium, bundled by
 * esbuild as the pages are, with no server: a copied line names its poet and poem under it and in its tooltip, in
 * English where the room reads English glosses and in Chinese otherwise; a copied line whose source is unknown says
 * so; a new line has no note; the kiosk's view (which lists sources itself) draws none.
 */
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../engine/projectRoot.ts';
import { launchBrowser } from '../../helpers/browser.ts';

let browser: Browser;
let bundle: string;

beforeAll(async () => {
  const out = await build({
    stdin: {
      contents: `import { VerseModel } from './scenes/ui/verseModel.ts'; import { VerseView } from './scenes/ui/verseView.ts'; Object.assign(window, { VerseModel, VerseView });`,
      resolveDir: PROJECT_ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
  });
  bundle = out.outputFiles[0]!.text;
  browser = await launchBrowser();
}, 120_000);
afterAll(() => browser?.close());

interface Line {
  text: string;
  copied?: boolean;
  source?: { poet: string; title: string };
  gloss?: string;
  pinyin?: string;
}

/** A page with one VerseView (`options`) showing `lines` as a finished verse; returns each line element's texts and tooltip. */
async function show(lines: Line[], options: Record<string, unknown> = {}): Promise<{ page: Page; shown: Array<{ text: string; notes: string[]; title: string | null; copied: boolean; mark: string[] }> }> {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><head></head><body><div id="root"></div></body></html>');
  await page.addScriptTag({ content: bundle });
  const shown = await page.evaluate(
    ({ lines, options }) => {
      type Ctor = new (...a: unknown[]) => Record<string, (...a: unknown[]) => unknown>;
      const w = window as unknown as { VerseModel: Ctor; VerseView: Ctor };
      const model = new w.VerseModel();
      const view = new w.VerseView(document.getElementById('root'), model, options);
      model.begin!({ id: 'v1', prompt: 'p', source: 'visitor', model: 'm' });
      let seq = 0;
      lines.forEach((l, index) => {
        for (const ch of l.text) model.token!({ id: 'v1', seq: seq++, text: ch, line: index });
        model.line!({ id: 'v1', index, ...l });
      });
      model.finish!({ id: 'v1', text: lines.map((l) => l.text).join(''), reason: 'done' });
      (view as unknown as { connected: boolean }).connected = true;
      view.render!();
      return [...document.querySelectorAll<HTMLElement>('.verse-line')].map((el) => ({
        text: el.firstChild?.textContent ?? '',
        notes: [...el.querySelectorAll('.verse-note')].map((n) => n.textContent ?? ''),
        title: el.getAttribute('title'),
        copied: el.classList.contains('copied'),
        // The copied mark: on the line itself, or at the end of its last note (never alone on a line under it).
        mark: [getComputedStyle(el, '::after').content, getComputedStyle(el.querySelector('.verse-note:last-child') ?? el, '::after').content],
      }));
    },
    { lines, options },
  );
  return { page, shown };
}

describe('VerseView: whose a copied line is', () => {
  it('names the poet and poem under a copied line and in its tooltip; a new line has none', async () => {
    const { page, shown } = await show([
      { text: '床前明月光，', copied: true, source: { poet: '李白', title: '静夜思' } },
      { text: '秋风满地黄。' },
    ]);
    expect(shown[0]).toMatchObject({ text: '床前明月光，', notes: ['— 李白《静夜思》'], title: 'This line is 李白’s, from 《静夜思》.', copied: true });
    expect(shown[0]!.mark).toEqual(['none', '" ◦"']);
    expect(shown[1]).toMatchObject({ text: '秋风满地黄。', notes: [], title: null, copied: false });
    expect(shown[1]!.mark[0]).toBe('none');
    await page.close();
  });

  it('in English when the line carries an English gloss (as the scroll scene says it); unknown sources said plainly', async () => {
    const { page, shown } = await show([
      { text: '白日依山尽，', copied: true, source: { poet: '王之涣', title: '登鹳雀楼' }, gloss: 'the white sun sets behind the mountains', pinyin: 'bái rì yī shān jìn' },
      { text: '黄河入海流。', copied: true },
    ]);
    expect(shown[0]!.notes).toEqual(['bái rì yī shān jìn · the white sun sets behind the mountains', '— this line is 王之涣’s, from 《登鹳雀楼》']);
    expect(shown[1]!.notes).toEqual(['— 前人诗句']);
    expect(shown[1]!.title).toBe('Found word for word in older poems.');
    await page.close();
  });

  it('the kiosk\'s view (sourceNotes: false) draws no note, the tooltip still names the poem', async () => {
    const { page, shown } = await show([{ text: '床前明月光，', copied: true, source: { poet: '李白', title: '静夜思' } }], { sourceNotes: false });
    expect(shown[0]).toMatchObject({ text: '床前明月光，', notes: [], title: 'This line is 李白’s, from 《静夜思》.', copied: true });
    // Without a note, the mark follows the line.
    expect(shown[0]!.mark[0]).toBe('"◦"');
    await page.close();
  });
});
