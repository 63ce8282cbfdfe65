/**
 * @module generator: the narrow interface between the verse loop and any text generator backend
 * (transformers.js in a worker today; an OpenAI-compatible server or a fake in tests tomorrow).
 */

export interface GeneratedToken {
  text: string;
  /** Natural-log probability of this token under the model. */
  logprob: number;
  /** Entropy of the model's distribution at this token, in bits. */
  entropy: number;
}

export interface GenerateOptions {
  /** Full model input: the filled prompt template plus the verse so far. */
  input: string;
  /** The verse body so far (form rules and repetition penalty start from it). */
  body: string;
  seed: number;
  /** Aborting stops the generation after at most one more token. */
  signal?: AbortSignal;
}

export interface GeneratorInfo {
  model: string;
  /** Device actually in use (after `auto` or a fallback). */
  device: string;
  dtype: string;
  state: 'idle' | 'loading' | 'ready' | 'failed';
  /** Devices tried at load and what happened (speed, or why one failed), for /health. */
  devices: Array<{ device: string; ok: boolean; tokensPerSecond?: number; reason?: string }>;
}

export interface Generator {
  readonly info: GeneratorInfo;
  /** Loads the model (and for `auto`, measures the devices); resolves when ready to write. */
  load(): Promise<void>;
  /**
   * Streams tokens. The generator samples a token only when the consumer asks for it,
   * so live parameters read at sampling time apply from the very next token.
   */
  generate(options: GenerateOptions): AsyncIterable<GeneratedToken>;
  /** Frees the model and the worker; idempotent. */
  close(): Promise<void>;
}
