/** @module attractThemes: built-in themes written when nobody is waiting, so the room is never silent. */

export const ATTRACT_THEMES: Record<string, string[]> = {
  zh: ['秋风', '明月', '江南春', '山中夜雨', '孤舟', '边塞', '故人', '落花', '长安道', '寒江', '春晓', '归雁'],
  en: ['the sea at night', 'a lamp in the window', 'winter morning', 'the old oak', 'evening bells', 'the river', 'stars over the field', 'a letter never sent'],
};

/** The themes for a model's language: the config's own list first, then the built-in one, then English. */
export function attractThemesFor(language: string, configured?: Record<string, string[]>): string[] {
  const primary = language.split('-')[0]!;
  return configured?.[language] ?? configured?.[primary] ?? ATTRACT_THEMES[primary] ?? ATTRACT_THEMES.en!;
}
