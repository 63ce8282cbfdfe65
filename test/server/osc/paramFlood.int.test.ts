/**
 * @module test/osc/paramFlood
 * One OSC sender's parameter flood adds a bounded record to the archive: a real installation (the shipped Tang
 * model at its reading pace, real SQLite) receives over real UDP the count of 10 s of 400 bundles/s of 60
 * `/inkverse/param/temperature` messages (240,000 changes). The test sends them faster than 10 s would (it waits
 * for each batch to be applied, not on time), so the sender's rate allowance is raised to let every packet through;
 * at the real pace it is within the default `osc.perSender` (500 packets/s). `/api/verses` pages by size.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchivedVerse } from '../../../engine/archivedVerse.ts';
import { ParamChangeLog } from '../../../engine/paramChangeLog.ts';
import type { Installation } from '../../../server/installation.ts';
import { encodeOscBundle } from '../../../server/osc/oscEncode.ts';
import { API_PAGE_BYTES } from '../../../server/httpRoutes.ts';
import { startTestInstallation } from '../../helpers/installation.ts';
import { udpClient } from './udp.ts';

const BUNDLES = 4000; // 10 s x 400 bundles/s
const PER_BUNDLE = 60;
const BATCH = 20; // bundles in flight at once: well inside the socket's receive buffer

let inst: Installation;
beforeAll(async () => {
  inst = await startTestInstallation({
    params: { tempo: 8, verse_gap: 1 },
    osc: { perSender: { perSecond: 1_000_000, burst: 1_000_000 } },
    backup: { everyHours: 0 },
  });
  await inst.ready;
}, 300_000);
afterAll(async () => {
  await inst?.close();
});

/** inkverse.db with its WAL folded in (checkpointed and truncated), in bytes. */
function databaseBytes(file: string): number {
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  let wal = 0;
  try {
    wal = statSync(`${file}-wal`).size;
  } catch {
    // no WAL file
  }
  return statSync(file).size + wal;
}

describe('a parameter flood from one allowed OSC sender (real UDP, real SQLite, shipped Tang model)', () => {
  it('240,000 temperature changes grow the database by less than 1 MB; each archived verse holds at most one entry per token', async () => {
    await new Promise<void>((resolve) => {
      const off = inst.loop.events.on('verse:token', () => (off(), resolve()));
    });
    const file = path.join(inst.config.data, 'inkverse.db');
    const before = databaseBytes(file);
    const touched = new Set<string>();
    const offStart = inst.loop.events.on('verse:start', (s) => touched.add(s.id));
    const first = inst.loop.current();
    if (first) touched.add(first.start.id);

    let applied = 0;
    let waiting = null as { target: number; resolve: () => void } | null;
    const offChange = inst.params.onChange((c) => {
      if (c.origin !== 'osc') return;
      applied++;
      const w = waiting;
      if (w && applied >= w.target) {
        waiting = null;
        w.resolve();
      }
    });
    const udp = await udpClient(inst.osc.address().port);
    let sent = 0;
    for (let b = 0; b < BUNDLES; b += BATCH) {
      const batch = Array.from({ length: BATCH }, (_, k) =>
        encodeOscBundle(Array.from({ length: PER_BUNDLE }, (_, j) => ({ address: '/inkverse/param/temperature', args: [0.5 + (((b + k) * PER_BUNDLE + j) % 97) / 100] }))),
      );
      sent += BATCH * PER_BUNDLE;
      await Promise.all(batch.map((p) => udp.send(p)));
      // Waits for this batch to be applied (an event, not a time) before the next goes out.
      await new Promise<void>((resolve) => (applied >= sent ? resolve() : (waiting = { target: sent, resolve })));
    }
    await udp.close();
    offChange();
    expect(applied).toBe(BUNDLES * PER_BUNDLE);

    // The verse the flood ended in is archived once it ends.
    const last = inst.loop.current()?.start.id;
    if (last) await new Promise<void>((resolve) => {
      const off = inst.loop.events.on('verse:end', (e) => e.id === last && (off(), resolve()));
    });
    offStart();
    const grown = databaseBytes(file) - before;
    expect(grown).toBeLessThan(1_000_000);

    const archived = [...touched].map((id) => inst.archive.get(id)).filter((v): v is ArchivedVerse => v !== null);
    expect(archived.length).toBeGreaterThan(0);
    for (const v of archived) {
      const osc = v.paramChanges.filter((c) => c.origin === 'osc');
      expect(new Set(osc.map((c) => c.atToken)).size).toBe(osc.length);
      expect(osc.length).toBeLessThanOrEqual(v.tokens + 1);
    }
  }, 900_000);

  it('/api/verses?limit=500 pages by size: about 1 MiB an answer, and `next` gives the rest with none twice', async () => {
    const log = new ParamChangeLog();
    for (let t = 0; t < 600; t++) log.record(t, { temperature: 0.5 + (t % 50) / 100 }, 'osc');
    expect(log.entries).toHaveLength(500);
    expect(log.dropped).toBe(100);
    const base = inst.archive.list(1)[0]!;
    for (let i = 0; i < 60; i++) {
      const endedAt = new Date(Date.parse(base.endedAt) - (i + 1) * 60_000).toISOString();
      inst.archive.save({ ...base, id: `big-verse-${i}`, endedAt, tokens: 600, paramChanges: log.entries, paramChangesDropped: log.dropped });
    }
    const total = inst.archive.count();
    const ids: string[] = [];
    let url: string | undefined = '/api/verses?limit=500';
    let pages = 0;
    while (url) {
      const res = await fetch(inst.url + url);
      expect(res.status).toBe(200);
      const text = await res.text();
      const body = JSON.parse(text) as { verses: ArchivedVerse[]; next?: string };
      expect(text.length).toBeLessThan(API_PAGE_BYTES + 100_000);
      ids.push(...body.verses.map((v) => v.id));
      url = body.next;
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(inst.archive.get('big-verse-0')?.paramChangesDropped).toBe(100);
  }, 120_000);
});
