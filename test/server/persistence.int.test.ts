/**
 * Nothing lost, with a real server process (node --import tsx server/main.ts, the real Tang model, real
 * SQLite in a temporary INKVERSE_DATA): `kill -9` with five prompts queued from five kiosk pages, and
 * SIGTERM draining within the grace or requeueing past it. Every wait is on an event or a log line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { systemClock } from '../../engine/clock.ts';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import type { ConfigInput } from '../../config/schema.ts';
import { Archive } from '../../engine/archive.ts';
import type { ArchivedVerse } from '../../engine/archivedVerse.ts';
import { QueueStore } from '../../engine/queueStore.ts';
import { interruptedVerseId } from '../../engine/verseJournal.ts';
import type { ClientToServerEvents, PromptAck, PromptStatus, PromptStatusAck, ServerToClientEvents, VerseEnd, VerseLine, VerseToken } from '../../protocol/events.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
  /** Everything it printed, for failure messages. */
  output(): string;
}

const children: ChildProcess[] = [];
const sockets: Client[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** One data folder and one config for the server's lives in a test. */
function installationFiles(config: ConfigInput): { data: string; configFile: string } {
  const data = mkdtempSync(path.join(os.tmpdir(), 'inkverse-persist-'));
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'inkverse-persist-cfg-'));
  const configFile = path.join(configDir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ server: { host: '127.0.0.1' }, osc: { host: '127.0.0.1' }, ...config }));
  return { data, configFile };
}


/** Starts the server as one node process, as an installer's service manager would, and waits for its page URLs. */
function startServer({ data, configFile }: { data: string; configFile: string }): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, VITEST: '', INKVERSE_TOKEN: TOKEN, INKVERSE_CONFIG: configFile, INKVERSE_DATA: data, PORT: '0', OSC_PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let out = '';
  const keep = (d: Buffer): void => void (out.length < 200_000 && (out += d.toString()));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const base = /(http:\/\/127\.0\.0\.1:\d+)\/kiosk/.exec(out)?.[1];
      if (base) {
        child.stdout!.off('data', onData);
        resolve({ child, base, exited, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`the server exited (${code}) before it was up:\n${out}`)));
  });
}

/** A page's socket, recording every event so a wait never misses one that came first. */
function page(base: string, ns: '/kiosk' | '/display' | '/console', auth?: Record<string, string>): { socket: Client; seen: Array<[string, unknown]> } {
  const socket: Client = io(base + ns, { transports: ['websocket'], reconnection: false, forceNew: true, ...(auth ? { auth } : {}) });
  sockets.push(socket);
  const seen: Array<[string, unknown]> = [];
  socket.onAny((event: string, p: unknown) => seen.push([event, p]));
  return { socket, seen };
}

function when<E extends keyof ServerToClientEvents>(
  p: { socket: Client; seen: Array<[string, unknown]> },
  event: E,
  match: (x: Parameters<ServerToClientEvents[E]>[0]) => boolean,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  type P = Parameters<ServerToClientEvents[E]>[0];
  const past = p.seen.find(([e, x]) => e === event && match(x as P));
  if (past) return Promise.resolve(past[1] as P);
  return new Promise((resolve) => {
    const handler = ((x: P) => {
      if (!match(x)) return;
      p.socket.off(event, handler as never);
      resolve(x);
    }) as never;
    p.socket.on(event, handler);
  });
}

function ask<T>(socket: Client, event: string, payload: unknown): Promise<T> {
  return new Promise((resolve) => (socket.emit as (e: string, ...a: unknown[]) => void)(event, payload, (ack: T) => resolve(ack)));
}

async function submit(kiosk: Client, text: string): Promise<string> {
  const ack = await ask<PromptAck>(kiosk, 'prompt:submit', { text });
  if (!ack.ok) throw new Error(`prompt refused: ${ack.error.code} ${ack.error.message}`);
  return ack.id;
}

async function status(kiosk: Client, ids: string[]): Promise<PromptStatus[]> {
  const ack = await ask<PromptStatusAck>(kiosk, 'prompt:status', { ids });
  if (!ack.ok) throw new Error(`prompt:status refused: ${ack.error.code}`);
  return ack.prompts;
}

/** Text of the tokens of one verse a page received. */
const textOf = (seen: Array<[string, unknown]>, id: string): string =>
  seen
    .filter(([e, p]) => e === 'verse:token' && (p as { id: string }).id === id)
    .map(([, p]) => (p as { text: string }).text)
    .join('');

/** Reads the archive and the waiting prompts from the data folder once the server has stopped. */
function readData(data: string): { verses: ArchivedVerse[]; waiting: string[] } {
  const archive = new Archive(data);
  const store = new QueueStore({ dir: data, now: systemClock.now });
  try {
    return { verses: archive.list(1000), waiting: store.load().map((p) => p.id) };
  } finally {
    archive.close();
    store.close();
  }
}

// Slow enough that a verse is being written for seconds: the kill lands mid-verse every time.
const SLOW = { tempo: 6, verse_gap: 0.1 };
/** The console token of the server's lives (a console speeds the verses up once nothing depends on their pace). */
const TOKEN = 'persist-token-123';
/** Two server lives and six slow verses on 2 busy cores. */
const LONG = 600_000;
const PROMPTS = ['江上秋月', '山中夜雨', '春风', '孤舟', '明月'];

describe('nothing lost (a real server process)', () => {
  it('kill -9 with 5 prompts queued from 5 kiosk pages: after the restart all 5 are written in order, the interrupted verse is archived and written again, no archived verse is lost', async () => {
    const files = installationFiles({ params: SLOW });
    const a = await startServer(files);
    const displayA = page(a.base, '/display');
    // Five kiosk pages on one machine (one address), each with its own client id, as a kiosk page sends it.
    const clientIds = PROMPTS.map(() => crypto.randomUUID());
    const kiosks = clientIds.map((clientId) => page(a.base, '/kiosk', { clientId }));
    const ids: string[] = [];
    for (const [i, k] of kiosks.entries()) ids.push(await submit(k.socket, PROMPTS[i]!));

    // The first prompt's verse is being written, past its first line, and the other four wait: now the server dies.
    const firstLine = await when(displayA, 'verse:line', (l) => l.id === ids[0]);
    await when(displayA, 'verse:token', (t) => t.id === ids[0] && t.line > firstLine.index);
    a.child.kill('SIGKILL');
    expect(await a.exited).toBe(null);
    const seenBeforeKill = textOf(displayA.seen, ids[0]!);
    // The lines the displays saw finished (the journal writes a line as it ends, before it is sent).
    const lastLine = Math.max(...displayA.seen.filter(([e, p]) => e === 'verse:line' && (p as VerseLine).id === ids[0]).map(([, p]) => (p as VerseLine).index));
    const finishedBeforeKill = displayA.seen
      .filter(([e, p]) => e === 'verse:token' && (p as VerseToken).id === ids[0] && (p as VerseToken).line <= lastLine)
      .map(([, p]) => (p as VerseToken).text)
      .join('');
    const archivedBeforeKill = displayA.seen.filter(([e]) => e === 'verse:end').map(([, p]) => (p as VerseEnd).id);
    expect(seenBeforeKill.length).toBeGreaterThan(0);
    for (const k of kiosks) k.socket.close();

    const b = await startServer(files);
    const displayB = page(b.base, '/display');
    // The kiosk pages come back and ask what became of their prompts, as the kiosk does on reconnect.
    const back = clientIds.map((clientId) => page(b.base, '/kiosk', { clientId }));
    await when(displayB, 'verse:token', (t) => t.id === ids[0]);
    const during = await status(back[4]!.socket, [...ids, 'no-such-prompt']);
    expect(during).toEqual([
      { id: ids[0], status: 'writing' },
      ...ids.slice(1).map((id, i) => ({ id, status: 'queued', position: i + 1 })),
      { id: 'no-such-prompt', status: 'unknown' },
    ]);
    // What is left to check is order and the archive, not pace: the console lets the rest be written at full speed.
    const performer = page(b.base, '/console', { token: TOKEN });
    expect(await ask<{ ok: boolean }>(performer.socket, 'params:set', { tempo: 0 })).toMatchObject({ ok: true });
    // Having asked, the last kiosk hears its prompt move again, up to the start of its verse.
    await when(back[4]!, 'queue:position', (p) => p.id === ids[4] && p.position === 0);
    const last = (await when(displayB, 'verse:end', (e) => e.id === ids[4])) as VerseEnd;
    expect(last.reason).toBe('done');
    const after = await status(back[0]!.socket, ids);
    expect(after).toEqual(ids.map((id) => ({ id, status: 'done', verseId: id, reason: 'done' })));

    b.child.kill('SIGTERM');
    expect(await b.exited, b.output()).toBe(0);
    const { verses, waiting } = readData(files.data);
    expect(waiting).toEqual([]);
    const byId = new Map(verses.map((v) => [v.id, v]));
    // All five written, in the order they were queued.
    const visitorOrder = [...verses].reverse().filter((v) => v.source === 'visitor' && v.reason === 'done').map((v) => v.id);
    expect(visitorOrder).toEqual(ids);
    for (const [i, id] of ids.entries()) expect(byId.get(id)).toMatchObject({ prompt: PROMPTS[i], reason: 'done' });
    // The interrupted verse: archived as such, with every line the displays had seen finish. Progress within a
    // line is batched, so the tail of the unfinished line may be missing (the verse was written again in full).
    const interrupted = byId.get(interruptedVerseId(ids[0]!, 1))!;
    expect(interrupted).toMatchObject({ prompt: PROMPTS[0], source: 'visitor', reason: 'interrupted' });
    expect(finishedBeforeKill.length).toBeGreaterThan(0);
    expect(interrupted.text.startsWith(finishedBeforeKill), `${interrupted.text} / ${finishedBeforeKill}`).toBe(true);
    // Nothing the displays were not about to see: what the journal had and what was shown agree as far as both go.
    expect(interrupted.text.startsWith(seenBeforeKill) || seenBeforeKill.startsWith(interrupted.text)).toBe(true);
    // No archived verse is lost, and nothing is called a performer's skip.
    for (const id of archivedBeforeKill) expect(byId.has(id)).toBe(true);
    expect(verses.filter((v) => v.reason === 'skipped')).toEqual([]);
  }, LONG);

  it('SIGTERM lets the verse being written finish within the grace, then exits 0', async () => {
    const files = installationFiles({ params: SLOW, engine: { shutdownGrace: 300 } });
    const a = await startServer(files);
    const display = page(a.base, '/display');
    const kiosk = page(a.base, '/kiosk');
    const id = await submit(kiosk.socket, '秋风');
    await when(display, 'verse:token', (t) => t.id === id && t.seq === 1);
    a.child.kill('SIGTERM');
    const end = (await when(display, 'verse:end', (e) => e.id === id)) as VerseEnd;
    expect(await a.exited, a.output()).toBe(0);
    expect(end.reason).toBe('done');
    // Nothing else started after the signal.
    expect(display.seen.filter(([e]) => e === 'verse:start').at(-1)?.[1]).toMatchObject({ id });
    const { verses, waiting } = readData(files.data);
    expect(verses.find((v) => v.id === id)).toMatchObject({ reason: 'done', text: end.text });
    expect(verses.filter((v) => v.reason === 'skipped' || v.reason === 'interrupted')).toEqual([]);
    expect(waiting).toEqual([]);
  }, LONG);

  it('SIGTERM past the grace archives the verse as interrupted (never skipped) and requeues its prompt ahead of the others', async () => {
    const files = installationFiles({ params: SLOW, engine: { shutdownGrace: 0 } });
    const a = await startServer(files);
    const display = page(a.base, '/display');
    const first = await submit(page(a.base, '/kiosk').socket, '孤舟');
    const second = await submit(page(a.base, '/kiosk').socket, '夜雨');
    await when(display, 'verse:token', (t) => t.id === first && t.seq === 1);
    a.child.kill('SIGTERM');
    const end = (await when(display, 'verse:end', (e) => e.id === first)) as VerseEnd;
    expect(end.reason).toBe('interrupted');
    expect(await a.exited, a.output()).toBe(0);
    const stopped = readData(files.data);
    expect(stopped.waiting).toEqual([first, second]);
    expect(stopped.verses.find((v) => v.id === interruptedVerseId(first, 1))).toMatchObject({ reason: 'interrupted', text: end.text });

    const b = await startServer(files);
    const displayB = page(b.base, '/display');
    const kiosk = page(b.base, '/kiosk');
    expect((await status(kiosk.socket, [first]))[0]!.status).toMatch(/^(queued|writing)$/);
    // Left to check: the order the requeued prompts are written in, not their pace.
    const performer = page(b.base, '/console', { token: TOKEN });
    expect(await ask<{ ok: boolean }>(performer.socket, 'params:set', { tempo: 0 })).toMatchObject({ ok: true });
    await when(displayB, 'verse:end', (e) => e.id === second);
    b.child.kill('SIGKILL');
    await b.exited;
    const { verses } = readData(files.data);
    const order = [...verses].reverse().filter((v) => v.source === 'visitor').map((v) => [v.id, v.reason]);
    expect(order).toEqual([
      [interruptedVerseId(first, 1), 'interrupted'],
      [first, 'done'],
      [second, 'done'],
    ]);
    expect(verses.filter((v) => v.reason === 'skipped')).toEqual([]);
  }, LONG);
});
