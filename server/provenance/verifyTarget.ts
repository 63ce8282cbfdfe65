/**
 * @module verifyTarget: what `npm run verse:verify -- <file|url>` does. A URL (`/v/<code>`, `/v/<code>.json`) is
 * fetched, and its installation's keys from `/api/key` on the same server; a file is checked against the keys of
 * `--keys <file|url>` (a saved `/api/key` answer, or its address) or, by default, those in the data folder.
 */
import { readFileSync } from 'node:fs';
import { InkverseError } from '../../protocol/errors.ts';
import type { KeyList } from '../../protocol/provenance.ts';
import { readKeyList } from './keyRing.ts';
import { verifySignedVerse, type Verdict } from './verseSeal.ts';

export interface VerifyOptions {
  /** A saved `/api/key` answer (file) or its URL; default: the server of a URL target, else `dataDir`'s keys. */
  keys?: string;
  dataDir: string;
}

const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);

async function readJson(target: string, what: string): Promise<unknown> {
  try {
    if (!isUrl(target)) return JSON.parse(readFileSync(target, 'utf8'));
    const res = await fetch(target);
    if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
    return await res.json();
  } catch (err) {
    throw new InkverseError('INKVERSE_E_SIGNATURE', `Could not read ${what} from ${target}: ${(err as Error).message}.`, { cause: err });
  }
}

/** The record's address for a page or record URL (`/v/<code>` -> `/v/<code>.json`). */
export function recordUrl(target: string): string {
  const u = new URL(target);
  if (/^\/v\/[^/.]+\/?$/.test(u.pathname)) u.pathname = `${u.pathname.replace(/\/$/, '')}.json`;
  return u.toString();
}

export async function verifyTarget(target: string, o: VerifyOptions): Promise<Verdict & { record: unknown }> {
  const source = isUrl(target) ? recordUrl(target) : target;
  const signed = await readJson(source, 'the signed verse');
  let keys: KeyList | null;
  if (o.keys) keys = (await readJson(o.keys, 'the keys')) as KeyList;
  else if (isUrl(target)) keys = (await readJson(new URL('/api/key', source).toString(), 'the keys')) as KeyList;
  else keys = readKeyList(o.dataDir);
  if (!keys || !Array.isArray(keys.keys)) {
    throw new InkverseError('INKVERSE_E_SIGNATURE', `No keys to check against: ${o.dataDir} has no keys/ folder. Pass --keys <file|url> (an installation's GET /api/key).`);
  }
  return { ...verifySignedVerse(signed, keys), record: (signed as { record?: unknown } | null)?.record ?? null };
}
