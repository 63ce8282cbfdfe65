import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTemplate } from '../../engine/modelRegistry.ts';
import { Segmenter } from '../../engine/segmenter.ts';
import { collect, realGenerator } from '../helpers/realModel.ts';

const { model, params, generator } = realGenerator('verse-en', { max_tokens: 120 });

beforeAll(() => generator.load());
afterAll(() => generator.close());

describe('the shipped English verse model (real worker, real ONNX model)', () => {
  it('continues a prompt as lines of English verse', async () => {
    const text = (await collect(generator.generate({ input: applyTemplate(model, 'The autumn wind'), body: '', seed: 1 }))).join('');
    const segmenter = new Segmenter(model.lineBreaks);
    segmenter.push(text);
    segmenter.flush();
    const words = text.match(/[A-Za-z]+/g) ?? [];
    expect(words.length).toBeGreaterThan(8);
    // Mostly letters, spaces and verse punctuation: English, not noise.
    const letters = [...text].filter((c) => /[A-Za-z ,.;:'!?\n-]/.test(c)).length;
    expect(letters / text.length).toBeGreaterThan(0.9);
    expect(segmenter.lines.length).toBeGreaterThanOrEqual(2);
  });

  it('is reproducible from its seed', async () => {
    const input = applyTemplate(model, 'O night');
    const a = (await collect(generator.generate({ input, body: '', seed: 5 }))).join('');
    const b = (await collect(generator.generate({ input, body: '', seed: 5 }))).join('');
    expect(a).toBe(b);
  });
});

describe('VerseLoop with the English model in `continue` mode', () => {
  it('opens the verse with the visitor prompt and carries on from it', async () => {
    const { PromptQueue } = await import('../../engine/promptQueue.ts');
    const { VerseLoop } = await import('../../engine/verseLoop.ts');
    const { systemClock } = await import('../../engine/clock.ts');
    const queue = new PromptQueue();
    const loop = new VerseLoop({ generator, model: { ...model, promptMode: 'continue' }, params, queue, clock: systemClock, seed: 3, attract: ['The sea'] });
    queue.submit('The autumn wind', 'visitor', 'k');
    params.set({ tempo: 0, max_tokens: 60 }, 'test');
    const end = new Promise<{ text: string; reason: string }>((resolve) => loop.events.on('verse:end', resolve));
    loop.start();
    const verse = await end;
    await loop.close();
    expect(verse.reason).toBe('done');
    expect(verse.text.startsWith('The autumn wind')).toBe(true);
    expect(verse.text.length).toBeGreaterThan('The autumn wind'.length + 5);
  });
});

describe('English verses never show a line cut by max_tokens', () => {
  it('drafting on and off: the prompt is joined with a space, and every shown line was finished', async () => {
    const { PromptQueue } = await import('../../engine/promptQueue.ts');
    const { VerseLoop } = await import('../../engine/verseLoop.ts');
    const { systemClock } = await import('../../engine/clock.ts');
    for (const drafts of [4, 0]) {
      params.set({ tempo: 0, verse_gap: 0, max_tokens: 40, drafts }, 'test');
      const queue = new PromptQueue();
      for (const text of ['The sea', 'O night', 'The autumn wind']) queue.submit(text, 'visitor', text);
      const loop = new VerseLoop({ generator, model, params, queue, clock: systemClock, seed: 11, attract: ['The sea'] });
      const verses: Array<{ prompt: string; text: string; tokens: number }> = [];
      const prompts = new Map<string, string>();
      const tokens = new Map<string, number>();
      loop.events.on('verse:start', (s) => prompts.set(s.id, s.prompt));
      loop.events.on('verse:token', (t) => tokens.set(t.id, (tokens.get(t.id) ?? 0) + 1));
      const done = new Promise<void>((resolve) =>
        loop.events.on('verse:end', (e) => {
          verses.push({ prompt: prompts.get(e.id)!, text: e.text, tokens: tokens.get(e.id)! - 1 });
          if (verses.length === 3) resolve();
        }),
      );
      loop.start();
      await done;
      await loop.close();
      for (const v of verses) {
        expect(v.text.startsWith(`${v.prompt} `)).toBe(true);
        // The verse stops at a line's end: a line cut at max_tokens is dropped (drafting) or finished (streaming).
        if (drafts > 0 || v.tokens >= 40) expect(v.text.endsWith('\n'), JSON.stringify(v)).toBe(true);
        expect(v.text).not.toContain('<unk>');
      }
    }
  });
});
