/**
 * @module themeMemory: what a verse has established about its theme, so later lines keep to it: the season its
 * prompt or first lines set (by the theme table's seeds and markers). A verse that names two seasons before any is
 * established (a visitor's "spring and autumn") sets none, and nothing is steered.
 */
import type { ThemeTable } from './themeTable.ts';

/** The one season `text` establishes, or null when it names none or several. */
export function establishedSeason(table: ThemeTable, text: string): string | null {
  const seasons = table.seasonsIn(text);
  return seasons.size === 1 ? [...seasons][0]! : null;
}

/** True when `line` names a season other than the one the prompt and the verse so far established. */
export function contradictsSeason(table: ThemeTable, established: string | null, line: string): boolean {
  if (established === null) return false;
  return [...table.seasonsIn(line)].some((s) => s !== established);
}
