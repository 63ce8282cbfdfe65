/**
 * @module sourceFormat: the compact "which poem is this line from" index (`sources.bin`), written by
 * scripts/build-visitor-data.ts and read by SourceIndex. Lines are keyed by the FNV-1a-32 hash of their
 * normalised text (the same key as the model's `corpus-lines.u32`): 65,536 buckets by the top 16 bits, then
 * per line the low 16 bits and a 16-bit poem number, so a line costs 4 bytes and a look-up is exact.
 *
 * Layout (little-endian): "IKSRC1\n\0" | u32 header length | header JSON { poets, poems: [poet, title, dynasty][] }
 * | pad to 4 | u32 bucket offsets[65537] | u16 low hash bits[n] | u16 poem numbers[n].
 */
import { fnv1a32, MIN_LINE_CHARS, normalizeLine } from './corpusIndex.ts';

export const SOURCE_MAGIC = 'IKSRC1\n\0';
/** Poem numbers are 16-bit. */
export const MAX_SOURCE_POEMS = 65_536;
const BUCKETS = 65_536;

/**
 * Song poets whose poems are indexed after all Tang poems, in priority order, until MAX_SOURCE_POEMS
 * (the whole Song corpus would need about 12 MB; Tang alone fits with room for these).
 */
export const FAMOUS_SONG_POETS = [
  '苏轼', '王安石', '黄庭坚', '欧阳修', '李清照', '辛弃疾', '杨万里', '范成大', '陈与义', '林逋', '文天祥', '叶绍翁',
  '朱熹', '晏殊', '秦观', '苏辙', '梅尧臣', '曾巩', '司马光', '陈师道', '姜夔', '刘克庄', '陆游',
] as const;

export type Dynasty = 'tang' | 'song';

export interface SourcePoem {
  poet: string;
  title: string;
  dynasty: Dynasty;
  /** The poem's lines without punctuation. */
  lines: string[];
}

/** Encodes poems (earlier poems win a line they share with later ones); stops at MAX_SOURCE_POEMS. */
export function encodeSourceIndex(poems: readonly SourcePoem[]): Uint8Array {
  const kept = poems.slice(0, MAX_SOURCE_POEMS);
  const poets: string[] = [];
  const poetIndex = new Map<string, number>();
  const header = { poets, poems: [] as Array<[number, string, number]> };
  const byHash = new Map<number, number>();
  kept.forEach((p, i) => {
    if (!poetIndex.has(p.poet)) poetIndex.set(p.poet, poets.push(p.poet) - 1);
    header.poems.push([poetIndex.get(p.poet)!, p.title, p.dynasty === 'tang' ? 0 : 1]);
    for (const line of p.lines) {
      const n = normalizeLine(line, 'zh');
      if ([...n].length < MIN_LINE_CHARS) continue;
      const h = fnv1a32(n);
      if (!byHash.has(h)) byHash.set(h, i);
    }
  });
  const hashes = [...byHash.keys()].sort((a, b) => a - b);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headStart = 8 + 4;
  const tableStart = Math.ceil((headStart + json.length) / 4) * 4;
  const n = hashes.length;
  const buf = new Uint8Array(tableStart + (BUCKETS + 1) * 4 + n * 4);
  const view = new DataView(buf.buffer);
  buf.set(new TextEncoder().encode(SOURCE_MAGIC), 0);
  view.setUint32(8, json.length, true);
  buf.set(json, headStart);
  const remStart = tableStart + (BUCKETS + 1) * 4;
  const refStart = remStart + n * 2;
  let bucket = 0;
  hashes.forEach((h, i) => {
    while (bucket <= h >>> 16) view.setUint32(tableStart + 4 * bucket++, i, true);
    view.setUint16(remStart + 2 * i, h & 0xffff, true);
    view.setUint16(refStart + 2 * i, byHash.get(h)!, true);
  });
  while (bucket <= BUCKETS) view.setUint32(tableStart + 4 * bucket++, n, true);
  return buf;
}

export interface LineSource {
  poet: string;
  title: string;
  dynasty: Dynasty;
}

/**
 * The header's poems as flat arrays, every title in one string cut by offsets: as 57,000 `[poet, title, dynasty]`
 * arrays they held about 5 MB of the server's heap for good.
 */
function compactPoems(poems: ReadonlyArray<[number, string, number]>): { poet: Uint32Array; dynasty: Uint8Array; ends: Uint32Array; titles: string } {
  const poet = new Uint32Array(poems.length);
  const dynasty = new Uint8Array(poems.length);
  const ends = new Uint32Array(poems.length);
  let end = 0;
  poems.forEach(([p, title, d], i) => {
    poet[i] = p;
    dynasty[i] = d;
    ends[i] = end += title.length;
  });
  return { poet, dynasty, ends, titles: poems.map(([, title]) => title).join('') };
}

/** Reads an encoded index; `lookup` returns the poem a line comes from, or null. */
export function decodeSourceIndex(buf: Uint8Array): { size: number; poems: number; lookup(line: string): LineSource | null } {
  if (new TextDecoder().decode(buf.subarray(0, 8)) !== SOURCE_MAGIC) throw new Error('not a source index (bad magic)');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headLen = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(buf.subarray(12, 12 + headLen))) as { poets: string[]; poems: Array<[number, string, number]> };
  const tableStart = Math.ceil((12 + headLen) / 4) * 4;
  const n = view.getUint32(tableStart + 4 * BUCKETS, true);
  const remStart = tableStart + (BUCKETS + 1) * 4;
  const refStart = remStart + n * 2;
  if (refStart + n * 2 !== buf.byteLength) throw new Error(`source index size ${buf.byteLength} does not match its ${n} lines`);
  const poems = compactPoems(header.poems);
  const poets = header.poets; // the lookup keeps this, not the header (whose poems array is garbage once compacted)
  return {
    size: n,
    poems: header.poems.length,
    lookup(line) {
      const norm = normalizeLine(line, 'zh');
      if ([...norm].length < MIN_LINE_CHARS) return null;
      const h = fnv1a32(norm);
      const low = h & 0xffff;
      let lo = view.getUint32(tableStart + 4 * (h >>> 16), true);
      let hi = view.getUint32(tableStart + 4 * ((h >>> 16) + 1), true) - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = view.getUint16(remStart + 2 * mid, true);
        if (v === low) {
          const p = view.getUint16(refStart + 2 * mid, true);
          return { poet: poets[poems.poet[p]!]!, title: poems.titles.slice(p === 0 ? 0 : poems.ends[p - 1], poems.ends[p]), dynasty: poems.dynasty[p] === 0 ? 'tang' : 'song' };
        }
        if (v < low) lo = mid + 1;
        else hi = mid - 1;
      }
      return null;
    },
  };
}
