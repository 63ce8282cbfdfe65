/**
 * @module popularLines: famous lines as everyone knows them, hand-checked, where the source index (built from
 * the 全唐诗 edition in chinese-poetry) has another reading or another poet. A visitor who opens a verse with
 * 床前明月光 is quoting Li Bai, even though the edition reads 床前看月光; and 白日依山尽 is Wang Zhihuan's,
 * though the edition also lists it under 朱斌. Checked before the index, so these lines are named as known.
 */
import { normalizeLine } from './corpusIndex.ts';
import type { LineSource } from './sourceFormat.ts';

/** Poet, poem and dynasty, then the poem's lines in their popular reading (only those the index misses or misnames). */
const POPULAR: ReadonlyArray<[poet: string, title: string, dynasty: LineSource['dynasty'], lines: string[]]> = [
  ['李白', '静夜思', 'tang', ['床前明月光', '疑是地上霜', '举头望明月', '低头思故乡']],
  ['王之涣', '登鹳雀楼', 'tang', ['白日依山尽', '黄河入海流', '欲穷千里目', '更上一层楼']],
  ['王维', '相思', 'tang', ['春来发几枝']],
  ['李白', '早发白帝城', 'tang', ['两岸猿声啼不住']],
  ['杜牧', '清明', 'tang', ['清明时节雨纷纷', '路上行人欲断魂', '借问酒家何处有', '牧童遥指杏花村']],
  ['张继', '枫桥夜泊', 'tang', ['江枫渔火对愁眠']],
  ['贺知章', '回乡偶书', 'tang', ['乡音无改鬓毛衰']],
  ['李白', '黄鹤楼送孟浩然之广陵', 'tang', ['孤帆远影碧空尽']],
  ['骆宾王', '咏鹅', 'tang', ['白毛浮绿水', '红掌拨清波']],
  ['苏轼', '题西林壁', 'song', ['远近高低各不同']],
];

const BY_LINE = new Map<string, LineSource>(POPULAR.flatMap(([poet, title, dynasty, lines]) => lines.map((l) => [normalizeLine(l, 'zh'), { poet, title, dynasty }] as const)));

/** The poem a famous line is known from, in its popular reading, or null. */
export function popularSource(line: string): LineSource | null {
  return BY_LINE.get(normalizeLine(line, 'zh')) ?? null;
}
