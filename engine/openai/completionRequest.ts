/**
 * @module completionRequest: one `/v1/completions` request body from the live engine parameters, read when the
 * request is made (so a fader moved during a line applies from the next line's request). The mapping:
 * `temperature`, `top_p`, `max_tokens`, `seed` as they are; `top_k` as the `top_k` extension that llama-server,
 * vLLM and Ollama take (left out at 0); `repetition_penalty` (1..2) as `presence_penalty` (0..2, twice the excess).
 */
import type { EngineParams } from '../engineParams.ts';
import type { OpenAISettings } from '../generatorBackends.ts';
import type { ParamReader } from '../paramReader.ts';

export interface CompletionRequest {
  settings: OpenAISettings;
  /** The full model input so far. */
  prompt: string;
  seed: number;
  /** Most tokens this request may write. */
  maxTokens: number;
  /** Strings that end the verse (the profile's `stop`); empty: none sent. */
  stop: readonly string[];
  /** Ask for per-token log-probabilities (`logprobs`: the settings' count of alternatives). */
  logprobs: boolean;
  params: ParamReader<EngineParams>;
}

/** The presence penalty the engine's repetition penalty maps to (the OpenAI API has no repetition penalty). */
function presencePenalty(repetitionPenalty: number): number {
  return Math.min(2, Math.max(0, (repetitionPenalty - 1) * 2));
}

/** The JSON body of a streamed completion request. */
export function completionBody(r: CompletionRequest): Record<string, unknown> {
  const p = r.params;
  const topK = Math.round(p.get('top_k'));
  return {
    model: r.settings.model,
    prompt: r.prompt,
    stream: true,
    max_tokens: Math.max(1, Math.round(r.maxTokens)),
    temperature: p.get('temperature'),
    top_p: p.get('top_p'),
    ...(topK > 0 ? { top_k: topK } : {}),
    presence_penalty: presencePenalty(p.get('repetition_penalty')),
    seed: r.seed >>> 0,
    ...(r.stop.length ? { stop: r.stop } : {}),
    ...(r.logprobs && r.settings.logprobs > 0 ? { logprobs: r.settings.logprobs } : {}),
  };
}

/** The completions endpoint of a base URL (`http://host:8080` or `http://host:8080/v1`). */
export function completionsUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return /\/v1$/.test(trimmed) ? `${trimmed}/completions` : `${trimmed}/v1/completions`;
}
