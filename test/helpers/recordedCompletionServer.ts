/**
 * @module recordedCompletionServer (test helper): a FAKE OpenAI-compatible inference server on a free port that
 * replays a recorded verse over a real HTTP connection, in the streaming format of llama.cpp's `llama-server`
 * (`POST /v1/completions`, `stream: true`: one `data: {...}` server-sent event per token, `object:
 * "text_completion"`, per-token `logprobs.content[{ token, logprob, top_logprobs }]` when asked, a last chunk with
 * `finish_reason`, then `data: [DONE]`). The chunks are hand-written after llama-server's
 * `to_json_oaicompat_partial` (ids, timestamps and log-probabilities made up); the verse is hand-written in the
 * shipped Tang model's form. Each request continues the verse from
 * where its prompt leaves it (the text after the template's `\n`), so a verse can be written line by line and resumed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';

/** A hand-written verse in tang-poet-zh's form (eight lines of five characters), so the profile's line ends apply. */
export const RECORDED_VERSE = '春风吹柳色，花落满江城。日暮青山远，云深白鸟行。孤舟人不见，芳草路难平。独坐空庭晚，悠悠万里情。';

export interface RecordedServerOptions {
  /** Send `logprobs` when the request asks for them; default true (llama-server does). */
  logprobs?: boolean;
  /** The verse replayed; default RECORDED_VERSE. */
  verse?: string;
}

/** What the server saw of one request. */
export interface SeenRequest {
  body: Record<string, unknown>;
  /** Closed by the client before the server finished answering. */
  aborted: boolean;
  /** Tokens sent on it. */
  sent: number;
}

/** A plan for the next requests: cut the connection (no end) or stall (until the client goes) after `after` tokens. */
export type Fault = { kind: 'drop' | 'stall'; after: number };

export class RecordedCompletionServer {
  readonly requests: SeenRequest[] = [];
  readonly events = new EventEmitter();
  /** Faults applied to the next requests long enough to reach them, one each, in order. */
  readonly faults: Fault[] = [];
  /** A fault applied to every request once `faults` is empty (a server gone bad); null: none. */
  faultEvery: Fault | null = null;
  /** Set to answer every request with this status and error (e.g. 404, model not found). */
  failWith: { status: number; message: string } | null = null;
  readonly #server: Server;
  readonly #o: Required<RecordedServerOptions>;

  private constructor(o: RecordedServerOptions) {
    this.#o = { logprobs: true, verse: RECORDED_VERSE, ...o };
    this.#server = createServer((req, res) => void this.#answer(req, res));
  }

  static async start(o: RecordedServerOptions = {}): Promise<RecordedCompletionServer> {
    const s = new RecordedCompletionServer(o);
    await new Promise<void>((resolve) => s.#server.listen(0, '127.0.0.1', resolve));
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Resolves when a request matching `match` has been seen (now or later). */
  waitFor(match: (r: SeenRequest) => boolean): Promise<SeenRequest> {
    const found = this.requests.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const check = (): void => {
        const r = this.requests.find(match);
        if (!r) return;
        this.events.off('change', check);
        resolve(r);
      };
      this.events.on('change', check);
    });
  }

  async #answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (req.method !== 'POST' || req.url !== '/v1/completions') return void res.writeHead(404).end('{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}');
    const seen: SeenRequest = { body: JSON.parse(raw) as Record<string, unknown>, aborted: false, sent: 0 };
    this.requests.push(seen);
    let finished = false;
    res.on('close', () => {
      if (!finished) seen.aborted = true;
      this.events.emit('change');
    });
    this.events.emit('change');
    if (this.failWith) return void res.writeHead(this.failWith.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: this.failWith.status, message: this.failWith.message, type: 'invalid_request_error' } }));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const prompt = String(seen.body.prompt ?? '');
    const done = [...prompt.slice(prompt.indexOf('\n') + 1)].length;
    const rest = [...this.#o.verse].slice(done);
    const max = Number(seen.body.max_tokens ?? 16);
    // A planned fault waits for a request long enough to reach it (not the short one that ends a verse).
    const fault = this.faults.length ? (this.faults[0]!.after < Math.min(max, rest.length) ? this.faults.shift() : undefined) : this.faultEvery;
    const wantsLogprobs = this.#o.logprobs && typeof seen.body.logprobs === 'number' && seen.body.logprobs > 0;
    for (const [i, ch] of rest.slice(0, max).entries()) {
      if (fault && i === fault.after) {
        if (fault.kind === 'drop') return void res.socket?.destroy();
        return; // stall: nothing more until the client closes
      }
      if (res.destroyed) return;
      res.write(event(ch, null, wantsLogprobs ? { content: [{ id: 1000 + i, token: ch, bytes: [...Buffer.from(ch)], logprob: -0.25 - (i % 3) * 0.5, top_logprobs: [{ id: 1000 + i, token: ch, bytes: [...Buffer.from(ch)], logprob: -0.25 - (i % 3) * 0.5 }, { id: 7, token: '月', bytes: [230, 156, 136], logprob: -2.1 }] }] } : null));
      seen.sent++;
      this.events.emit('change');
      await new Promise((r) => setImmediate(r));
    }
    finished = true;
    res.write(event('', rest.length > max ? 'length' : 'stop', null));
    res.end('data: [DONE]\n\n');
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function event(text: string, finish: string | null, logprobs: unknown): string {
  const chunk = { choices: [{ text, index: 0, logprobs, finish_reason: finish }], created: 1765000000, model: 'tang-poet-zh-recorded', system_fingerprint: 'b7000-recorded', object: 'text_completion', id: 'cmpl-recorded' };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}
