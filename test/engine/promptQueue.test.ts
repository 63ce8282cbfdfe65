import { describe, expect, it } from 'vitest';
import { InkverseError } from '../../protocol/errors.ts';
import { PromptQueue, cleanPrompt } from '../../engine/promptQueue.ts';
import { thrown } from '../helpers/thrown.ts';

let n = 0;
const ids = (): string => `p${n++}`;

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as InkverseError).code;
  }
  return undefined;
}

describe('PromptQueue', () => {
  it('reports 1-based positions and gives visitors turns, one prompt per visitor per round', () => {
    const q = new PromptQueue({ perClient: 3 }, ids);
    const a1 = q.submit('a one', 'visitor', 'A');
    const a2 = q.submit('a two', 'visitor', 'A');
    const b1 = q.submit('b one', 'visitor', 'B');
    expect(a1.position).toBe(1);
    expect(a2.position).toBe(2);
    expect(b1.position).toBe(2);
    expect(q.list().map((p) => p.text)).toEqual(['a one', 'b one', 'a two']);
  });

  it('puts performers ahead of visitors', () => {
    const q = new PromptQueue({}, ids);
    q.submit('visitor', 'visitor', 'A');
    expect(q.submit('performer', 'performer', 'console').position).toBe(1);
    expect(q.next()?.text).toBe('performer');
  });

  it('refuses empty, oversized, non-text prompts, a full queue and a greedy visitor, changing nothing', () => {
    const q = new PromptQueue({ max: 3, perClient: 2, maxChars: 10 }, ids);
    expect(code(() => q.submit('   ', 'visitor', 'A'))).toBe('INKVERSE_E_PROMPT_EMPTY');
    expect(code(() => q.submit('x'.repeat(11), 'visitor', 'A'))).toBe('INKVERSE_E_PROMPT_TOO_LONG');
    expect(code(() => q.submit(42, 'visitor', 'A'))).toBe('INKVERSE_E_BAD_REQUEST');
    q.submit('one', 'visitor', 'A');
    q.submit('two', 'visitor', 'A');
    expect(code(() => q.submit('three', 'visitor', 'A'))).toBe('INKVERSE_E_CLIENT_LIMIT');
    q.submit('b', 'visitor', 'B');
    expect(code(() => q.submit('c', 'visitor', 'C'))).toBe('INKVERSE_E_QUEUE_FULL');
    expect(q.list().map((p) => p.text)).toEqual(['one', 'b', 'two']);
  });

  it('counts characters, not UTF-16 units, and cleans control characters', () => {
    expect(cleanPrompt('秋风吹落满地黄叶', 8)).toBe('秋风吹落满地黄叶');
    expect(cleanPrompt(' a\u0000b\u202E  c ', 10)).toBe('ab c');
  });

  it('keeps zero-width joiner sequences whole (a family stays one family) and counts their code points against the limit', () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'; // man ZWJ woman ZWJ girl: one emoji, 5 code points
    const cook = '\u{1F469}\u{1F3FD}\u200D\u{1F373}'; // woman, skin tone, ZWJ, cooking
    expect(cleanPrompt(`${family} at the sea`, 200)).toBe(`${family} at the sea`);
    expect(cleanPrompt(`${cook}\u200B${family}`, 200)).toBe(`${cook}${family}`); // a zero-width space goes, the joiners stay
    expect(cleanPrompt('\u0915\u094D\u200D\u0937', 200)).toBe('\u0915\u094D\u200D\u0937'); // Devanagari half form held by ZWJ
    // The limit counts code points: 40 families are 200 and pass; a 41st is refused, saying how many and the most.
    expect([...cleanPrompt(family.repeat(40), 200)]).toHaveLength(200);
    const refusal = thrown(() => cleanPrompt(family.repeat(41), 200));
    expect(refusal).toMatchObject({ code: 'INKVERSE_E_PROMPT_TOO_LONG' });
    expect(refusal.message).toBe('The prompt has 205 characters; at most 200 are allowed.');
  });

  it('removes a waiting prompt and tells listeners', () => {
    const q = new PromptQueue({}, ids);
    const { id } = q.submit('x', 'visitor', 'A');
    let changes = 0;
    q.onChange(() => changes++);
    expect(q.remove(id)).toBe(true);
    expect(q.remove(id)).toBe(false);
    expect(q.size).toBe(0);
    expect(changes).toBe(1);
  });
});
