/**
 * @module test/engine/drafting: verses as visitors get them from the real Tang model through the verse loop with
 * line drafting on: the visitor's opening begins the verse, an acrostic's lines start with its characters, no
 * verse or title shows `<unk>`, every shown line passes the line judges, and the form holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeVerse, type WrittenVerse } from '../helpers/writeVerse.ts';
import type { LineJudge } from '../../engine/lineJudge.ts';
import type { PromptMode } from '../../protocol/events.ts';
import { lineLengths, realGenerator } from '../helpers/realModel.ts';

const real = realGenerator('tang-poet-zh', { tempo: 0, verse_gap: 0, drafts: 4, temperature: 0.75, top_k: 40 });
const { generator } = real;
const UNKNOWN = '鿏';

/** Writes one verse for `prompt` through a fresh loop and returns what the room saw. */
const write = (prompt: string, mode?: PromptMode, judges: LineJudge[] = [], seed = 1): Promise<WrittenVerse> =>
  writeVerse(real, prompt, { mode, judges, seed, attract: ['秋风'] });

beforeAll(() => generator.load());
afterAll(() => generator.close());

describe('drafted verses from the real Tang model', () => {
  it('opening: 秋风吹落满地黄叶， begins the verse as the visitor wrote it, and the poem carries on in 7-character lines', async () => {
    const v = await write('秋风吹落满地黄叶，', 'opening');
    expect(v.start).toMatchObject({ prompt: '秋风吹落满地黄叶，', mode: 'opening' });
    expect(v.end.reason).toBe('done');
    expect(v.end.text.startsWith('秋风吹落满地黄叶，')).toBe(true);
    expect(v.lines[0]!.text).toBe('秋风吹落满地黄叶，');
    const written = lineLengths(v.end.text.slice('秋风吹落满地黄叶，'.length));
    expect(written.length).toBeGreaterThanOrEqual(3);
    expect(new Set(written)).toEqual(new Set([7]));
    // A complete form: four lines or eight.
    expect([4, 8]).toContain(v.lines.length);
  });

  it('acrostic: 春江花月 gives four lines starting 春, 江, 花, 月', async () => {
    const v = await write('春江花月', 'acrostic');
    expect(v.start.mode).toBe('acrostic');
    expect(v.lines.map((l) => l.text[0])).toEqual(['春', '江', '花', '月']);
    expect(new Set(lineLengths(v.end.text)).size).toBe(1);
  });

  it('no verse or title shows <unk>: unknown characters are reported, the prompt is shown as typed', async () => {
    for (const [prompt, mode] of [[`咖啡${UNKNOWN}`, undefined], [`${UNKNOWN}月照高楼，`, 'opening']] as const) {
      const v = await write(prompt, mode);
      expect(v.start.prompt).toBe(prompt);
      expect(v.start.unknown).toContain(UNKNOWN);
      expect(v.end.text).not.toContain('<unk>');
      for (const l of v.lines) expect(l.text).not.toContain('<unk>');
    }
  });

  it('every shown line passes the line judges: refused drafts are redrafted', async () => {
    const refused: string[] = [];
    const noWind: LineJudge = {
      name: 'moderation',
      judge: (line) => {
        // 山 is the title's own character (favoured in every draft), so some drafts are sure to be refused.
        if (!line.includes('山') && !line.includes('风')) return { ok: true };
        refused.push(line);
        return { ok: false, reason: 'moderated' };
      },
    };
    const v = await write('山居', 'title', [noWind], 3);
    expect(refused.length).toBeGreaterThan(0);
    expect(v.lines.length).toBeGreaterThan(0);
    for (const l of v.lines) {
      expect(l.text).not.toContain('山');
      expect(l.text).not.toContain('风');
    }
  });
});
