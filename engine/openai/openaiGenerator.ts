/**
 * @module openaiGenerator: the `Generator` backed by an OpenAI-compatible completions server (llama.cpp's
 * llama-server, vLLM, Ollama), streamed (`stream: true`) with Node's own fetch. The verse profile of the model
 * folder shapes the input (prompt template), the line ends and the verse's end (`stop`); the live parameters are
 * read again for each line, which is one request (closed at its line end), so a fader moved mid-line applies from
 * the next line. A refused connection or a stream cut mid-way is tried again with backoff, from the text received
 * so far; after `retries` tries in a row the generator counts as down and the supervisor falls back. Per-token
 * log-probabilities pass through when the server sends them (drafting needs them); when it does not, `draft` is
 * absent (the verse is streamed token by token) and `info.logprobs` says why, for `/health`.
 */
import { InkverseError } from '../../protocol/errors.ts';
import { systemClock, type Clock } from '../clock.ts';
import { ENGINE_PARAMS, type EngineParams } from '../engineParams.ts';
import { FINISH_LINE_TOKENS, type DraftOptions, type DraftedLine, type GenerateOptions, type GeneratedToken, type Generator, type GeneratorInfo } from '../generator.ts';
import type { OpenAISettings } from '../generatorBackends.ts';
import { logger } from '../log.ts';
import type { ParamReader } from '../paramReader.ts';
import { applyTemplate, type VerseProfile } from '../verseProfile.ts';
import { completionBody, completionsUrl } from './completionRequest.ts';
import { StreamFormatError, parseChunk, sseData, type StreamedToken } from './completionStream.ts';

const log = logger('engine:openai');

export interface OpenAIGeneratorOptions {
  /** The verse profile (from the model folder; its weights, if any, are not used). */
  profile: VerseProfile;
  settings: OpenAISettings;
  /** The live engine parameters, read at each request. */
  params: ParamReader<EngineParams>;
  clock?: Clock;
}

/** How one request ended: at a line end, at the end of the verse (`stop`), or cut at its token budget. */
type RequestEnd = 'line' | 'eos' | 'length';

/** A failure worth another try: no connection, a server error status, or a stream cut before it finished. */
class Dropped extends Error {}

const isNetworkError = (err: unknown): boolean => err instanceof TypeError || (err instanceof Error && /ECONN|EPIPE|socket|terminated|other side closed/i.test(err.message));

/** What `/health` shows about per-token log-probabilities (drafting needs them). */
export interface LogprobsInfo {
  available: boolean;
  /** Why not, when not. */
  reason: string | null;
}

export class OpenAIGenerator implements Generator {
  readonly info: GeneratorInfo;
  /** Drafting, present once the server has shown it sends log-probabilities. */
  draft?: (options: DraftOptions) => Promise<DraftedLine[]>;
  readonly #o: OpenAIGeneratorOptions;
  readonly #url: string;
  readonly #clock: Clock;
  readonly #closing = new AbortController();
  #loading: Promise<void> | null = null;

  constructor(options: OpenAIGeneratorOptions) {
    this.#o = options;
    this.#url = completionsUrl(options.settings.url);
    this.#clock = options.clock ?? systemClock;
    this.info = { model: options.profile.name, device: `openai ${options.settings.model} at ${options.settings.url}`, dtype: 'remote', state: 'idle', devices: [], logprobs: { available: false, reason: 'not asked yet' } };
  }

  /** Asks the server for one token: it answers (ready) and sends log-probabilities, or says why not. */
  load(): Promise<void> {
    if (this.#closing.signal.aborted) return Promise.reject(new Error('The generator is closed.'));
    this.#loading ??= this.#probe().catch((err: unknown) => {
      this.#loading = null;
      this.info.state = 'failed';
      throw err;
    });
    return this.#loading;
  }

  async #probe(): Promise<void> {
    this.info.state = 'loading';
    const { profile, settings } = this.#o;
    const prompt = applyTemplate(profile, profile.language.startsWith('zh') ? '春' : 'spring');
    const ask = async (logprobs: boolean): Promise<StreamedToken[]> => {
      const tokens: StreamedToken[] = [];
      for await (const t of this.#request({ prompt, seed: 1, maxTokens: 1, logprobs }, this.#closing.signal)) tokens.push(t);
      return tokens;
    };
    let tokens: StreamedToken[];
    try {
      tokens = settings.logprobs > 0 ? await ask(true) : await ask(false);
      this.info.logprobs = settings.logprobs === 0 ? { available: false, reason: 'openai.logprobs is 0 in the config' } : tokens.length && tokens.every((t) => t.logprob !== null) ? { available: true, reason: null } : { available: false, reason: `the server at ${settings.url} sent no per-token log-probabilities ("logprobs")` };
    } catch (err) {
      if (!(err instanceof InkverseError && settings.logprobs > 0 && /HTTP 4\d\d/.test(err.message))) throw loadError(settings, err);
      // A server that refuses the logprobs field itself: write without it.
      await ask(false).catch((e: unknown) => Promise.reject(loadError(settings, e)));
      this.info.logprobs = { available: false, reason: `the server at ${settings.url} refused "logprobs": ${(err as Error).message}` };
    }
    this.draft = this.info.logprobs?.available ? (o) => this.#draft(o) : undefined;
    if (!this.info.logprobs?.available) log.warn({ reason: this.info.logprobs?.reason }, 'no per-token log-probabilities: drafting is off, verses are streamed token by token');
    this.info.state = 'ready';
    log.info({ url: settings.url, model: settings.model, logprobs: this.info.logprobs }, 'inference server ready');
  }

  /** The values of the engine parameters in table order (provenance). */
  #values(): number[] {
    return ENGINE_PARAMS.map((s) => this.#o.params.get(s.name));
  }

  /**
   * One completion, streamed: its tokens until the server ends it, or (with `stopAtLine`) until a token that ends a
   * line. A drop is tried again from the text received so far, after a doubling wait; `retries` tries in a row fail it.
   */
  async *#request(r: { prompt: string; seed: number; maxTokens: number; logprobs: boolean; stopAtLine?: boolean }, outer: AbortSignal): AsyncGenerator<StreamedToken, RequestEnd> {
    const { settings, profile } = this.#o;
    let got = '';
    let count = 0;
    for (let failures = 0; ; ) {
      const request = new AbortController();
      const signal = AbortSignal.any([outer, this.#closing.signal, request.signal]);
      try {
        const body = completionBody({ settings, prompt: r.prompt + got, seed: r.seed, maxTokens: r.maxTokens - count, stop: profile.stop ?? [], logprobs: r.logprobs, params: this.#o.params });
        const res = await this.#post(body, signal);
        for await (const data of sseData(res)) {
          const step = parseChunk(data);
          for (const t of step.tokens) {
            got += t.text;
            count++;
            failures = 0;
            yield t;
            if (r.stopAtLine && profile.lineBreaks.some((b) => t.text.includes(b))) return 'line';
          }
          if (step.finish) return step.finish === 'length' ? 'length' : 'eos';
        }
        throw new Dropped('the stream ended before the completion did');
      } catch (err) {
        if (outer.aborted || this.#closing.signal.aborted) throw outer.reason ?? new Error('closed');
        if (!(err instanceof Dropped) && !isNetworkError(err)) throw err instanceof StreamFormatError ? new InkverseError('INKVERSE_E_GENERATION', `The inference server at ${settings.url}: ${err.message}.`) : err;
        if (++failures >= settings.retries) {
          this.info.state = 'failed';
          throw new InkverseError('INKVERSE_E_GENERATION', `The inference server at ${settings.url} failed ${failures} tries in a row (${describe(err)}); falling back.`);
        }
        const wait = settings.retryMinMs * 2 ** (failures - 1);
        log.warn({ url: settings.url, failures, retry_ms: wait, reason: describe(err) }, 'inference server connection dropped; trying again');
        await this.#clock.sleep(wait, AbortSignal.any([outer, this.#closing.signal]));
      } finally {
        request.abort(new Error('request over'));
      }
    }
  }

  /** Sends one request; resolves with its body once the server answered 200, else throws (a 5xx or 429 as a drop). */
  async #post(body: Record<string, unknown>, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    const { settings } = this.#o;
    const res = await fetch(this.#url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal,
    });
    if (res.ok && res.body) return res.body as unknown as AsyncIterable<Uint8Array>;
    const text = (await res.text().catch(() => '')).slice(0, 300);
    if (res.status >= 500 || res.status === 429) throw new Dropped(`HTTP ${res.status} ${text}`);
    throw new InkverseError('INKVERSE_E_GENERATION', `The inference server at ${settings.url} refused the request (HTTP ${res.status}): ${text || res.statusText}`);
  }

  async *generate(options: GenerateOptions): AsyncGenerator<GeneratedToken> {
    await this.load();
    const { profile } = this.#o;
    const signal = options.signal ?? new AbortController().signal;
    const logprobs = this.info.logprobs?.available ?? false;
    const maxTokens = this.#o.params.get('max_tokens');
    let text = '';
    let spent = 0;
    let lines = 0;
    for (;;) {
      options.onParams?.({ step: spent, values: this.#values() });
      const stream = this.#request({ prompt: options.input + text, seed: options.seed + lines * 7_919, maxTokens: maxTokens - spent + FINISH_LINE_TOKENS, logprobs, stopAtLine: true }, signal);
      let end: RequestEnd;
      try {
        for (;;) {
          const step = await stream.next();
          if (step.done) {
            end = step.value;
            break;
          }
          text += step.value.text;
          spent++;
          yield { text: step.value.text, logprob: step.value.logprob ?? 0, entropy: step.value.entropy ?? 0 };
        }
      } catch (err) {
        if (signal.aborted) return;
        throw err;
      } finally {
        await stream.return?.(undefined as never).catch(() => {});
      }
      lines++;
      if (end !== 'line' || spent >= maxTokens || (profile.form && lines >= profile.form.maxLines)) return;
    }
  }

  /** `count` drafts of the next line, each its own request (in parallel; the server batches them). */
  async #draft(options: DraftOptions): Promise<DraftedLine[]> {
    options.signal?.throwIfAborted();
    const signal = options.signal ?? new AbortController().signal;
    options.onParams?.({ step: 0, values: this.#values() });
    const one = async (row: number): Promise<DraftedLine> => {
      const tokens: DraftedLine['tokens'] = [];
      const stream = this.#request({ prompt: options.input, seed: options.seed + row * 104_729, maxTokens: options.maxTokens, logprobs: true, stopAtLine: true }, signal);
      for (;;) {
        const step = await stream.next();
        if (step.done) return { tokens, ended: step.value, prosody: null };
        tokens.push({ text: step.value.text, logprob: step.value.logprob ?? 0, entropy: step.value.entropy ?? 0 });
      }
    };
    return Promise.all(Array.from({ length: Math.max(1, options.count) }, (_, row) => one(row)));
  }

  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort(new Error('The generator is closed.'));
    this.info.state = 'idle';
  }
}

function describe(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  return [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(': ').slice(0, 200);
}

function loadError(settings: OpenAISettings, err: unknown): InkverseError {
  return new InkverseError('INKVERSE_E_MODEL_LOAD', `The inference server at ${settings.url} (model "${settings.model}") did not answer a first request: ${describe(err)}.`);
}
