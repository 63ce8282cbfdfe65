/**
 * @module verseSeed: the seed of the first verse written after a start. It continues after the highest seed in the
 * archive, so no two verses of an installation share a seed (an installation restarted every night by its opening
 * hours would otherwise write the same morning every day). A fresh installation starts at the config's seed, so it
 * stays reproducible; a config seed above the archive's wins (an installer who wants a new sequence raises it).
 */

/** `configured` is `engine.seed`; `archived` the archive's highest seed (null when it is empty). */
export function continuedSeed(configured: number, archived: number | null): number {
  return archived === null ? configured : Math.max(configured, archived + 1);
}
