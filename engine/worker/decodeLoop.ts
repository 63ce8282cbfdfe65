/**
 * @module decodeLoop: our own token loop over a transformers.js causal language model, in place of `generate()`:
 * run the model, hand each row's logits at the last position to a step function (our sampler), feed the tokens it
 * returns back with the KV cache. It uses the model's own input preparation and cache update, so the model sees
 * exactly the inputs `generate()` would give it; what it drops is per-token work our sampler makes useless: the
 * library's greedy pick scanned the whole vocabulary again after our sampler had chosen (a generic `max`, about
 * half a millisecond a token at 9k tokens) and copied every step's logits for its processors.
 */
import type { PreTrainedModel, Tensor } from '@huggingface/transformers';

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

/** Runs `step` until it returns null or has run `maxSteps` times; returns the steps run. */
export async function decode(model: PreTrainedModel, inputs: { input_ids: Tensor; attention_mask: Tensor }, step: DecodeStep, maxSteps: number): Promise<number> {
  const decoder = model as unknown as Decoder;
  const all = inputs.input_ids.tolist() as bigint[][];
  let modelInputs: ModelInputs = { ...inputs };
  let outputs: Record<string, Tensor> | null = null;
  let steps = 0;
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
  } finally {
    // As generate() ends: free what lives on an accelerator (CPU tensors are garbage-collected).
    const cached = new Set<unknown>(modelInputs.past_key_values ? Object.values(modelInputs.past_key_values) : []);
    for (const t of Object.values(outputs ?? {})) if (t.location === 'gpu-buffer' && !cached.has(t)) t.dispose();
    await modelInputs.past_key_values?.dispose();
  }
  return steps;
}
