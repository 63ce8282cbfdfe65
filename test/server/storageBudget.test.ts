/**
 * @module test/server/storageBudget
 * The archive and its backups kept within a configured budget (real SQLite files): the oldest verses go first,
 * attract verses (nobody's own) before visitors' ones; the newest backup always stays.
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../engine/archive.ts';
import type { ArchivedVerse } from '../../engine/archivedVerse.ts';
import { backupNow } from '../../server/archiveBackup.ts';
import { ManualClock } from '../helpers/manualClock.ts';

const base: Omit<ArchivedVerse, 'id' | 'source' | 'endedAt'> = { prompt: 'p', model: 'm', device: 'cpu', seed: 1, params: {}, text: '秋'.repeat(2000), lines: [], reason: 'done', startedAt: '', firstTokenMs: 1, tokens: 2000, paramChanges: [] };

describe('storage budgets (real SQLite)', () => {
  it('prunes the archive to its budget, the oldest attract verses first, visitors\' verses kept while attract ones remain', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-budget-'));
    const archive = new Archive(dir);
    for (let i = 0; i < 200; i++) {
      const endedAt = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
      archive.save({ ...base, id: `v${i}`, source: i % 2 ? 'visitor' : 'attract', endedAt });
    }
    const before = archive.usedBytes();
    const budget = Math.round(before * 0.85);
    const deleted = archive.prune(budget);
    expect(deleted).toBeGreaterThan(0);
    expect(archive.usedBytes()).toBeLessThanOrEqual(budget);
    const left = archive.list(500);
    expect(left.filter((v) => v.source === 'visitor')).toHaveLength(100);
    const attract = left.filter((v) => v.source === 'attract').map((v) => Number(v.id.slice(1)));
    // Some attract verses are left, and they are the newest ones.
    expect(attract.length).toBeGreaterThan(0);
    expect(Math.min(...attract)).toBe(200 - 2 * attract.length);
    archive.close();
  });

  it('keeps backups within their budget, oldest first, and always the newest', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-budget-'));
    const archive = new Archive(dir);
    for (let i = 0; i < 50; i++) archive.save({ ...base, id: `v${i}`, source: 'visitor', endedAt: new Date(Date.UTC(2026, 10, 1) + i).toISOString() });
    const clock = new ManualClock(Date.UTC(2026, 10, 1, 12));
    const files: string[] = [];
    for (let i = 0; i < 4; i++) {
      files.push(await backupNow({ file: archive.file, dir: path.join(dir, 'backups'), keep: 10, budgetBytes: 1, clock }));
      await clock.advance(3_600_000);
    }
    archive.close();
    expect(statSync(files[3]!).size).toBeGreaterThan(1);
    expect(readdirSync(path.join(dir, 'backups'))).toEqual([path.basename(files[3]!)]);
  });
});
