/**
 * @module test/engine/couplets: English rhymed couplets as visitors get them from the real English model (real
 * worker, real ONNX model) through the verse loop with drafting: the visitor's words begin the first line, lines
 * come in pairs whose last words rhyme (by the same helper the drafter uses, prosody/englishMetre `linesRhyme`),
 * the verse ends only after a whole couplet, and no line is cut mid-word. `free` stays free verse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeVerse, type WrittenVerse } from '../helpers/writeVerse.ts';
import { systemClock } from '../../engine/clock.ts';
import { PromptQueue } from '../../engine/promptQueue.ts';
import { VerseLoop } from '../../engine/verseLoop.ts';
import { englishWords, linesRhyme, rhymePart } from '../../engine/prosody/englishMetre.ts';
import type { PromptMode, VerseEnd } from '../../protocol/events.ts';
import { realGenerator } from '../helpers/realModel.ts';

const real = realGenerator('verse-en', { tempo: 0, verse_gap: 0, drafts: 4, max_tokens: 120 });
const { model, params, generator } = real;

/** Writes one verse for `prompt` through a fresh loop and returns what the room saw. */
const write = (prompt: string, mode: PromptMode, seed: number): Promise<WrittenVerse> => writeVerse(real, prompt, { mode, seed, attract: ['The sea'] });

beforeAll(() => generator.load());
afterAll(() => generator.close());

const SEEDED: Array<[string, number]> = [
  ['autumn wind over the river', 1],
  ['the sea at night', 2],
  ['a letter never sent', 3],
  ['the first snow', 4],
  ['O night', 5],
];

describe('couplets from the real English model', () => {
  it.each(SEEDED)('"%s" (seed %i): lines in rhymed pairs, the verse ending after a whole couplet, no line cut mid-word', async (prompt, seed) => {
    const v = await write(prompt, 'couplets', seed);
    expect(v.start).toMatchObject({ prompt, mode: 'couplets' });
    expect(v.end.reason).toBe('done');
    // The visitor's words begin the first line.
    expect(v.end.text.startsWith(`${prompt} `)).toBe(true);
    // Every line is finished: the verse ends with a line break, after an even number of lines.
    expect(v.end.text.endsWith('\n'), JSON.stringify(v.end.text)).toBe(true);
    const lines = v.end.text.split('\n').slice(0, -1);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length % 2, JSON.stringify(lines)).toBe(0);
    // The lines shown are the verse's lines.
    expect(v.lines.map((l) => l.text.trim())).toEqual(lines.map((l) => l.trim()));
    for (let i = 0; i < lines.length; i += 2) {
      expect(linesRhyme(lines[i]!, lines[i + 1]!), `couplet ${i / 2 + 1} does not rhyme: ${lines[i]} / ${lines[i + 1]}`).toBe(true);
    }
    for (const line of lines) {
      // A line ends on a whole word: its last word is a dictionary word, followed by nothing but punctuation.
      const last = englishWords(line).at(-1) ?? '';
      expect(rhymePart(last), `"${line}" ends on "${last}", not a word`).not.toBeNull();
      expect(line.trimEnd().slice(line.toLowerCase().lastIndexOf(last) + last.length)).toMatch(/^[^\p{L}\p{N}]*$/u);
      expect(englishWords(line).length).toBeGreaterThanOrEqual(3);
    }
  }, 300_000);

  it('a performer\'s words injected after the first line: the line they begin still rhymes with it, pairs hold', async () => {
    const queue = new PromptQueue();
    const { id } = queue.submit('the sea at night', 'visitor', 'kiosk', 'couplets');
    const loop = new VerseLoop({ generator, model, params, queue, clock: systemClock, seed: 7, attract: ['The sea'] });
    let injected = false;
    loop.events.on('verse:line', (l) => {
      if (l.id !== id || injected) return;
      injected = true;
      loop.inject('under the moon');
    });
    const end = new Promise<VerseEnd>((resolve) => loop.events.on('verse:end', (e) => e.id === id && resolve(e)));
    loop.start();
    const e = await end;
    await loop.close();
    expect(injected).toBe(true);
    expect(e.text).toContain('under the moon');
    expect(e.text.endsWith('\n'), JSON.stringify(e.text)).toBe(true);
    const lines = e.text.split('\n').slice(0, -1);
    expect(lines.length % 2, JSON.stringify(lines)).toBe(0);
    for (let i = 0; i < lines.length; i += 2) expect(linesRhyme(lines[i]!, lines[i + 1]!), `${lines[i]} / ${lines[i + 1]}`).toBe(true);
  }, 300_000);

  it('free verse stays free: mode `free`, the prompt continued as it was before couplets', async () => {
    const v = await write('the sea at night', 'free', 2);
    expect(v.start).toMatchObject({ prompt: 'the sea at night', mode: 'free' });
    expect(v.end.text.startsWith('the sea at night ')).toBe(true);
    expect(v.end.reason).toBe('done');
  }, 300_000);
});
