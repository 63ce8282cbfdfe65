/**
 * @module models/cli/tuneMix: the base model's own kind of text, mixed into a tune so the tuned model keeps the form
 * it was trained on, and used as the reference the poet's over-used characters are measured against.
 *
 * For a Chinese base the pool is the Tang corpus the built-in model was trained on (npm `chinese-poetry`, converted
 * to Simplified, poems whose lines are all 5 or all 7 characters, as models/train/prepare_tang.mjs keeps them), minus
 * the base's held-out poems and minus the artist's own poems. Otherwise (or without that package) it is the base
 * folder's `heldout.jsonl`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import type { Rng } from '../../engine/rng.ts';
import { readHeldout } from './heldout.ts';

export interface MixPool {
  /** Training samples in the base's format (`title\npoem` or `poem` for zh). */
  samples: string[];
  /** The poems' bodies (no titles): the reference text for over-used characters. */
  bodies: string[];
  /** Where the pool came from, for the model card. */
  source: string;
}

const MARKS = '，。！？；';
const DROP = /[《》「」『』〈〉“”‘’·]/gu;

/** A Tang poem body in the base corpus's form, or null when prepare_tang.mjs would not keep it. */
function cleanTang(paragraphs: readonly string[], simplify: (s: string) => string): string | null {
  let s = simplify(paragraphs.join(''));
  s = s.replace(/（[^）]*）|\([^)]*\)/gu, '').replace(/\[([^\]]*)\]|〖([^〗]*)〗/gu, (_, a?: string, b?: string) => a ?? b ?? '');
  s = s.replace(DROP, '').replace(/\s+/gu, '');
  if (!s || !MARKS.includes(s.at(-1)!)) return null;
  for (const ch of s) if (!MARKS.includes(ch) && !/\p{Script=Han}/u.test(ch)) return null;
  const lines = s.match(/[^，。！？；]+[，。！？；]/gu) ?? [];
  if (lines.join('') !== s || lines.length < 2) return null;
  const len = [...lines[0]!].length - 1;
  return (len === 5 || len === 7) && lines.every((l) => [...l].length - 1 === len) ? s : null;
}

function tangDir(): string | null {
  try {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('chinese-poetry/package.json')), 'dist', 'quantangshi');
    return existsSync(dir) ? dir : null;
  } catch {
    return null;
  }
}

/** The Tang corpus pool, or null without the chinese-poetry package. */
function tangPool(exclude: ReadonlySet<string>, rng: Rng): MixPool | null {
  const dir = tangDir();
  if (dir === null) return null;
  const simplify = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const samples: string[] = [];
  const bodies: string[] = [];
  const seen = new Set<string>();
  for (const f of readdirSync(dir).filter((x) => /^poet\.tang\.\d+\.json$/u.test(x)).sort()) {
    for (const p of JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { title?: string; paragraphs: string[] }[]) {
      const body = cleanTang(p.paragraphs, simplify);
      if (body === null || seen.has(body) || exclude.has(body)) continue;
      seen.add(body);
      const title = simplify(p.title ?? '').replace(/（[^）]*）|\([^)]*\)|[[\]〖〗]/gu, '').replace(DROP, '').split(/\s+/u)[0] ?? '';
      const withTitle = title !== '' && [...title].length <= 16 && /^\p{Script=Han}+$/u.test(title) && rng() >= 0.3;
      samples.push(withTitle ? `${title}\n${body}` : body);
      bodies.push(body);
    }
  }
  return { samples, bodies, source: `${samples.length.toLocaleString('en-US')} Tang poems of npm chinese-poetry (Simplified, lines all 5 or all 7 characters; the base's held-out poems and the artist's own poems left out)` };
}

/** The body of a held-out sample (a zh sample's title line removed). */
const bodyOf = (s: string, zh: boolean): string => (zh && s.includes('\n') ? s.slice(s.indexOf('\n') + 1) : s);

/** The mix pool for a base model folder; `artistBodies` (in the base's format) are kept out of it. */
export function mixPool(baseDir: string, language: string, artistBodies: readonly string[], rng: Rng): MixPool {
  const zh = language.startsWith('zh');
  const heldoutFile = path.join(baseDir, 'heldout.jsonl');
  const heldout = existsSync(heldoutFile) ? readHeldout(heldoutFile).samples : [];
  const artist = new Set(artistBodies);
  const tang = zh ? tangPool(new Set([...artist, ...heldout.map((s) => bodyOf(s, zh))]), rng) : null;
  if (tang) return tang;
  const kept = heldout.filter((s) => !artist.has(bodyOf(s, zh)));
  return { samples: kept, bodies: kept.map((s) => bodyOf(s, zh)), source: `the base model's held-out text (${path.basename(baseDir)}/heldout.jsonl, ${kept.length} samples; the tuned model's scores on it are then no longer held-out)` };
}

/** Draws samples from the pool, seeded, until they hold about `characters` characters. */
export function drawMix(pool: MixPool, characters: number, rng: Rng): string[] {
  const order = pool.samples.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out: string[] = [];
  let n = 0;
  for (const i of order) {
    if (n >= characters) break;
    out.push(pool.samples[i]!);
    n += pool.samples[i]!.length;
  }
  return out;
}
