/**
 * Attract themes that move with the room (issue 23): drawn from the hour, the season and the date, the configured
 * list and recent visitors' themes, never repeated within the last N verses, pinned or weighted by a curator per
 * stretch of the opening hours. Time comes from a manual Clock set in local time.
 */
import { describe, expect, it } from 'vitest';
import { ATTRACT_THEMES } from '../../engine/attractThemes.ts';
import { ThemeDrawer, type ThemeDrawerOptions } from '../../engine/themeDrawer.ts';
import { solarTerm, timeThemes } from '../../engine/sparks/timeThemes.ts';
import { ManualClock } from '../helpers/manualClock.ts';

const WINTER_NIGHT = new Date(2026, 11, 7, 22, 30); // 7 December: 大雪
const SPRING_DAWN = new Date(2026, 3, 6, 7, 15); // 6 April: 清明

function drawer(at: Date, o: Partial<ThemeDrawerOptions> = {}): { d: ThemeDrawer; clock: ManualClock } {
  const clock = new ManualClock(at.getTime());
  const d = new ThemeDrawer({ clock, seed: 7, language: 'zh', configured: () => ATTRACT_THEMES.zh!, ...o });
  return { d, clock };
}

/** Draws `n` attract verses in a row, each heard as the room saw it. */
function run(d: ThemeDrawer, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const theme = d.draw('zh');
    d.heard(theme, 'attract');
    out.push(theme);
  }
  return out;
}

const moment = (at: Date): Set<string> => new Set(Object.values(timeThemes('zh', at)).flat());

describe('ThemeDrawer', () => {
  it('knows the solar term of a date', () => {
    expect(solarTerm(WINTER_NIGHT)).toBe('大雪');
    expect(solarTerm(SPRING_DAWN)).toBe('清明');
    expect(solarTerm(new Date(2027, 0, 3))).toBe('冬至');
    expect(timeThemes('en', WINTER_NIGHT).date).toEqual(['december snow']);
  });

  it('draws from the hour, the season and the date: a winter night and a spring dawn write different rooms', () => {
    const only = { sources: { time: 1, configured: 0, visitors: 0 } };
    const night = run(drawer(WINTER_NIGHT, only).d, 24);
    const dawn = run(drawer(SPRING_DAWN, only).d, 24);
    for (const t of night) expect(moment(WINTER_NIGHT)).toContain(t);
    for (const t of dawn) expect(moment(SPRING_DAWN)).toContain(t);
    expect(night).toContain('大雪');
    expect(dawn).toContain('清明');
    expect(night.filter((t) => dawn.includes(t))).toEqual([]);
  });

  it('mixes the moment with the configured list by default', () => {
    const themes = run(drawer(WINTER_NIGHT).d, 40);
    expect(themes.some((t) => moment(WINTER_NIGHT).has(t) && !ATTRACT_THEMES.zh!.includes(t))).toBe(true);
    expect(themes.some((t) => ATTRACT_THEMES.zh!.includes(t) && !moment(WINTER_NIGHT).has(t))).toBe(true);
  });

  it('never repeats a theme within the last N verses, visitors\' verses included', () => {
    const { d } = drawer(WINTER_NIGHT, { noRepeat: 8 });
    const seen: string[] = [];
    for (let i = 0; i < 300; i++) {
      if (i % 5 === 4) {
        d.heard('寒梅', 'visitor'); // a visitor asked for a theme the moment also offers
        seen.push('寒梅');
        continue;
      }
      const theme = d.draw('zh');
      expect(seen.slice(-8), `verse ${i}: ${theme}`).not.toContain(theme);
      d.heard(theme, 'attract');
      seen.push(theme);
    }
  });

  it("draws recent visitors' themes", () => {
    const { d } = drawer(WINTER_NIGHT, { noRepeat: 2, sources: { time: 0, configured: 0, visitors: 1 } });
    d.heard('江上秋月', 'visitor');
    d.heard('故园', 'visitor');
    d.heard('东风', 'performer'); // a performer's prompt is not a visitor's theme
    d.heard('秋风', 'attract');
    d.heard('明月', 'attract');
    const themes = run(d, 6);
    expect(new Set(themes)).toEqual(new Set(['江上秋月', '故园']));
  });

  it('keeps the no-repeat window across a restart (the archive\'s recent verses)', () => {
    const first = drawer(WINTER_NIGHT, { noRepeat: 8 }).d;
    const before = run(first, 8);
    const restarted = drawer(WINTER_NIGHT, { noRepeat: 8, seed: 8, recent: [...before].reverse().map((theme) => ({ theme, source: 'attract' as const })) }).d;
    const all = [...before, ...run(restarted, 8)];
    for (let i = 8; i < all.length; i++) expect(all.slice(i - 8, i), `after the restart: ${all[i]}`).not.toContain(all[i]);
  });

  it('a curator pins themes for a stretch of the day, and they take turns', async () => {
    const rules = [{ from: '10:00', to: '12:00', pin: ['晨钟', '朝霞'] }];
    const { d, clock } = drawer(new Date(2026, 11, 7, 10, 30), { rules });
    expect(run(d, 6)).toEqual(expect.arrayContaining(['晨钟', '朝霞']));
    const pinned = run(d, 6);
    expect(new Set(pinned)).toEqual(new Set(['晨钟', '朝霞']));
    for (let i = 1; i < pinned.length; i++) expect(pinned[i]).not.toBe(pinned[i - 1]);
    await clock.advance(2 * 3600_000); // 12:30: the pin no longer holds
    expect(run(d, 6).filter((t) => t === '晨钟' || t === '朝霞').length).toBeLessThan(6);
  });

  it('a curator weights themes by the hour: 0 never, a heavy new theme joins and dominates; days and languages are honoured', () => {
    const rules = [
      { from: '20:00', to: '02:00', weights: { 明月: 0, 牡丹: 60 } },
      { from: '00:00', to: '00:00', days: [1], pin: ['周一'] }, // Mondays only; 7 December 2026 is a Monday
      { from: '00:00', to: '00:00', language: 'en', pin: ['the sea'] },
    ];
    const monday = run(drawer(WINTER_NIGHT, { rules, noRepeat: 0 }).d, 30);
    expect(monday.every((t) => t === '周一')).toBe(true);
    const tuesday = run(drawer(new Date(2026, 11, 8, 22, 30), { rules, noRepeat: 0 }).d, 60);
    expect(tuesday).not.toContain('明月');
    expect(tuesday.filter((t) => t === '牡丹').length).toBeGreaterThan(30);
    expect(tuesday).not.toContain('the sea');
    expect(drawer(new Date(2026, 11, 8, 22, 30), { rules }).d.draw('en')).toBe('the sea');
  });

  it('is reproducible from its seed and differs with another', () => {
    const a = run(drawer(WINTER_NIGHT).d, 20);
    expect(run(drawer(WINTER_NIGHT).d, 20)).toEqual(a);
    expect(run(drawer(WINTER_NIGHT, { seed: 8 }).d, 20)).not.toEqual(a);
  });
});
