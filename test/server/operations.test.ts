/**
 * @module test/server/operations
 * The parts of unattended operation that do not need a whole installation: opening hours (real local time
 * arithmetic), archive backups (a real SQLite archive, the real backup API, real files) and the guard's
 * injection rate (a real PromptQueue and RateLimit; the verse loop is a stand-in object with a fixed verse,
 * because the guard only reads its text).
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../engine/archive.ts';
import { PromptQueue } from '../../engine/promptQueue.ts';
import { InkverseError } from '../../protocol/errors.ts';
import { backupNow } from '../../server/archiveBackup.ts';
import { guardControl } from '../../server/guardedControl.ts';
import { isOpen, nextChange, type Hours } from '../../server/openingHours.ts';
import { ManualClock } from '../helpers/manualClock.ts';
import { fakeTarget } from '../helpers/fakeTarget.ts';

const at = (day: number, hhmm: string): Date => {
  // 2026-11-01 is a Sunday (day 0).
  const d = new Date(2026, 10, 1 + day, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3)));
  expect(d.getDay()).toBe(day);
  return d;
};

describe('opening hours', () => {
  const weekdays: Hours = { open: '10:00', close: '22:00', days: [1, 2, 3, 4, 5] };
  it('is open inside the hours on open days only', () => {
    expect(isOpen(weekdays, at(1, '09:59'))).toBe(false);
    expect(isOpen(weekdays, at(1, '10:00'))).toBe(true);
    expect(isOpen(weekdays, at(1, '21:59'))).toBe(true);
    expect(isOpen(weekdays, at(1, '22:00'))).toBe(false);
    expect(isOpen(weekdays, at(0, '12:00'))).toBe(false);
    expect(isOpen(undefined, at(0, '03:00'))).toBe(true);
  });

  it('hours past midnight belong to the day they open', () => {
    const night: Hours = { open: '20:00', close: '02:00', days: [5] }; // Friday night
    expect(isOpen(night, at(5, '23:30'))).toBe(true);
    expect(isOpen(night, at(6, '01:59'))).toBe(true);
    expect(isOpen(night, at(6, '02:00'))).toBe(false);
    expect(isOpen(night, at(6, '21:00'))).toBe(false);
  });

  it('names the next change: closing tonight, opening on Monday', () => {
    expect(nextChange(weekdays, at(1, '12:00'))).toBe(at(1, '22:00').getTime());
    expect(nextChange(weekdays, at(5, '23:00'))).toBe(new Date(2026, 10, 9, 10, 0).getTime());
    expect(nextChange(undefined, at(1, '12:00'))).toBeUndefined();
  });
});

describe('archive backups (real SQLite)', () => {
  it('copies a consistent archive while it stays open, and keeps the newest `keep`', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-backup-'));
    const archive = new Archive(dir);
    const base = { source: 'attract' as const, model: 'm', device: 'cpu', seed: 1, params: {}, lines: [], startedAt: '', endedAt: '', firstTokenMs: 1, tokens: 3, paramChanges: [], reason: 'done' as const };
    archive.save({ ...base, id: 'v1', prompt: '秋风', text: '秋风起' });
    const clock = new ManualClock(Date.UTC(2026, 10, 1, 12));
    const files: string[] = [];
    for (let i = 0; i < 3; i++) {
      archive.save({ ...base, id: `v${i + 2}`, prompt: 'p', text: 't' });
      files.push(await backupNow({ file: archive.file, dir: path.join(dir, 'backups'), keep: 2, clock }));
      await clock.advance(3_600_000);
    }
    archive.close();
    expect(readdirSync(path.join(dir, 'backups')).sort()).toEqual(files.slice(1).map((f) => path.basename(f)).sort());
    expect(existsSync(files[0]!)).toBe(false);
    const copy = new Database(files[2]!, { readonly: true });
    expect((copy.prepare('SELECT COUNT(*) AS n FROM verses').get() as { n: number }).n).toBe(4);
    copy.close();
  });
});

describe('guarded control: injection rate', () => {
  it('refuses injections beyond the rate with INKVERSE_E_RATE_LIMIT, per origin', async () => {
    const clock = new ManualClock();
    const injected: string[] = [];
    const target = { ...fakeTarget(), inject: (text: string) => void injected.push(text) };
    const guarded = guardControl(target, { queue: new PromptQueue(), loop: { current: () => null }, performerShare: 0.5, injectMaxChars: 50, injectPerMinute: 6, verseMaxChars: 4000, now: () => clock.now() });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      try {
        guarded.inject(`word ${i}`, 'osc');
      } catch (err) {
        codes.push((err as InkverseError).code);
      }
    }
    expect(injected).toEqual(['word 0']); // a burst of one (6 a minute)
    expect(codes).toEqual(['INKVERSE_E_RATE_LIMIT', 'INKVERSE_E_RATE_LIMIT', 'INKVERSE_E_RATE_LIMIT', 'INKVERSE_E_RATE_LIMIT']);
    guarded.inject('from the console', 'console'); // another origin has its own allowance
    await clock.advance(10_000);
    guarded.inject('later', 'osc');
    expect(injected).toEqual(['word 0', 'from the console', 'later']);
  });
});
