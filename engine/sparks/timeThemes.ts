/**
 * @module timeThemes: themes of the moment, for idea sparks and attract verses: the hour (`a winter night` -> 寒夜),
 * the season, and the date (the solar term of the day in Chinese, the month in English). Northern-hemisphere seasons;
 * time comes in as a Date in the machine's local time, so tests pick the moment.
 */

export type Season = 'spring' | 'summer' | 'autumn' | 'winter';
export type DayPart = 'dawn' | 'day' | 'dusk' | 'night';

/** Seasons by month (0 = January). */
const SEASONS: Season[] = ['winter', 'winter', 'spring', 'spring', 'spring', 'summer', 'summer', 'summer', 'autumn', 'autumn', 'autumn', 'winter'];

const BY_TIME_ZH: Record<Season | DayPart, string[]> = {
  spring: ['春雨', '桃花', '春风', '燕归', '柳色'],
  summer: ['荷花', '蝉声', '夏雨', '竹林', '清风'],
  autumn: ['秋风', '明月', '落叶', '归雁', '菊花'],
  winter: ['寒梅', '雪夜', '江雪', '炉火', '孤舟'],
  dawn: ['晓色', '晨钟', '朝霞'],
  day: ['白日', '远山', '江水'],
  dusk: ['夕阳', '暮色', '归鸟'],
  night: ['明月', '夜雨', '星河', '孤灯'],
};

const BY_TIME_EN: Record<Season | DayPart, string[]> = {
  spring: ['spring rain', 'blossoms', 'swallows returning', 'green willows'],
  summer: ['lotus pond', 'cicadas', 'summer storm', 'bamboo shade'],
  autumn: ['autumn wind', 'falling leaves', 'wild geese', 'harvest moon'],
  winter: ['snow at night', 'plum blossom in the cold', 'a lone boat', 'the hearth'],
  dawn: ['first light', 'the morning bell'],
  day: ['far mountains', 'the river at noon'],
  dusk: ['sunset', 'birds flying home'],
  night: ['the moon', 'rain at night', 'the milky way', 'a lamp alone'],
};

/** The 24 solar terms (节气) by the Gregorian day they begin on in most years (month 0 = January). */
const SOLAR_TERMS: Array<[month: number, day: number, term: string]> = [
  [0, 6, '小寒'], [0, 20, '大寒'], [1, 4, '立春'], [1, 19, '雨水'], [2, 6, '惊蛰'], [2, 21, '春分'],
  [3, 5, '清明'], [3, 20, '谷雨'], [4, 6, '立夏'], [4, 21, '小满'], [5, 6, '芒种'], [5, 21, '夏至'],
  [6, 7, '小暑'], [6, 23, '大暑'], [7, 8, '立秋'], [7, 23, '处暑'], [8, 8, '白露'], [8, 23, '秋分'],
  [9, 8, '寒露'], [9, 23, '霜降'], [10, 7, '立冬'], [10, 22, '小雪'], [11, 7, '大雪'], [11, 22, '冬至'],
];

const MONTHS_EN = ['january frost', 'the february thaw', 'march winds', 'april showers', 'may blossom', 'june roses', 'a july noon', 'august fields', 'the september harvest', 'october leaves', 'november fog', 'december snow'];

export function dayPartOf(hour: number): DayPart {
  return hour < 5 ? 'night' : hour < 9 ? 'dawn' : hour < 17 ? 'day' : hour < 20 ? 'dusk' : 'night';
}

/** The solar term whose span holds `at` (the last one begun on or before its day). */
export function solarTerm(at: Date): string {
  const m = at.getMonth();
  const d = at.getDate();
  let term = SOLAR_TERMS.at(-1)![2]; // early January is still in 冬至's span
  for (const [tm, td, name] of SOLAR_TERMS) if (tm < m || (tm === m && td <= d)) term = name;
  return term;
}

export interface TimeThemes {
  hour: string[];
  season: string[];
  date: string[];
}

/** The themes of the moment `at` for verses in `language` (Chinese gets Chinese themes, every other language English). */
export function timeThemes(language: string, at: Date): TimeThemes {
  const zh = language.split('-')[0] === 'zh';
  const table = zh ? BY_TIME_ZH : BY_TIME_EN;
  return {
    hour: table[dayPartOf(at.getHours())],
    season: table[SEASONS[at.getMonth()]!],
    date: [zh ? solarTerm(at) : MONTHS_EN[at.getMonth()]!],
  };
}
