/**
 * A seed that continues (issue 23): two real starts on one data folder (the shipped Tang model, real SQLite, a real
 * socket.io /display page). No verse after the second start repeats a seed or a text from before it, and a fresh
 * installation still starts at the config's seed.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { continuedSeed } from '../../engine/verseSeed.ts';
import type { VerseEnd } from '../../protocol/events.ts';
import { client, startTestInstallation } from '../helpers/installation.ts';
import type { Installation } from '../../server/installation.ts';

/** Waits until a /display page has seen `n` verses end, and returns them. */
async function versesSeen(inst: Installation, n: number): Promise<VerseEnd[]> {
  const display = client(inst, '/display');
  const ends: VerseEnd[] = [];
  await new Promise<void>((resolve) => display.on('verse:end', (e) => ends.push(e) === n && resolve()));
  display.close();
  return ends;
}

describe('the verse seed continues from the archive', () => {
  it('keeps the config seed for a fresh installation and moves past the archive after', () => {
    expect(continuedSeed(1, null)).toBe(1);
    expect(continuedSeed(1, 41)).toBe(42);
    expect(continuedSeed(500, 41)).toBe(500);
  });

  it('two starts on one data folder: no verse after the second start repeats a seed or a text from before', async () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'inkverse-seed-'));
    const config = { data, engine: { seed: 1 } };

    const first = await startTestInstallation(config);
    await first.ready;
    const firstSeen = await versesSeen(first, 2);
    await first.close();

    const second = await startTestInstallation(config);
    let before: ReturnType<Installation['archive']['list']> = [];
    try {
      before = second.archive.list(1000);
      await second.ready;
      const secondSeen = await versesSeen(second, 2);
      const after = second.archive.list(1000).filter((v) => !before.some((b) => b.id === v.id));

      // The fresh installation began at the config's seed; the archive has every verse the room saw.
      expect(Math.min(...before.map((v) => v.seed))).toBe(1);
      for (const e of firstSeen) expect(before.find((v) => v.id === e.id)?.text).toBe(e.text);
      expect(after.length).toBeGreaterThanOrEqual(2);
      for (const e of secondSeen) expect(after.find((v) => v.id === e.id)?.text).toBe(e.text);
      const seedsBefore = new Set(before.map((v) => v.seed));
      const textsBefore = new Set(before.map((v) => v.text));
      for (const v of after) {
        expect(seedsBefore.has(v.seed), `seed ${v.seed} of "${v.text}" was used before the restart`).toBe(false);
        expect(textsBefore.has(v.text), `"${v.text}" was written before the restart`).toBe(false);
      }
      // And no two verses of the installation share a seed.
      const all = [...before, ...after];
      expect(new Set(all.map((v) => v.seed)).size).toBe(all.length);
    } finally {
      await second.close();
    }
  }, 240_000);
});
