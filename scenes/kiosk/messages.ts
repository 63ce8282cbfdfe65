/**
 * @module kiosk messages: every text a visitor reads on the kiosk, in English and Chinese, in one place. The
 * kiosk speaks the language of the visitor's prompt (Chinese characters or pinyin: Chinese; anything else:
 * English). Refusals from the server are shown by their code in these words, not in the server's. The
 * take-away page /v/<code>, rendered by the server, speaks the language of the verse's prompt from here too.
 */
import type { ErrorCode } from '../../protocol/errors.ts';
import type { PromptMode } from '../../protocol/events.ts';

export type KioskLanguage = 'en' | 'zh';

export interface KioskMessages {
  heading: string;
  label: string;
  submit: string;
  examples: string;
  modes: string;
  /** A label per verse mode (`auto`: chosen from the prompt's shape). */
  modeNames: Record<PromptMode | 'auto', string>;
  sparks: string;
  keyboardLatin: string;
  keyboardPinyin: string;
  space: string;
  backspace: string;
  sending: string;
  thanks: string;
  next: string;
  position: (n: number) => string;
  countdown: (seconds: number) => string;
  writing: string;
  theme: (theme: string) => string;
  /** A modern word and the classical image it became (`coffee`, 茶, `tea`). */
  became: (from: string, to: string, image: string) => string;
  onWall: string;
  takeHome: string;
  /** Beside the QR code of `/follow?p=<id>` while the visitor's verse waits or is written. */
  followPhone: string;
  again: string;
  removed: string;
  degraded: string;
  offline: string;
  copiedFrom: (poet: string, title: string) => string;
  copiedUnknown: string;
  /** The same, for a line the visitor wrote themselves (their opening line). */
  yoursFrom: (poet: string, title: string) => string;
  yoursUnknown: string;
  newLines: (fresh: number, all: number) => string;
  tooLong: (max: number) => string;
  /** Writing with the machine: a line tapped in the visitor's finished verse. */
  tapLine: string;
  /** `n` is 1-based; `length`: characters (Chinese) or null (English, a line of words). */
  reviseLine: (n: number, length: number | null) => string;
  another: string;
  drafts: string;
  noDrafts: string;
  cancel: string;
  goOn: string;
  useLine: string;
  /** A line of the wrong length: `want` characters, the visitor wrote `got`. */
  lineMisfit: (want: number, got: number) => string;
  /** The take-away page (server/versePage.ts); `copiedUnknown` serves it too. */
  page: {
    title: string;
    heading: string;
    theme: (theme: string) => string;
    source: (poet: string, title: string, dynasty?: 'tang' | 'song') => string;
    share: (fresh: number, all: number) => string;
    /** `time` may be ''. */
    writtenBy: (model: string, time: string) => string;
    /** The earlier versions of a revised verse, oldest first, and the mark of a visitor's own line. */
    history: string;
    version: (n: number) => string;
    yourLine: string;
  };
  errors: Partial<Record<ErrorCode, string>> & { fallback: string };
}

export const MESSAGES: Record<KioskLanguage, KioskMessages> = {
  en: {
    heading: 'inkverse · 墨诗',
    label: 'Write a word, a line, a wish — in any language. · 写一个词、一句话，任何语言都可以。',
    submit: 'Write my verse',
    examples: 'Or tap one:',
    modes: 'Your words become',
    modeNames: { auto: 'chosen for you', title: 'the title', opening: 'the first line', acrostic: 'an acrostic of your name', keywords: 'keywords', free: 'free verse', couplets: 'rhymed couplets', ci: 'a ci to a tune (如梦令 autumn)' },
    sparks: 'Need an idea?',
    keyboardLatin: 'ABC',
    keyboardPinyin: '拼音',
    space: 'space',
    backspace: '⌫',
    sending: 'Sending…',
    thanks: 'Thank you. Your words are in the queue.',
    next: 'Your verse is next.',
    position: (n) => `Your verse is number ${n} in line.`,
    countdown: (s) => `about ${s} s`,
    writing: 'Your verse is being written…',
    theme: (t) => `Your words became the theme ${t}.`,
    became: (from, to, image) => `Your “${from}” became ${image}, ${to}.`,
    onWall: 'Your verse is on the wall.',
    takeHome: 'It is signed by this installation. Take it home as text, music and image: scan the code on the installation’s Wi-Fi, or note the code',
    followPhone: 'Follow it on your phone: scan this on the installation’s Wi-Fi.',
    again: 'Write another',
    removed: 'Your prompt was taken out of the queue. You can write another.',
    degraded: 'The poet is resting for a moment. Your words will be written as soon as it returns.',
    offline: 'Reconnecting to the installation…',
    copiedFrom: (poet, title) => `This line is ${poet}’s, from “${title}”.`,
    copiedUnknown: 'This line is found word for word in the poems the model learned from.',
    yoursFrom: (poet, title) => `Your line is ${poet}’s, from “${title}”.`,
    yoursUnknown: 'Your line is found word for word in the poems the model learned from.',
    newLines: (fresh, all) => `${fresh} of ${all} lines are new.`,
    tooLong: (max) => `That is a little long: at most ${max} characters, please.`,
    tapLine: 'Tap a line to change it, or ask the poem to go on.',
    reviseLine: (n, length) => `Line ${n}: write your own${length ? ` (${length} characters)` : ''} and send it, or:`,
    another: 'Another line here',
    drafts: 'The machine’s other drafts',
    noDrafts: 'The machine kept no other drafts of this line.',
    cancel: 'Keep it',
    goOn: 'Go on',
    useLine: 'Use my line',
    lineMisfit: (want, got) => `Each line of this verse has ${want} characters; yours has ${got}. ${got < want ? `Add ${want - got}` : `Take away ${got - want}`}, and it will fit.`,
    page: {
      title: 'inkverse · your verse',
      heading: 'inkverse · a verse written for you',
      theme: (t) => `became the theme ${t}`,
      source: (poet, title, d) => `This line is ${poet}'s, from “${title}”${d ? ` (${d === 'tang' ? 'Tang' : 'Song'})` : ''}.`,
      share: (fresh, all) => `${fresh} of ${all} lines are new${all > fresh ? `; ${all - fresh} ${all - fresh === 1 ? 'is' : 'are'} found in existing poems` : ''}.`,
      writtenBy: (model, time) => `Written by the model ${model}${time ? ` on ${time}` : ''}.`,
      history: 'How it got there',
      version: (n) => `Version ${n}`,
      yourLine: 'your line',
    },
    errors: {
      INKVERSE_E_PROMPT_EMPTY: 'The prompt is empty: write a word or a line.',
      INKVERSE_E_PROMPT_MODERATED: 'This installation cannot write from those words. Please try others: a season, a place, a feeling.',
      INKVERSE_E_PROMPT_UNPLACED: 'The poet writes in classical Chinese and could not find a theme in those words. Try one of these:',
      INKVERSE_E_QUEUE_FULL: 'Many visitors are waiting right now. Please try again in a minute.',
      INKVERSE_E_CLIENT_LIMIT: 'Your verses are already waiting. Watch them appear, then write another.',
      INKVERSE_E_NOT_YOURS: 'That verse was written for another visitor; you can change only your own.',
      INKVERSE_E_VERSE_UNFINISHED: 'Your verse is still being written; change it once it is on the wall.',
      INKVERSE_E_VERSE_TOO_LONG: 'This verse is as long as its form allows; change a line instead, or write a new one.',
      INKVERSE_E_LINE_MISFIT: 'That line does not fit this verse; try one like the lines around it.',
      INKVERSE_E_DISK_FULL: 'The poet cannot take new words just now; the verses on the wall go on. Please ask a member of staff, or try again later.',
      INKVERSE_E_STORAGE: 'The poet cannot take new words just now; the verses on the wall go on. Please ask a member of staff, or try again later.',
      fallback: 'That did not work. Please try again in a moment.',
    },
  },
  zh: {
    heading: '墨诗 · inkverse',
    label: '写一个词、一句话、一个心愿。',
    submit: '为我写诗',
    examples: '或者点一个：',
    modes: '你的字作为',
    modeNames: { auto: '自动', title: '题目', opening: '首句', acrostic: '藏头（你的名字）', keywords: '关键词', free: '自由诗', couplets: '押韵对句', ci: '词（词牌 题目：如梦令 秋思）' },
    sparks: '需要灵感吗？',
    keyboardLatin: 'ABC',
    keyboardPinyin: '拼音',
    space: '空格',
    backspace: '⌫',
    sending: '正在发送…',
    thanks: '谢谢。你的字已在队列中。',
    next: '下一首就是你的诗。',
    position: (n) => `你的诗排在第 ${n} 位。`,
    countdown: (s) => `约 ${s} 秒`,
    writing: '你的诗正在写…',
    theme: (t) => `你的字成了诗题：${t}`,
    became: (from, to) => `你的「${from}」成了「${to}」。`,
    onWall: '你的诗已在墙上。',
    takeHome: '本装置已为它签名。把诗、音乐和水墨图带回家：连上展厅的 Wi-Fi 扫码，或记下编号',
    followPhone: '用手机扫码（连上展厅的 Wi-Fi），在手机上看它写出来。',
    again: '再写一首',
    removed: '你的字已被移出队列。可以再写一首。',
    degraded: '诗人正在小憩，稍后就会为你写诗。',
    offline: '正在重新连接…',
    copiedFrom: (poet, title) => `此句出自${poet}《${title}》。`,
    copiedUnknown: '此句原样见于模型学过的古诗。',
    yoursFrom: (poet, title) => `你写的这句出自${poet}《${title}》。`,
    yoursUnknown: '你写的这句原样见于模型学过的古诗。',
    newLines: (fresh, all) => `${all} 句中有 ${fresh} 句是新写的。`,
    tooLong: (max) => `有点长了：最多 ${max} 个字。`,
    tapLine: '点一句诗来改写，或者请诗人续写。',
    reviseLine: (n, length) => `第 ${n} 句：写下你自己的一句${length ? `（${length} 个字）` : ''}并发送，或者：`,
    another: '换一句',
    drafts: '诗人的其他草稿',
    noDrafts: '这一句没有留下别的草稿。',
    cancel: '保留原句',
    goOn: '续写',
    useLine: '用我的这句',
    lineMisfit: (want, got) => `这首诗每句 ${want} 个字，你写了 ${got} 个字。${got < want ? `再加 ${want - got} 个字` : `删去 ${got - want} 个字`}就合适了。`,
    page: {
      title: '墨诗 · 你的诗',
      heading: '墨诗 · 为你写的诗',
      theme: (t) => `成了诗题：${t}`,
      source: (poet, title, d) => `此句出自${d ? (d === 'tang' ? '唐·' : '宋·') : ''}${poet}《${title}》。`,
      share: (fresh, all) => `${all} 句中有 ${fresh} 句是新写的${all > fresh ? `，${all - fresh} 句见于前人诗中` : ''}。`,
      writtenBy: (model, time) => (time ? `由模型 ${model} 写于 ${time}。` : `由模型 ${model} 写成。`),
      history: '修改的经过',
      version: (n) => `第 ${n} 稿`,
      yourLine: '你写的句子',
    },
    errors: {
      INKVERSE_E_PROMPT_EMPTY: '还没有写字：请写一个词或一句话。',
      INKVERSE_E_PROMPT_MODERATED: '这些字不能在这里写诗。换几个字吧：一个季节、一个地方、一种心情。',
      INKVERSE_E_PROMPT_UNPLACED: '诗人只写古诗，找不到这些字的诗题。试试这些：',
      INKVERSE_E_QUEUE_FULL: '现在等待的人很多，请一分钟后再试。',
      INKVERSE_E_CLIENT_LIMIT: '你的诗已经在等待了。看它们出现后，再写一首。',
      INKVERSE_E_NOT_YOURS: '这首诗是为别的访客写的；你只能改写自己的诗。',
      INKVERSE_E_VERSE_UNFINISHED: '你的诗还在写；等它上墙后再改写。',
      INKVERSE_E_VERSE_TOO_LONG: '这首诗已经写到体裁允许的长度；可以改写一句，或者再写一首。',
      INKVERSE_E_LINE_MISFIT: '这一句和这首诗不合；试着写一句和上下句一样的。',
      INKVERSE_E_DISK_FULL: '诗人现在不能接新的字，墙上的诗照常继续。请找工作人员，或稍后再试。',
      INKVERSE_E_STORAGE: '诗人现在不能接新的字，墙上的诗照常继续。请找工作人员，或稍后再试。',
      fallback: '没有成功，请稍后再试。',
    },
  },
};

/**
 * The visitor's language, from what they typed (pinyin mode counts as Chinese); anything else is `other`,
 * the installation's language for prompts not in Chinese (config `kiosk.language`, default English).
 */
export function languageOf<L extends string = KioskLanguage>(text: string, pinyinMode = false, other: L | 'en' = 'en'): L | 'en' | 'zh' {
  return pinyinMode || /\p{Script=Han}/u.test(text) ? 'zh' : other;
}

/** A refusal in the visitor's words. */
export function errorText(m: KioskMessages, code: string): string {
  return (m.errors as Record<string, string>)[code] ?? m.errors.fallback;
}
