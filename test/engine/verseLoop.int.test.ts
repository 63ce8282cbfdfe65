import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../engine/archive.ts';
import { systemClock } from '../../engine/clock.ts';
import { PromptQueue } from '../../engine/promptQueue.ts';
import { VerseLoop } from '../../engine/verseLoop.ts';
import type { VerseEnd, VerseLine, VerseStart, VerseToken } from '../../protocol/events.ts';
import { lineLengths, realGenerator } from '../helpers/realModel.ts';

const { model, params, generator } = realGenerator('tang-poet-zh', { tempo: 0, verse_gap: 0.05, max_tokens: 64 });
const archive = new Archive(mkdtempSync(path.join(os.tmpdir(), 'inkverse-loop-')));
let loop: VerseLoop;
let queue: PromptQueue;

interface Recorded {
  start: VerseStart;
  tokens: VerseToken[];
  lines: VerseLine[];
  end: VerseEnd;
}

function record(l: VerseLoop, count: number, onStart?: (s: VerseStart, l: VerseLoop) => void, onToken?: (t: VerseToken) => void): Promise<Recorded[]> {
  const verses: Recorded[] = [];
  let cur: Partial<Recorded> & { tokens: VerseToken[]; lines: VerseLine[] } = { tokens: [], lines: [] };
  return new Promise((resolve) => {
    l.events.on('verse:start', (s) => {
      cur = { start: s, tokens: [], lines: [] };
      onStart?.(s, l);
    });
    l.events.on('verse:token', (t) => {
      cur.tokens.push(t);
      onToken?.(t);
    });
    l.events.on('verse:line', (x) => cur.lines.push(x));
    l.events.on('verse:end', (e) => {
      verses.push({ ...(cur as Recorded), end: e });
      if (verses.length === count) resolve(verses);
    });
  });
}

function makeLoop(): VerseLoop {
  queue = new PromptQueue();
  loop = new VerseLoop({ generator, model, params, queue, clock: systemClock, seed: 1, attract: ['秋风', '明月'], archive });
  return loop;
}

beforeAll(() => generator.load());
afterEach(() => loop?.close());
afterAll(async () => {
  await generator.close();
  archive.close();
});

describe('VerseLoop with the real Tang model', () => {
  it('writes attract verses when nobody waits: seq from 0 without gaps, lines announced, archived', async () => {
    const l = makeLoop();
    const done = record(l, 2);
    l.start();
    const verses = await done;
    for (const v of verses) {
      expect(v.start.source).toBe('attract');
      expect(v.tokens.map((t) => t.seq)).toEqual(v.tokens.map((_, i) => i));
      expect(v.end).toMatchObject({ id: v.start.id, reason: 'done' });
      expect(v.end.text).toBe(v.tokens.map((t) => t.text).join(''));
      expect(v.lines.map((x) => x.text).join('')).toBe(v.end.text);
      expect(lineLengths(v.end.text).every((n) => n === 5 || n === 7)).toBe(true);
      // Every token carries the index of the line it belongs to.
      for (const x of v.lines) expect(v.tokens.filter((t) => t.line === x.index).map((t) => t.text).join('')).toBe(x.text);
    }
    const stored = archive.list(10).map((v) => v.id);
    expect(stored).toContain(verses[0]!.start.id);
    expect(stored).toContain(verses[1]!.start.id);
  });

  it('writes a waiting visitor prompt next, with its source', async () => {
    const l = makeLoop();
    const { id } = queue.submit('江上秋月', 'visitor', 'kiosk-1');
    const done = record(l, 1);
    l.start();
    const [v] = await done;
    expect(v!.start).toMatchObject({ id, prompt: '江上秋月', source: 'visitor', model: 'tang-poet-zh' });
    expect(archive.list(5).find((a) => a.id === id)).toMatchObject({ source: 'visitor', reason: 'done', prompt: '江上秋月' });
  });

  it('skip ends the running verse at once with reason "skipped"', async () => {
    const l = makeLoop();
    let skipped = false;
    const done = record(l, 1, undefined, (t) => {
      if (t.seq === 2 && !skipped) skipped = l.skip();
    });
    l.start();
    const [v] = await done;
    expect(v!.end.reason).toBe('skipped');
    expect(v!.tokens.length).toBeLessThanOrEqual(4);
  });

  it('an attract verse that has shown nothing yet yields at once: never announced, the visitor verse is next', async () => {
    const l = makeLoop();
    let attractId: string | null = null;
    const starts: VerseStart[] = [];
    l.events.on('verse:start', (s) => starts.push(s));
    // The loop turns to 'writing' as it begins the attract verse, before its first line is drafted.
    l.events.on('state', (state) => {
      if (state !== 'writing' || attractId !== null) return;
      attractId = 'asked';
      queue.submit('江上秋月', 'visitor', 'kiosk-1');
    });
    const done = record(l, 1);
    l.start();
    const [v] = await done;
    expect(v!.start).toMatchObject({ source: 'visitor', prompt: '江上秋月' });
    expect(v!.end.reason).toBe('done');
    expect(starts).toEqual([v!.start]);
  });

  it('co-writing: injected words join the verse and the model continues from them', async () => {
    const l = makeLoop();
    let injected = false;
    const done = record(l, 1, undefined, (t) => {
      if (t.seq === 1 && !injected) {
        injected = true;
        l.inject('明月');
      }
    });
    l.start();
    const [v] = await done;
    const i = v!.tokens.findIndex((t) => t.text === '明月');
    expect(i).toBeGreaterThanOrEqual(2);
    expect(v!.tokens.length).toBeGreaterThan(i + 1);
    expect(v!.tokens[i]!.entropy).toBeUndefined();
    expect(v!.end.reason).toBe('done');
  });

  it('records parameter changes in the archive with the verse they touched', async () => {
    const l = makeLoop();
    let changed = false;
    const done = record(l, 1, undefined, (t) => {
      if (t.seq === 3 && !changed) {
        changed = true;
        params.set({ temperature: 0.5 }, 'osc');
      }
    });
    l.start();
    const [v] = await done;
    const stored = archive.list(10).find((a) => a.id === v!.start.id)!;
    expect(stored.paramChanges).toEqual([{ atToken: 4, values: { temperature: 0.5 }, origin: 'osc' }]);
    params.set({ temperature: 0.9 }, 'test');
  });
});
