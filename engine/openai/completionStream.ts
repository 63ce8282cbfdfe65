/**
 * @module completionStream: reads the server-sent events of an OpenAI-compatible `/v1/completions` stream
 * (`stream: true`) into token steps. Per-token log-probabilities come in two shapes and both are read: the legacy
 * completions shape (`logprobs.tokens`, `token_logprobs`, `top_logprobs`, as vLLM sends) and the `content` array
 * (`logprobs.content[].token|logprob|top_logprobs`, as llama.cpp's llama-server sends). Every chunk is checked with zod.
 */
import { z } from 'zod';

/** One token as the server streamed it; `logprob` (natural log) and `entropy` (bits) are null when it sent none. */
export interface StreamedToken {
  text: string;
  logprob: number | null;
  entropy: number | null;
}

/** One parsed event: its tokens, and why the completion ended (`stop`, `length`) once it has. */
export interface StreamStep {
  tokens: StreamedToken[];
  finish: string | null;
}

const TopEntry = z.looseObject({ token: z.string().optional(), logprob: z.number() });
const LegacyLogprobs = z.looseObject({
  tokens: z.array(z.string()),
  token_logprobs: z.array(z.number().nullable()),
  top_logprobs: z.array(z.record(z.string(), z.number()).nullable()).nullable().optional(),
});
const ContentLogprobs = z.looseObject({
  content: z.array(z.looseObject({ token: z.string(), logprob: z.number(), top_logprobs: z.array(TopEntry).optional() })),
});
const Chunk = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        text: z.string().default(''),
        finish_reason: z.string().nullable().optional(),
        logprobs: z.unknown().optional(),
      }),
    )
    .min(1),
});
const ErrorChunk = z.looseObject({ error: z.union([z.string(), z.looseObject({ message: z.string() })]) });

/** A stream event the server sent that is not a completion chunk (an error object, or something else). */
export class StreamFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamFormatError';
  }
}

/**
 * Entropy in bits from the top alternatives' log-probabilities, the probability they leave out counted as one more
 * outcome: a lower bound of the model's entropy, close when the top few hold most of the mass.
 */
function entropyOfTop(logprobs: readonly number[]): number | null {
  if (logprobs.length === 0) return null;
  const probs = logprobs.map((lp) => Math.exp(lp));
  const rest = Math.max(0, 1 - probs.reduce((a, b) => a + b, 0));
  return [...probs, rest].reduce((h, p) => (p > 0 ? h - p * Math.log2(p) : h), 0);
}

/** The tokens of one choice: one per log-probability entry when the server sent them, else its text as one token. */
export function tokensOf(text: string, raw: unknown): StreamedToken[] {
  const legacy = LegacyLogprobs.safeParse(raw);
  if (legacy.success && legacy.data.tokens.length > 0) {
    const { tokens, token_logprobs: lps, top_logprobs: tops } = legacy.data;
    return tokens.map((t, i) => ({ text: t, logprob: lps[i] ?? null, entropy: entropyOfTop(Object.values(tops?.[i] ?? {})) }));
  }
  const content = ContentLogprobs.safeParse(raw);
  if (content.success && content.data.content.length > 0) {
    return content.data.content.map((c) => ({ text: c.token, logprob: c.logprob, entropy: entropyOfTop((c.top_logprobs ?? []).map((e) => e.logprob)) }));
  }
  return text ? [{ text, logprob: null, entropy: null }] : [];
}

/** Parses the JSON of one `data:` line. Throws `StreamFormatError` for an error event or an unknown shape. */
export function parseChunk(data: string): StreamStep {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new StreamFormatError(`the server sent an event that is not JSON: ${data.slice(0, 120)}`);
  }
  const chunk = Chunk.safeParse(json);
  if (!chunk.success) {
    const err = ErrorChunk.safeParse(json);
    if (err.success) throw new StreamFormatError(`the server reported an error: ${typeof err.data.error === 'string' ? err.data.error : err.data.error.message}`);
    throw new StreamFormatError(`the server sent an event without "choices": ${data.slice(0, 120)}`);
  }
  const choice = chunk.data.choices[0]!;
  return { tokens: tokensOf(choice.text, choice.logprobs), finish: choice.finish_reason ?? null };
}

/** The `data:` payloads of a server-sent event stream, ending at `[DONE]` or the end of the body. */
export async function* sseData(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true });
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const data = event
        .split(/\r?\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (data === '[DONE]') return;
      if (data) yield data;
    }
  }
}
