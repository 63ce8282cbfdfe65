/**
 * The `openai` backend against a FAKE inference server that replays a recorded verse in llama-server's streaming
 * format over real HTTP (test/helpers/recordedCompletionServer.ts): a verse line by line with the live parameters
 * re-sent per line, cancel, a dropped stream resumed, repeated drops failing over, no log-probabilities, a refusal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { engineSurface } from '../../../engine/control/controlSurface.ts';
import type { OpenAISettings } from '../../../engine/generatorBackends.ts';
import { OpenAIGenerator } from '../../../engine/openai/openaiGenerator.ts';
import { InkverseError } from '../../../protocol/errors.ts';
import { RECORDED_VERSE, RecordedCompletionServer, type RecordedServerOptions } from '../../helpers/recordedCompletionServer.ts';
import { registry } from '../../helpers/realModel.ts';

const profile = registry.get('tang-poet-zh');
let server: RecordedCompletionServer | null = null;
let generator: OpenAIGenerator | null = null;

afterEach(async () => {
  await generator?.close();
  await server?.close();
  generator = server = null;
});

async function setup(o: RecordedServerOptions = {}, settings: Partial<OpenAISettings> = {}) {
  server = await RecordedCompletionServer.start(o);
  const params = engineSurface({ max_tokens: 200, temperature: 0.7 });
  generator = new OpenAIGenerator({ profile, params, settings: { url: server.url, model: 'tang-recorded', retries: 3, retryMinMs: 5, logprobs: 5, ...settings } });
  return { server, params, generator };
}

const input = '春\n';

describe('openai backend (FAKE recorded llama-server)', () => {
  it('streams a whole verse, one request per line, the live parameters re-read for each line, log-probabilities passed through', async () => {
    const { server, params, generator } = await setup();
    await generator.load();
    expect(generator.info.logprobs).toEqual({ available: true, reason: null });
    expect(generator.draft).toBeTypeOf('function');
    const tokens: Array<{ text: string; logprob: number; entropy: number }> = [];
    for await (const t of generator.generate({ input, body: '', seed: 7 })) {
      tokens.push(t);
      if (t.text === '，' && tokens.length < 7) params.set({ temperature: 1.3, top_p: 0.8 }, 'test');
    }
    expect(tokens.map((t) => t.text).join('')).toBe(RECORDED_VERSE);
    expect(tokens.every((t) => t.logprob < 0 && t.entropy > 0)).toBe(true);
    const verse = server.requests.slice(1); // after the probe
    expect(verse).toHaveLength(8); // one request per line
    expect(verse[0]!.body).toMatchObject({ model: 'tang-recorded', prompt: input, stream: true, temperature: 0.7, logprobs: 5 });
    expect(verse[1]!.body).toMatchObject({ prompt: input + '春风吹柳色，', temperature: 1.3, top_p: 0.8 });
  });

  it('drafts lines with their log-probabilities', async () => {
    const { generator } = await setup();
    await generator.load();
    const drafts = await generator.draft!({ input, body: '', seed: 3, count: 3, maxTokens: 40 });
    expect(drafts).toHaveLength(3);
    for (const d of drafts) {
      expect(d.ended).toBe('line');
      expect(d.tokens.map((t) => t.text).join('')).toBe('春风吹柳色，');
      expect(d.tokens.every((t) => t.logprob < 0)).toBe(true);
    }
  });

  it('cancel aborts the request: the server sees it closed mid-line', async () => {
    const { server, generator } = await setup();
    await generator.load();
    server.faults.push({ kind: 'stall', after: 3 });
    const stop = new AbortController();
    const got: string[] = [];
    let third!: () => void;
    const thirdSeen = new Promise<void>((resolve) => (third = resolve));
    const done = (async () => {
      for await (const t of generator.generate({ input, body: '', seed: 7, signal: stop.signal })) if (got.push(t.text) === 3) third();
    })();
    await thirdSeen; // the server stalls after these three
    stop.abort(new Error('skipped'));
    await done;
    const stalled = await server.waitFor((r) => r.sent === 3 && r.aborted);
    expect(stalled.aborted).toBe(true);
    expect(got.join('')).toBe('春风吹');
  });

  it('a stream cut mid-line is resumed from the text received so far; the verse comes out whole', async () => {
    const { server, generator } = await setup();
    await generator.load();
    server.faults.push({ kind: 'drop', after: 2 });
    const text: string[] = [];
    for await (const t of generator.generate({ input, body: '', seed: 7 })) text.push(t.text);
    expect(text.join('')).toBe(RECORDED_VERSE);
    expect(server.requests[2]!.body.prompt).toBe(input + '春风'); // the retry continues after the two tokens received
    expect(generator.info.state).toBe('ready');
  });

  it('after `retries` drops in a row the generation fails with INKVERSE_E_GENERATION and the generator counts as down', async () => {
    const { server, generator } = await setup({}, { retries: 3 });
    await generator.load();
    server.faults.push({ kind: 'drop', after: 1 }, { kind: 'drop', after: 0 }, { kind: 'drop', after: 0 });
    const err = await (async () => {
      for await (const _ of generator.generate({ input, body: '', seed: 7 })) void _;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InkverseError);
    expect((err as InkverseError).code).toBe('INKVERSE_E_GENERATION');
    expect((err as Error).message).toMatch(/failed 3 tries in a row/);
    expect(generator.info.state).toBe('failed');
  });

  it('a server that sends no log-probabilities: no drafting, and info.logprobs says why', async () => {
    const { generator } = await setup({ logprobs: false });
    await generator.load();
    expect(generator.draft).toBeUndefined();
    expect(generator.info.logprobs).toEqual({ available: false, reason: expect.stringMatching(/sent no per-token log-probabilities/) });
    const text: string[] = [];
    for await (const t of generator.generate({ input, body: '', seed: 7 })) text.push(t.text);
    expect(text.join('')).toBe(RECORDED_VERSE);
  });

  it('a server that refuses the model: the load fails with INKVERSE_E_MODEL_LOAD naming the server and its answer', async () => {
    const { server, generator } = await setup();
    server.failWith = { status: 404, message: 'model "tang-recorded" not found' };
    const err = await generator.load().catch((e: unknown) => e);
    expect((err as InkverseError).code).toBe('INKVERSE_E_MODEL_LOAD');
    expect((err as Error).message).toContain(server.url);
    expect((err as Error).message).toContain('not found');
    expect(generator.info.state).toBe('failed');
  });

  it('no server at the address: the load fails with INKVERSE_E_MODEL_LOAD after its tries', async () => {
    const { server, generator } = await setup();
    await server.close();
    const err = await generator.load().catch((e: unknown) => e);
    expect((err as InkverseError).code).toBe('INKVERSE_E_MODEL_LOAD');
    expect((err as Error).message).toMatch(/did not answer a first request/);
  });
});
