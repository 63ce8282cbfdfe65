/**
 * @module classicalRules: what regulated verse (律诗/绝句) asks of the next character, from the poem so far.
 * - Positions 2, 4 (and 6) of a line alternate level/oblique; line 1 sets the pattern, the second line of a
 *   couplet opposes the first at position 2 (对), and the first line of the next couplet follows the line
 *   before it (粘): position 2 runs A, ¬A, ¬A, A, A, ¬A, ¬A, A over eight lines.
 * - Even lines end on a level tone in the rhyme group line 2 set, without reusing a rhyme character;
 *   odd lines after the first end on an oblique tone.
 * Pure, so the eval measures verses with the same definitions the decoder nudges toward.
 */
import type { ProsodyTable, Tone } from './prosodyTable.ts';

export const opposite = (t: Tone): Tone => (t === 'level' ? 'oblique' : 'level');

/** What the next character should be; fields left out are free. */
export interface Want {
  tone?: Tone;
  /** Rhyme group bit set the character should share. */
  groups?: number;
  /** Rhyme characters already used. */
  avoid?: readonly string[];
  /** The want is a rhyme slot (weighted more). */
  rhyme?: boolean;
}

/** The poem's pattern tone at position 2 of line 1: its own tone there, or the opposite of position 4's. */
export function patternTone(table: ProsodyTable, firstLine: readonly string[]): Tone | null {
  const t2 = firstLine[1] ? table.toneOf(firstLine[1]) : null;
  if (t2) return t2;
  const t4 = firstLine[3] ? table.toneOf(firstLine[3]) : null;
  return t4 ? opposite(t4) : null;
}

/** Tone wanted at position 2 of line `index` (0-based) for a poem whose pattern tone is `a`. */
export function lineHeadTone(a: Tone, index: number): Tone {
  return [0, 3].includes(index % 4) ? a : opposite(a);
}

export interface PoemState {
  /** Lines finished so far, as characters. */
  lines: readonly (readonly string[])[];
  /** The current line's characters so far. */
  current: readonly string[];
  /** The current line's length, when known (line 1 chooses it; later lines keep it). */
  length: number | null;
}

/** The want at the next position of `state`. */
export function wantNext(table: ProsodyTable, state: PoemState): Want {
  const index = state.lines.length;
  const pos = state.current.length + 1;
  const first = index === 0 ? state.current : state.lines[0]!;
  const a = index === 0 ? null : patternTone(table, first);
  if (state.length !== null && pos === state.length) {
    if (index % 2 === 1) {
      const want: Want = { tone: 'level', rhyme: true };
      if (index >= 3) {
        const rhymes = state.lines.filter((_, i) => i % 2 === 1).map((l) => l.at(-1)!);
        const groups = table.groupsOf(rhymes[0]!);
        if (groups) want.groups = groups;
        want.avoid = rhymes;
      }
      return want;
    }
    return index >= 2 ? { tone: 'oblique' } : {};
  }
  if (pos === 2) return a ? { tone: lineHeadTone(a, index) } : {};
  if (pos === 4 || pos === 6) {
    const before = table.toneOf(state.current[pos - 3]!);
    if (before) return { tone: opposite(before) };
    if (a) return { tone: pos === 4 ? opposite(lineHeadTone(a, index)) : lineHeadTone(a, index) };
  }
  return {};
}

/** How well `ch` meets `want`: 1 met, 0 missed, null nothing asked (or the character's tone is unknown). */
export function meets(table: ProsodyTable, want: Want, ch: string): number | null {
  let asked = 0;
  let met = 0;
  if (want.tone) {
    const t = table.toneOf(ch);
    if (t) {
      asked++;
      if (t === want.tone) met++;
    }
  }
  if (want.groups !== undefined) {
    asked++;
    if (table.groupsOf(ch) & want.groups && !want.avoid?.includes(ch)) met++;
  }
  return asked === 0 ? null : met / asked;
}
