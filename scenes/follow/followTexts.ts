/** @module followTexts: the few sentences of the `/follow` page, in Chinese or English (the phone's language). */
export interface FollowTexts {
  connecting: string;
  away: string;
  writing: string;
  resting: string;
  mineWaiting: string;
  mineWriting: string;
  mineTitle: string;
}

const EN: FollowTexts = {
  connecting: 'Connecting to the installation…',
  away: 'Waiting for the installation… the verse comes back by itself.',
  writing: 'Being written now',
  resting: 'The next verse is coming.',
  mineWaiting: 'Your verse is waiting its turn; it appears here as it is written.',
  mineWriting: 'Your verse is being written now.',
  mineTitle: 'Your verse',
};

const ZH: FollowTexts = {
  connecting: '正在连接……',
  away: '等待装置……诗会自己回来。',
  writing: '正在书写',
  resting: '下一首诗即将开始。',
  mineWaiting: '你的诗正在排队，写的时候会出现在这里。',
  mineWriting: '正在书写你的诗。',
  mineTitle: '你的诗',
};

export function followTexts(language: string): FollowTexts {
  return language.toLowerCase().startsWith('zh') ? ZH : EN;
}
