/**
 * `kiosk.attractCodes` against two real installations (shipped Tang model, real SQLite files): by default an attract
 * verse (written while nobody waits) gets no take-away code, so there is nothing of it to find at `/v/`; with
 * `attractCodes: true` it gets one, stored in the archive, and its page opens.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Installation } from '../../server/installation.ts';
import { useInstallation } from '../helpers/installation.ts';

const plain = useInstallation({ params: { tempo: 30, verse_gap: 0.5 } });
const coded = useInstallation({ params: { tempo: 30, verse_gap: 0.5 }, kiosk: { attractCodes: true } });

/** The id of the next attract verse to end, once the verse after it has begun (so its code, if any, is stored). */
function attractEnded(inst: Installation): Promise<string> {
  return new Promise((resolve) => {
    let ended: string | null = null;
    const offs = [
      inst.loop.events.on('verse:start', () => {
        if (ended === null) return;
        offs.forEach((off) => off());
        resolve(ended);
      }),
      inst.loop.events.on('verse:end', (e) => {
        if (ended === null && e.reason === 'done' && inst.archive.get(e.id)?.source === 'attract') ended = e.id;
      }),
    ];
  });
}

/** The take-away codes stored for verse `id`, read from the installation's SQLite file. */
function codesOf(inst: Installation, id: string): string[] {
  const db = new Database(inst.archive.file, { readonly: true });
  try {
    return (db.prepare('SELECT code FROM verse_pages WHERE id = ?').all(id) as Array<{ code: string }>).map((r) => r.code);
  } finally {
    db.close();
  }
}

describe('kiosk.attractCodes', () => {
  it('off (the default): an attract verse has no take-away code', async () => {
    const id = await attractEnded(plain.inst);
    expect(plain.inst.archive.get(id)).toMatchObject({ source: 'attract' });
    expect(codesOf(plain.inst, id)).toEqual([]);
  }, 300_000);

  it('on: an attract verse gets a code, and its /v/ page shows the verse', async () => {
    const id = await attractEnded(coded.inst);
    const codes = codesOf(coded.inst, id);
    expect(codes).toHaveLength(1);
    const res = await fetch(`${coded.inst.url}/v/${codes[0]}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const verse = coded.inst.archive.get(id)!;
    for (const line of verse.lines) expect(html).toContain(line);
  }, 300_000);
});
