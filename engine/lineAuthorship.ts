/**
 * @module lineAuthorship: who wrote each line of a verse being written, and the machine's other drafts of each
 * line (kept with the verse so the visitor can see and pick them without a second generation). A revision's kept
 * lines keep their authors and drafts; the visitor's words (an opening line, a revised line) are the visitor's.
 */
import type { LineAuthor } from '../protocol/coCreation.ts';
import { bare, type RevisionPlan } from './revisionPlan.ts';


export interface LineAuthorship {
  /** The text the verse opens with (the visitor's words, or a revision's kept lines and line). */
  opened(text: string): void;
  /** The drafter kept `kept` over `others` (arrow: handed to the writer as is). */
  readonly drafted: (kept: string, others: string[]) => void;
  /** Who wrote line `index` (its text as finished); records its drafts in `alternatives`. */
  author(index: number, text: string): LineAuthor;
  /** The other drafts of each finished line (empty for a line not drafted). */
  readonly alternatives: string[][];
}

export function lineAuthorship(revise: RevisionPlan | undefined): LineAuthorship {
  const drafts = new Map<string, string[]>();
  const alternatives: string[][] = [];
  let visitorWords = '';
  return {
    alternatives,
    opened(text) {
      // Lines written in the visitor's own words (not a revision: its kept lines have their own authors).
      if (!revise) visitorWords = bare(text);
    },
    drafted: (kept, others) => void drafts.set(bare(kept), others),
    author(index, text) {
      const b = bare(text);
      if (revise && index < revise.authors.length) {
        alternatives[index] = revise.alternatives[index] ?? [];
        return revise.authors[index]!;
      }
      alternatives[index] = drafts.get(b) ?? [];
      return b.length > 0 && visitorWords.includes(b) ? 'visitor' : 'machine';
    },
  };
}
