/**
 * @module defaultWords: the shipped moderation word lists, per language. Installations extend them in the
 * config (`moderation.words`). Kept to words that have no innocent use in a verse on a public wall: words that
 * classical poems use innocently (妓 singing girl, 淫 excessive rain) are left out on purpose.
 */
export const DEFAULT_WORDS: Record<'zh' | 'en', readonly string[]> = {
  zh: [
    '扪女', '淫妇', '奸淫', '强奸', '轮奸', '婊子', '傻逼', '煞笔', '操你', '肏', '屄', '屌', '鸡巴', '阴茎', '阴道',
    '性交', '做爱', '卖淫', '嫖娼', '妈的', '他妈', '贱人', '杂种', '狗娘', '去死', '自杀',
  ],
  en: [
    'fuck', 'fucking', 'shit', 'cunt', 'bitch', 'whore', 'slut', 'rape', 'raped', 'rapist', 'nigger', 'nigga',
    'faggot', 'fag', 'retard', 'pussy', 'dickhead', 'asshole', 'motherfucker', 'wanker', 'twat', 'kill yourself',
  ],
};
