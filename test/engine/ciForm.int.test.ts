/**
 * @module test/engine/ciForm: ci to a tune. The prompt names its tune (refused with a code when it names none), and
 * the shipped Tang model, drafting as at the kiosk, writes to each of the 31 tunes' patterns: every line the tune's
 * length and end mark, rhyme places rhymed at least as often as the Song ci of that tune.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CiTunes } from '../../engine/ciTunes.ts';
import { checkPromptMode, planPrompt } from '../../engine/promptModes.ts';
import { verseWriter } from '../../engine/verseWriter.ts';
import { ProsodyTable } from '../../engine/prosody/prosodyTable.ts';
import { readProsodyProfile } from '../../engine/prosody/prosodyProfile.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { thrown } from '../helpers/thrown.ts';
import { realGenerator, registry } from '../helpers/realModel.ts';

const model = registry.get('tang-poet-zh');
const tunes = CiTunes.forModel(model.dir)!;
const corpus = JSON.parse(readFileSync(new URL('../../models/prosody/ci-tunes.json', import.meta.url), 'utf8')) as { tunes: Record<string, { corpusRhymeRate: number }> };

describe('naming the tune', () => {
  it('reads the tune and the theme, the longest tune name first', () => {
    expect(tunes.parse('如梦令 秋思')).toMatchObject({ tune: { name: '如梦令' }, theme: '秋思' });
    expect(tunes.parse('如梦令·秋思').theme).toBe('秋思');
    expect(tunes.parse('减字木兰花').tune.name).toBe('减字木兰花');
    expect(planPrompt('浣溪沙 春雨', model, 'ci').plan).toMatchObject({ lines: 6, tune: { lines: [7, 7, 7, 7, 7, 7] }, keywords: '春雨' });
  });

  it('refuses a ci prompt without a tune at submission, with a code and the tunes there are', () => {
    const err = thrown(() => checkPromptMode(model, 'ci', '秋风落叶'));
    expect(err).toBeInstanceOf(InkverseError);
    expect((err as InkverseError).code).toBe('INKVERSE_E_UNKNOWN_TUNE');
    expect((err as Error).message).toContain('浣溪沙');
    expect(checkPromptMode(model, 'ci', '如梦令 秋思')).toBe('ci');
  });
});

describe('ci written to the 31 tunes (real model, drafting on)', () => {
  const { params, generator } = realGenerator('tang-poet-zh', { drafts: 4, tempo: 0 });
  const table = ProsodyTable.load(readProsodyProfile(model.dir)!.tableFile!);
  beforeAll(() => generator.load(), 300_000);
  afterAll(() => generator.close());

  it('every line has its tune length and end, and rhyme places rhyme as often as the Song ci', async () => {
    const misses: string[] = [];
    let rhymed = 0;
    let pairs = 0;
    let corpusExpected = 0;
    for (const name of tunes.names) {
      const tune = tunes.get(name)!;
      const writer = verseWriter({ generator, model, prompt: `${name} 秋思`, mode: 'ci', replay: false, params, judges: [] });
      let text = '';
      for await (const t of writer.stream('', 7, new AbortController().signal)) text += t.text;
      const lines = text.match(/[^，。！？；]+[，。！？；]/gu) ?? [];
      const shape = lines.map((l) => `${[...l].length - 1}${l.at(-1)}`);
      const want = tune.lines.map((n, i) => `${n}${tune.ends[i]}`);
      if (shape.join(' ') !== want.join(' ')) misses.push(`${name}: ${text}`);
      let p = 0;
      for (let i = 0; i < tune.lines.length; i++) {
        for (let j = i + 1; j < tune.lines.length; j++) {
          if (!tune.rhyme[i] || tune.rhyme[i] !== tune.rhyme[j] || !lines[i] || !lines[j]) continue;
          p++;
          if (table.rhymes([...lines[i]!].at(-2)!, [...lines[j]!].at(-2)!)) rhymed++;
        }
      }
      pairs += p;
      corpusExpected += p * corpus.tunes[name]!.corpusRhymeRate;
    }
    expect(misses).toEqual([]);
    // Rhymed pairs at least as many as the Song ci's rate predicts for the same pairs.
    expect(rhymed).toBeGreaterThanOrEqual(Math.floor(corpusExpected));
  }, 900_000);
});
