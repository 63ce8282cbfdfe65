/**
 * @module provenanceRoutes: `GET /api/key` (the installation's public keys, `?id=` one of them), `GET /v/<code>.json`
 * (the verse's signed record) and `GET /v/<code>.mid` (its music). A code that is malformed, unknown, or names a
 * verse without a record gets the same 404, which says nothing about the archive.
 */
import type { ServerResponse } from 'node:http';
import type { Archive } from '../../engine/archive.ts';
import type { ArchivedVerse } from '../../engine/archivedVerse.ts';
import type { ErrorPayload } from '../../protocol/errors.ts';
import type { KeyRing } from './keyRing.ts';
import { signedVerse } from './verseSeal.ts';
import { KNOWN_CODE_PATTERN } from '../versePage.ts';

export interface ProvenanceRoutesOptions {
  archive: Archive;
  keys: KeyRing;
  /** The verse's music as a standard MIDI file (verseMidi). */
  midi?: (verse: ArchivedVerse) => Uint8Array;
}

const NO_VERSE: ErrorPayload = { code: 'INKVERSE_E_NOT_FOUND', message: 'There is no verse under this code. Check the code on your ticket.' };

function json(res: ServerResponse, status: number, body: unknown, cache = 'no-store'): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': cache });
  res.end(JSON.stringify(body));
}

/** Answers the provenance routes (true), or leaves the route to others (false). */
export function createProvenanceRoutes(o: ProvenanceRoutesOptions): (route: string, query: URLSearchParams, res: ServerResponse) => boolean {
  return (route, query, res) => {
    if (route === '/api/key') {
      const list = o.keys.list();
      const id = query.get('id');
      if (id === null) return (json(res, 200, list), true);
      const key = list.keys.find((k) => k.id === id);
      if (!key) json(res, 404, { error: { code: 'INKVERSE_E_NOT_FOUND', message: `No key has the id ${JSON.stringify(id.slice(0, 40))}; ids look like k- and 16 hex digits (GET /api/key lists them).` } });
      else json(res, 200, { ...list, keys: [key] });
      return true;
    }
    const m = /^\/v\/([^/]*)\.(json|mid)$/.exec(route);
    if (!m) return false;
    const [, code, kind] = m as unknown as [string, string, 'json' | 'mid'];
    const id = KNOWN_CODE_PATTERN.test(code) ? o.archive.idOfCode(code) : null;
    const seal = id ? o.archive.seal(id) : null;
    const verse = id ? o.archive.get(id) : null;
    if (!seal || !verse || (kind === 'mid' && !o.midi)) return (json(res, 404, { error: NO_VERSE }), true);
    if (kind === 'json') return (json(res, 200, signedVerse(seal), 'private, max-age=3600'), true);
    const bytes = o.midi!(verse);
    res.writeHead(200, { 'content-type': 'audio/midi', 'content-disposition': `attachment; filename="inkverse-${code}.mid"`, 'cache-control': 'private, max-age=3600', 'content-length': bytes.byteLength });
    res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return true;
  };
}
