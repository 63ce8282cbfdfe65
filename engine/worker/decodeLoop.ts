/**
 * @module decodeLoop: our own token loop over a transformers.js causal language model, in place of `generate()`:
 * run the model, hand each row's logits at the last position to a step function (our sampler), feed the tokens it
 * returns back with the KV cache. It uses the model's own input preparation and cache update, so the model sees
 * exactly the inputs `generate()` would give it; what it drops is per-token work our sampler makes useless: the
 * library's greedy pick scanned the whole vocabulary again after our sampler had chosen (a generic `max`, about
 * half a millisecond a token at 9k tokens) and copied every step's logits for its processors.
 */
import { DynamicCache, type PreTrainedModel, type Tensor } from '@huggingface/transformers';

/** Model inputs as transformers.js passes them between steps (tensors, and the KV cache under `past_key_values`). */
type ModelInputs = Record<string, unknown> & { past_key_values?: { dispose(): Promise<void> } | null };

/** The model methods `generate()` itself runs each step (public in JavaScript, untyped in the library's types). */
interface Decoder {
  prepare_inputs_for_generation(ids: bigint[][], inputs: ModelInputs, config: null): ModelInputs;
  forward(inputs: ModelInputs): Promise<Record<string, Tensor>>;
  _update_model_kwargs_for_generation(o: { generated_input_ids: bigint[][]; outputs: Record<string, Tensor>; model_inputs: ModelInputs; is_encoder_decoder: boolean }): ModelInputs;
}

/**
 * Samples one step: `logits(r)` is row r's logits for the next token (a view, valid during the call). Returns each
 * row's token, or null to stop before the model runs again.
 */
export type DecodeStep = (logits: (row: number) => Float32Array) => number[] | null;

/** KV cache tensors by the model's input names (`past_key_values.0.key`, ...), [rows, heads, positions, head size]. */
export type PastEntries = Record<string, Tensor>;

export interface DecodeInputs {
  /** The tokens to feed first, [rows, n]. */
  input_ids: Tensor;
  /** Ones over the cached positions and the fed ones, [rows, cached + n]. */
  attention_mask: Tensor;
  /** A cache of the positions before `input_ids` (see draftCarry), or none to read the input from its start. */
  past?: PastEntries;
}

export interface Decoded {
  steps: number;
  /**
   * With `keepCache`: the cache after the last step, covering the input and every fed token (each row's last
   * sampled token was never fed); null when the model's cache is not plain CPU key/value tensors.
   */
  cache: PastEntries | null;
}

/** The present key/values of a step's outputs under their input names, when all are plain CPU tensors. */
function presentCache(outputs: Record<string, Tensor>): PastEntries | null {
  const past: PastEntries = {};
  for (const [name, t] of Object.entries(outputs)) {
    if (!name.startsWith('present')) continue;
    if (!name.startsWith('present.') || t.location !== 'cpu') return null;
    past[name.replace('present', 'past_key_values')] = t;
  }
  return Object.keys(past).length > 0 ? past : null;
}

/** Runs `step` until it returns null or has run `maxSteps` times. */
export async function decode(model: PreTrainedModel, inputs: DecodeInputs, step: DecodeStep, maxSteps: number, keepCache = false): Promise<Decoded> {
  const decoder = model as unknown as Decoder;
  const all = inputs.input_ids.tolist() as bigint[][];
  let modelInputs: ModelInputs = { input_ids: inputs.input_ids, attention_mask: inputs.attention_mask };
  if (inputs.past) modelInputs.past_key_values = new DynamicCache(inputs.past);
  let outputs: Record<string, Tensor> | null = null;
  let steps = 0;
  let cache: PastEntries | null = null;
  try {
    while (steps < maxSteps) {
      modelInputs = decoder.prepare_inputs_for_generation(all, modelInputs, null);
      outputs = await decoder.forward(modelInputs);
      let logits = outputs.logits!;
      if (logits.type !== 'float32') logits = logits.to('float32');
      const [, length, vocab] = logits.dims as [number, number, number];
      const data = logits.data as Float32Array;
      const tokens = step((r) => data.subarray((r * length + length - 1) * vocab, (r * length + length) * vocab));
      steps++;
      if (!tokens) break;
      const generated = tokens.map((t) => [BigInt(t)]);
      generated.forEach(([t], r) => all[r]!.push(t!));
      if (steps >= maxSteps) break;
      modelInputs = decoder._update_model_kwargs_for_generation({ generated_input_ids: generated, outputs, model_inputs: modelInputs, is_encoder_decoder: false });
    }
    if (keepCache && outputs) cache = presentCache(outputs);
  } finally {
    // As generate() ends: free what lives on an accelerator (CPU tensors are garbage-collected).
    const cached = new Set<unknown>(modelInputs.past_key_values ? Object.values(modelInputs.past_key_values) : []);
    for (const t of Object.values(outputs ?? {})) if (t.location === 'gpu-buffer' && !cached.has(t)) t.dispose();
    await modelInputs.past_key_values?.dispose();
  }
  return { steps, cache };
}
