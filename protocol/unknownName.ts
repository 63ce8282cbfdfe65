/** @module unknownName: the one sentence for "that name does not exist", listing the names that do. */

/** Most names listed before the rest are summarised, so a message stays readable on a console. */
const MAX_LISTED = 40;

/**
 * `Unknown parameter "x"; known parameters: a, b, c.` (`kind` is singular; the plural adds an s).
 * Used for parameters, scenes, presets, events and namespaces alike.
 */
export function unknownNameMessage(kind: string, name: string, known: Iterable<string>): string {
  const all = [...known];
  const listed = all.slice(0, MAX_LISTED).join(', ');
  const more = all.length > MAX_LISTED ? ` and ${all.length - MAX_LISTED} more` : '';
  return `Unknown ${kind} ${JSON.stringify(name)}; known ${kind}s: ${all.length ? listed + more : '(none)'}.`;
}
