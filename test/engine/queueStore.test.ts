import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../engine/archive.ts';
import type { ArchivedVerse } from '../../engine/archivedVerse.ts';
import { PromptQueue } from '../../engine/promptQueue.ts';
import { QueueStore } from '../../engine/queueStore.ts';
import { Segmenter } from '../../engine/segmenter.ts';
import { interruptedVerseId, VerseJournal } from '../../engine/verseJournal.ts';
import { thrown } from '../helpers/thrown.ts';

/** One data folder opened as the installation opens it: store, queue, archive, journal (recovering at once). */
interface Opened {
  store: QueueStore;
  queue: PromptQueue;
  archive: Archive;
  journal: VerseJournal;
  recovered: number;
  close(): void;
}

const open: Opened[] = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
});

let n = 0;
function openData(dir: string, now = (): number => Date.now()): Opened {
  const store = new QueueStore({ dir, now });
  const queue = new PromptQueue({ max: 32, perClient: 2 }, () => `p${n++}`, store);
  const archive = new Archive(dir);
  const journal = new VerseJournal({ store, archive, queue, now });
  const recovered = journal.recover();
  let closed = false;
  const o = {
    store,
    queue,
    archive,
    journal,
    recovered,
    close: () => {
      if (closed) return;
      closed = true;
      archive.close();
      store.close();
    },
  };
  open.push(o);
  return o;
}

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'inkverse-queue-'));
const START = { model: 'm', device: 'cpu', seed: 7, params: { temperature: 0.9 }, startedAt: Date.parse('2026-01-01T00:00:00Z') };

/** Writes a verse's first tokens into the journal, as the loop does, and returns the text. */
function writeTokens(journal: VerseJournal, id: string, tokens: string[]): string {
  const seg = new Segmenter(['，', '。']);
  let text = '';
  for (const [i, t] of tokens.entries()) {
    seg.push(t);
    text += t;
    journal.progress(id, { text, tokens: i + 1, lines: seg.lines, pending: seg.current, firstTokenMs: 40, paramChanges: [] });
  }
  return text;
}

function archived(id: string, reason: ArchivedVerse['reason'], text = '秋风吹落叶，'): ArchivedVerse {
  return { id, prompt: 'x', source: 'visitor', model: 'm', device: 'cpu', seed: 7, params: {}, text, lines: [text], reason, startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:00:05.000Z', firstTokenMs: 40, tokens: 6, paramChanges: [] };
}

describe('QueueStore + PromptQueue (real SQLite)', () => {
  it('restores every waiting prompt with its id, in the queue order (performers first, visitors by rounds)', () => {
    const dir = tmp();
    const a = openData(dir);
    a.queue.submit('a one', 'visitor', 'A');
    a.queue.submit('a two', 'visitor', 'A');
    a.queue.submit('b one', 'visitor', 'B');
    a.queue.submit('perform', 'performer', 'console');
    // Every field a prompt carries comes back, including ones added later (here an extra one).
    Object.assign(a.queue.list()[1]!, { extra: 'kept' });
    a.store.put(a.queue.list()[1]!);
    const before = a.queue.list().map((p) => ({ ...p }));
    expect(before.map((p) => p.text)).toEqual(['perform', 'a one', 'b one', 'a two']);
    a.close();

    const b = openData(dir);
    expect(b.queue.list()).toEqual(before);
    // New arrivals keep counting after the restored ones and take their fair turn.
    b.queue.submit('c one', 'visitor', 'C');
    expect(b.queue.list().map((p) => p.text)).toEqual(['perform', 'a one', 'b one', 'c one', 'a two']);
  });

  it('refuses a prompt it cannot write down, changing nothing', () => {
    const a = openData(tmp());
    a.queue.submit('kept', 'visitor', 'A');
    a.store.close();
    const refusal = thrown(() => a.queue.submit('lost', 'visitor', 'B'));
    expect(refusal.code).toBe('INKVERSE_E_STORAGE');
    expect(refusal.message).toMatch(/not queued/);
    expect(a.queue.list().map((p) => p.text)).toEqual(['kept']);
  });

  it('remembers a removed prompt (not restored) for a week, then forgets it', () => {
    const dir = tmp();
    let now = Date.parse('2026-01-01T00:00:00Z');
    const a = openData(dir, () => now);
    const { id } = a.queue.submit('gone', 'visitor', 'A');
    let change = '';
    a.queue.onChange((c) => (change = `${c.kind} ${c.id}`));
    expect(a.queue.remove(id)).toBe(true);
    expect(change).toBe(`removed ${id}`);
    a.close();
    const b = openData(dir, () => now);
    expect(b.queue.size).toBe(0);
    expect(b.store.wasRemoved(id)).toBe(true);
    b.close();
    now += 8 * 24 * 3600_000;
    expect(openData(dir, () => now).store.wasRemoved(id)).toBe(false);
  });
});

describe('VerseJournal (real SQLite): nothing lost when a verse is cut short', () => {
  it('after a crash mid-verse: archives it as interrupted with every finished line the room saw (the unfinished one may be lost), and its prompt goes back to the head', () => {
    const dir = tmp();
    const a = openData(dir);
    const first = a.queue.submit('江上秋月', 'visitor', 'A');
    a.queue.submit('second', 'visitor', 'B');
    const item = a.queue.next()!;
    expect(item.id).toBe(first.id);
    a.journal.begin(item, START);
    const text = writeTokens(a.journal, item.id, ['秋', '风', '吹', '落', '叶', '，', '明', '月']);
    expect(text).toBe('秋风吹落叶，明月');
    a.queue.submit('perform', 'performer', 'console');
    // The crash: nothing more is written; the file is simply opened again.
    a.close();

    const b = openData(dir);
    expect(b.recovered).toBe(1);
    const verse = b.archive.get(interruptedVerseId(item.id, 1))!;
    // Written at the first token and at the line's end; the unfinished line is batched and lost with the crash.
    expect(verse).toMatchObject({ prompt: '江上秋月', source: 'visitor', reason: 'interrupted', text: '秋风吹落叶，', tokens: 6, lines: ['秋风吹落叶，'], seed: 7, firstTokenMs: 40 });
    // Its prompt is next, ahead of the performer, with its id (so the kiosk still knows it).
    expect(b.queue.list().map((p) => [p.text, p.attempts ?? 0])).toEqual([['江上秋月', 1], ['perform', 0], ['second', 0]]);
    expect(b.queue.list()[0]!.id).toBe(item.id);
    expect(b.store.running()).toEqual([]);
    b.close();
    // Opening again changes nothing: recovery happened once.
    const c = openData(dir);
    expect(c.recovered).toBe(0);
    expect(c.queue.size).toBe(3);
    expect(c.archive.count()).toBe(1);
  });

  it('rows written before presets were renamed (a change from origin "voice") read back with origin "preset", in the archive and the journal', () => {
    const dir = tmp();
    const a = openData(dir);
    a.archive.save(archived('old', 'done'));
    a.queue.submit('江上', 'visitor', 'A');
    const item = a.queue.next()!;
    a.journal.begin(item, START);
    writeTokens(a.journal, item.id, ['秋', '风', '吹', '落', '叶', '，']);
    a.close();
    // Exactly what the old code stored: the same columns, the change's origin spelt "voice".
    const OLD = JSON.stringify([{ atToken: 2, values: { temperature: 1.5, tempo: 24 }, origin: 'voice' }, { atToken: 4, values: { top_k: 9 }, origin: 'osc' }]);
    const db = new Database(path.join(dir, 'inkverse.db'));
    expect(db.prepare('UPDATE verses SET param_changes = ? WHERE id = ?').run(OLD, 'old').changes).toBe(1);
    expect(db.prepare('UPDATE verse_journal SET param_changes = ? WHERE id = ?').run(OLD, item.id).changes).toBe(1);
    db.close();

    const b = openData(dir);
    const expected = [{ atToken: 2, values: { temperature: 1.5, tempo: 24 }, origin: 'preset' }, { atToken: 4, values: { top_k: 9 }, origin: 'osc' }];
    expect(b.archive.get('old')!.paramChanges).toEqual(expected);
    expect(b.recovered).toBe(1);
    expect(b.archive.get(interruptedVerseId(item.id, 1))!.paramChanges).toEqual(expected);
  });

  it('progress is batched within a line: written every flushEveryTokens tokens, after flushAfterMs, and by flush()', () => {
    const dir = tmp();
    let now = START.startedAt;
    const store = new QueueStore({ dir, now: () => now });
    const archive = new Archive(dir);
    const journal = new VerseJournal({ store, archive, queue: new PromptQueue({}, undefined, store), flushEveryTokens: 4, flushAfterMs: 500, now: () => now });
    const item = { id: 'v1', text: '秋', source: 'attract' as const, owner: 'attract', seq: -1 };
    journal.begin(item, START);
    const written = (): number => store.running()[0]!.progress.tokens;
    const chars = [...'一二三四五六七八九十'];
    const seg = new Segmenter(['，', '。']);
    let text = '';
    const token = (i: number): void => {
      seg.push(chars[i]!);
      text += chars[i];
      journal.progress('v1', { text, tokens: i + 1, lines: seg.lines, pending: seg.current, firstTokenMs: 40, paramChanges: [] });
    };
    token(0);
    expect(written()).toBe(1); // the first token at once
    for (let i = 1; i <= 3; i++) token(i);
    expect(written()).toBe(1);
    token(4);
    expect(written()).toBe(5); // 4 tokens after the last write
    token(5);
    expect(written()).toBe(5);
    now += 500;
    token(6);
    expect(written()).toBe(7); // the last write is 500 ms old
    token(7);
    expect(written()).toBe(7);
    journal.flush();
    expect(store.running()[0]!.progress).toMatchObject({ tokens: 8, text: '一二三四五六七八', lines: ['一二三四五六七八'] });
    archive.close();
    store.close();
  });

  it('a verse that ends is archived under its prompt id and leaves the journal; a crash after archiving duplicates nothing', () => {
    const dir = tmp();
    const a = openData(dir);
    const { id } = a.queue.submit('done', 'visitor', 'A');
    a.journal.begin(a.queue.next()!, START);
    expect(a.journal.writing?.id).toBe(id);
    a.journal.save(archived(id, 'done'));
    expect(a.journal.writing).toBeNull();
    expect(a.store.running()).toEqual([]);
    expect(a.archive.get(id)?.reason).toBe('done');

    // The crash falls between archiving and clearing the journal.
    const { id: id2 } = a.queue.submit('half', 'visitor', 'A');
    a.journal.begin(a.queue.next()!, START);
    a.archive.save(archived(id2, 'done'));
    a.close();
    const b = openData(dir);
    expect(b.recovered).toBe(0);
    expect(b.archive.get(id2)?.reason).toBe('done');
    expect(b.queue.size).toBe(0);
    expect(b.archive.count()).toBe(2);
  });

  it('a shutdown interruption (reason interrupted from the loop) is archived and requeued at once', () => {
    const a = openData(tmp());
    const { id } = a.queue.submit('drained', 'visitor', 'A');
    const item = a.queue.next()!;
    a.journal.begin(item, START);
    a.journal.save(archived(id, 'interrupted', '秋风'));
    expect(a.archive.get(id)).toBeNull();
    expect(a.archive.get(interruptedVerseId(id, 1))).toMatchObject({ reason: 'interrupted', text: '秋风' });
    expect(a.queue.list().map((p) => p.id)).toEqual([id]);
    expect(a.store.running()).toEqual([]);
  });

  it('a verse cut short before its first token archives nothing and requeues its prompt without counting an attempt', () => {
    const a = openData(tmp());
    const { id } = a.queue.submit('waiting out a failing model', 'visitor', 'A');
    for (let i = 0; i < 5; i++) {
      const item = a.queue.next()!;
      a.journal.begin(item, START);
      a.journal.save({ ...archived(id, 'interrupted', ''), tokens: 0, lines: [] });
    }
    expect(a.queue.list().map((p) => [p.id, p.attempts ?? 0])).toEqual([[id, 0]]);
    expect(a.archive.count()).toBe(0);
    expect(a.store.running()).toEqual([]);
  });

  it('a crash before the first token archives nothing but counts an attempt', () => {
    const dir = tmp();
    const a = openData(dir);
    const { id } = a.queue.submit('crashed early', 'visitor', 'A');
    a.journal.begin(a.queue.next()!, START);
    a.journal.begin({ id: 'attract-0', text: '秋', source: 'attract', owner: 'attract', seq: -1 }, START);
    a.close();
    const b = openData(dir);
    expect(b.recovered).toBe(2);
    expect(b.archive.count()).toBe(0);
    expect(b.queue.list().map((p) => [p.id, p.attempts])).toEqual([[id, 1]]);
  });

  it('an interrupted attract verse is archived but not requeued; a prompt interrupted 3 times is archived under its own id and dropped', () => {
    const dir = tmp();
    const a = openData(dir);
    a.journal.begin({ id: 'attract-1', text: '秋风', source: 'attract', owner: 'attract', seq: -1 }, START);
    writeTokens(a.journal, 'attract-1', ['秋']);
    const { id } = a.queue.submit('poison', 'visitor', 'A');
    a.close();
    let o = openData(dir);
    expect(o.archive.get('attract-1')).toMatchObject({ reason: 'interrupted', source: 'attract', text: '秋' });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const item = o.queue.next()!;
      expect(item.id).toBe(id);
      o.journal.begin(item, START);
      writeTokens(o.journal, id, ['秋', '风']);
      o.close();
      o = openData(dir);
    }
    expect(o.queue.size).toBe(0);
    expect(o.archive.get(interruptedVerseId(id, 2))?.reason).toBe('interrupted');
    expect(o.archive.get(id)?.reason).toBe('interrupted');
    expect(o.archive.count()).toBe(4);
  });
});
