/**
 * @module sourceNote: whose a copied line is, in the words the room reads under it (the scroll scene's cards, the
 * DOM verse view of the text scene and the console): the poet and poem when the source index knows them.
 */
import type { LineView } from './verseModel.ts';

/**
 * Whose a copied line is, said to the room whatever the glosses setting (in English too when `english`);
 * '' for a new line.
 */
export function sourceNote(line: Pick<LineView, 'copied' | 'source'>, english: boolean): string {
  if (!line.copied) return '';
  const s = line.source;
  if (s) return english ? `— this line is ${s.poet}’s, from 《${s.title}》` : `— ${s.poet}《${s.title}》`;
  return english ? '— found word for word in older poems' : '— 前人诗句';
}
