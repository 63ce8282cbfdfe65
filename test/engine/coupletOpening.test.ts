/**
 * @module test/engine/coupletOpening: a visitor who asks for couplets never gets their own words back alone. With a
 * FAKE drafter (scripted lines; the real model rhymes too often to reach this path on purpose) whose second lines
 * never rhyme, the first pair is shown unrhymed, and a later pair that cannot rhyme ends the verse.
 */
import { engineSurface } from '../../engine/control/controlSurface.ts';
import { describe, expect, it } from 'vitest';
import { coupletVerse } from '../../engine/coupletForm.ts';
import type { DraftedLine, DraftOptions } from '../../engine/generator.ts';
import { linesRhyme } from '../../engine/prosody/englishMetre.ts';

const PROMPT = 'the sea at night ';

/** Word tokens (each word carrying its space), as the cut for a new last word expects. */
function row(text: string, logprob: number): DraftedLine {
  const words = text.match(/\S+\s*/gu) ?? [];
  return { tokens: words.map((w) => ({ text: w, logprob, entropy: 1 })), ended: 'line', prosody: null };
}

/**
 * Scripted drafts: first lines end on "sea" (a word with many rhymes), second lines on "stone" (no rhyme with it);
 * a one-token step of the rhyming walk offers only "7", which is on no way to a rhyme.
 */
function fakeDrafter(calls: DraftOptions[]): (o: DraftOptions) => Promise<DraftedLine[]> {
  return async (o) => {
    calls.push(o);
    if (o.maxTokens === 1) return Array.from({ length: o.count }, () => ({ tokens: [{ text: '7', logprob: -1, entropy: 1 }], ended: 'length', prosody: null }));
    const second = o.body.split('\n').length % 2 === 0;
    return Array.from({ length: o.count }, (_, i) =>
      second ? row(`under the ${['old', 'grey', 'cold'][i % 3]} stone\n`, -1 - i / 10) : row(`and all the ${['wide', 'dark', 'long'][i % 3]} sea\n`, -1 - i / 10),
    );
  };
}

async function write(): Promise<{ text: string; calls: DraftOptions[] }> {
  const calls: DraftOptions[] = [];
  const params = engineSurface({ drafts: 4, max_tokens: 120 });
  const stream = coupletVerse({ generator: { draft: fakeDrafter(calls) }, input: '', body: PROMPT, seed: 1, plan: { couplets: true }, keywords: '', language: 'en', lineBreaks: ['\n'], params, judges: [], signal: new AbortController().signal });
  let text = '';
  for await (const t of stream) text += t.text;
  return { text, calls };
}

describe('couplets: the opening pair when no rhyme is found (FAKE drafter)', () => {
  it('shows the best unrhymed pair after the visitor\'s words, then ends when the next pair cannot rhyme either', async () => {
    const { text, calls } = await write();
    const lines = (PROMPT + text).split('\n');
    expect(lines).toEqual(['the sea at night and all the wide sea', 'under the old stone', '']);
    expect(linesRhyme(lines[0]!, lines[1]!)).toBe(false);
    // The rhyming search was tried first: one-token steps of the rhyming walk were asked for.
    expect(calls.some((c) => c.maxTokens === 1)).toBe(true);
  });
});
