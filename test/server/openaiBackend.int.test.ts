/**
 * A real installation whose model runs on an inference server (`model.backend: "openai"`): here a FAKE server
 * that replays a recorded verse in llama-server's streaming format (test/helpers/recordedCompletionServer.ts),
 * over real HTTP, with real socket.io pages. A kiosk's verse is written end to end through it (drafting on, from
 * the server's log-probabilities); a server whose streams keep dropping hands the room to the shipped local model
 * (the display still gets verses, `/health` says why); a server without log-probabilities streams with drafting
 * off, and `/health` says so.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfigInput } from '../../config/schema.ts';
import type { PromptAck, VerseEnd, VerseStart } from '../../protocol/events.ts';
import type { Installation } from '../../server/installation.ts';
import { client, next, request, startTestInstallation, type Client } from '../helpers/installation.ts';
import { RECORDED_VERSE, RecordedCompletionServer, type RecordedServerOptions } from '../helpers/recordedCompletionServer.ts';

const open: Array<{ inst: Installation; server: RecordedCompletionServer; sockets: Client[] }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    for (const s of o.sockets) s.close();
    await o.inst.close();
    await o.server.close();
  }
});

async function start(server: RecordedServerOptions = {}, model: ConfigInput['model'] = {}) {
  const fake = await RecordedCompletionServer.start(server);
  const inst = await startTestInstallation({
    model: { backend: 'openai', fallback: [{ device: 'cpu' }], ...model },
    openai: { url: fake.url, model: 'tang-recorded', retries: 2, retryMin: 0.01 },
    params: { tempo: 0, verse_gap: 0.05, drafts: 2 },
  });
  const sockets: Client[] = [];
  open.push({ inst, server: fake, sockets });
  const open_ = (ns: string): Client => {
    const s = client(inst, ns);
    sockets.push(s);
    return s;
  };
  return { inst, server: fake, open: open_ };
}

async function health(inst: Installation): Promise<Record<string, unknown>> {
  return (await (await fetch(`${inst.url}/health`)).json()) as Record<string, unknown>;
}

describe('openai backend in a real installation (FAKE recorded inference server)', () => {
  it("a kiosk's verse is written end to end through the server, drafted from its log-probabilities; /health names the server", async () => {
    const { inst, server, open } = await start();
    const display = open('/display');
    const kiosk = open('/kiosk');
    await next(kiosk, 'state');
    const ack = await request<PromptAck>(kiosk, 'prompt:submit', { text: '春' });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    const id = (ack as { id: string }).id;
    const end = await next(display, 'verse:end', (e) => e.id === id, 120_000);
    expect(end).toMatchObject({ reason: 'done', text: RECORDED_VERSE });
    const drafts = server.requests.filter((r) => r.body.prompt === '春\n' && r.body.logprobs === 5 && r.body.max_tokens !== 1); // not the load's probe
    expect(drafts.length).toBeGreaterThanOrEqual(2); // the first line, drafted twice (`drafts: 2`)
    const h = await health(inst);
    expect(h).toMatchObject({ status: 'ok', model: 'tang-poet-zh', logprobs: { available: true, reason: null } });
    expect(String(h.device)).toContain(server.url);
  });

  it('a server whose streams drop mid-way and then keep dropping: tried again, then the shipped local model writes; the display still gets verses', async () => {
    // A long supervisor backoff keeps the failed server out long enough for the fallback's verse to be seen.
    const { inst, server, open } = await start({}, { supervision: { retryMin: 600, retryMax: 600 } });
    const display = open('/display');
    const ends: VerseEnd[] = [];
    const starts: VerseStart[] = [];
    display.on('verse:end', (e) => ends.push(e));
    display.on('verse:start', (s) => starts.push(s));
    await next(display, 'verse:token');
    server.faults.push({ kind: 'drop', after: 2 });
    server.faultEvery = { kind: 'drop', after: 0 };
    const failed = await next(display, 'verse:end', (e) => e.reason === 'error', 120_000);
    const local = await next(display, 'verse:end', (e) => e.reason === 'done' && ends.indexOf(e) > ends.indexOf(failed), 180_000);
    expect(local.text.length).toBeGreaterThan(5);
    expect(local.text).not.toBe(RECORDED_VERSE); // written by the local model, not replayed from the server
    expect(server.requests.some((r) => r.aborted && r.sent === 2)).toBe(true); // the drop mid-stream
    const h = await health(inst);
    expect(h).toMatchObject({ status: 'degraded', device: 'cpu' });
    expect(String(h.reason)).toMatch(new RegExp(`inference server at ${server.url.replace(/[.:/]/g, '\\$&')} failed 2 tries in a row`));
    expect(String(h.reason)).toMatch(/writing with tang-poet-zh on cpu meanwhile/);
  });

  it("a performer's skip aborts the verse's requests: the server sees them closed mid-line", async () => {
    const { inst, server, open } = await start({}, { fallback: [] });
    inst.params.set({ drafts: 0 }, 'test'); // streamed: the tokens before the stall are on the wall at once
    const display = open('/display');
    await next(display, 'verse:token');
    server.faultEvery = { kind: 'stall', after: 3 }; // every request stalls mid-line, as a busy server would
    const stalled = await server.waitFor((r) => r.sent === 3 && !r.aborted);
    await vi.waitFor(() => expect(inst.loop.current()?.tokens.length ?? 0).toBeGreaterThan(0), { timeout: 60_000, interval: 20 });
    const writing = inst.loop.current()!.start.id;
    inst.control.skip('console');
    const end = await next(display, 'verse:end', (e) => e.id === writing, 120_000);
    expect(end.reason).toBe('skipped');
    await server.waitFor((r) => r === stalled && r.aborted);
    expect(stalled.aborted).toBe(true);
  });

  it('a server that sends no log-probabilities: verses are streamed (no drafts asked), and /health says drafting has none', async () => {
    const { inst, server, open } = await start({ logprobs: false });
    const display = open('/display');
    const end = await next(display, 'verse:end', (e) => e.reason === 'done', 120_000);
    expect(end.text).toBe(RECORDED_VERSE);
    expect(server.requests.length).toBeGreaterThan(1);
    expect(server.requests.slice(1).every((r) => !('logprobs' in r.body))).toBe(true);
    const h = await health(inst);
    expect(h).toMatchObject({ status: 'ok', logprobs: { available: false, reason: expect.stringMatching(/sent no per-token log-probabilities/) } });
  });
});
