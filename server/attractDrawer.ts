/**
 * @module attractDrawer: the installation's ThemeDrawer, from its config (`engine.attract`, `engine.attractDraw`) and
 * the archive's recent verses, so the no-repeat window and the visitors' themes survive a restart.
 */
import type { Archive } from '../engine/archive.ts';
import { attractThemesFor } from '../engine/attractThemes.ts';
import type { Clock } from '../engine/clock.ts';
import type { ModelInfo } from '../engine/modelRegistry.ts';
import { ThemeDrawer } from '../engine/themeDrawer.ts';
import type { Config } from '../config/schema.ts';

export interface AttractDrawerOptions {
  config: Config;
  model: Pick<ModelInfo, 'language'>;
  archive: Pick<Archive, 'list'>;
  clock: Clock;
  /** The loop's first seed of this start. */
  seed: number;
  /** The theme the language bridge makes of a visitor's prompt (null: the prompt itself). */
  visitorTheme: (prompt: string) => string | null;
}

/** Archived verses read at start for the no-repeat window and the visitors' themes. */
const RECENT = 40;

export function attractDrawer(o: AttractDrawerOptions): ThemeDrawer {
  const { attract, attractDraw } = o.config.engine;
  // Verses the room saw (an interrupted one with no text was never shown), with a visitor's theme as the bridge made it.
  const recent = o.archive
    .list(RECENT)
    .filter((v) => v.tokens > 0)
    .map((v) => ({ theme: v.source === 'visitor' ? (o.visitorTheme(v.prompt) ?? v.prompt) : v.prompt, source: v.source }));
  return new ThemeDrawer({
    clock: o.clock,
    seed: o.seed,
    language: o.model.language,
    configured: (language) => attractThemesFor(language, attract),
    noRepeat: attractDraw.noRepeat,
    sources: attractDraw.sources,
    rules: attractDraw.hours,
    recent,
  });
}
