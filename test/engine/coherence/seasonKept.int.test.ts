/**
 * @module test/engine/coherence/seasonKept: the verse-craft issue's seed prompt `秋风吹落满地黄叶，` keeps to autumn in
 * every mode, drafting on and off, with the shipped Tang model behind a real worker: no verse names another season.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThemeTable } from '../../../engine/coherence/themeTable.ts';
import { verseWriter } from '../../../engine/verseWriter.ts';
import type { PromptMode } from '../../../engine/promptModes.ts';
import { realGenerator } from '../../helpers/realModel.ts';

const PROMPT = '秋风吹落满地黄叶，';
const MODES: PromptMode[] = ['opening', 'title', 'keywords', 'acrostic'];
const SEEDS = [1, 2, 3];

describe('the autumn seed prompt in every mode (real model)', () => {
  const { model, params, generator } = realGenerator('tang-poet-zh', { drafts: 4, tempo: 0 });
  const themes = ThemeTable.forModel(model.dir)!;
  beforeAll(() => generator.load(), 300_000);
  afterAll(() => generator.close());

  async function write(mode: PromptMode, seed: number): Promise<string> {
    const writer = verseWriter({ generator, model, prompt: PROMPT, mode, replay: false, params, judges: [] });
    let body = '';
    for await (const t of writer.stream(writer.opening, seed, new AbortController().signal)) body += t.text;
    return body;
  }

  for (const drafts of [4, 0]) {
    it(`names no season but autumn, drafting ${drafts ? 'on' : 'off'}`, async () => {
      params.set({ drafts }, 'test');
      const named: string[] = [];
      for (const mode of MODES) {
        for (const seed of SEEDS) {
          const verse = await write(mode, seed);
          expect(verse.length, `${mode} seed ${seed} wrote something`).toBeGreaterThan(8);
          const others = [...themes.seasonsIn(verse, false)].filter((s) => s !== 'autumn');
          if (others.length) named.push(`${mode}/${seed}: ${verse} (${others.join(', ')})`);
        }
      }
      expect(named).toEqual([]);
    }, 600_000);
  }
});
