/**
 * @module decodeLoop: our own token loop over a transformers.js causal language model, in place of `generate()`:
 * run the model, hand each row's logits at the last position to a step function (our sampler), feed the tokens it
 * returns back with the KV cache. It uses the model's own input preparation and cache update, so the model sees
 * exactly the inputs `generate()` would give it; what it drops is per-token work our sampler makes useless: the
 * library's greedy pick scanned the whole vocabulary again after our sampler had chosen (a generic `max`, about
 * half a millisecond a token at 9k tokens) and copied every step's logits for its processors. A blend model (the
 * style fader) runs in step beside the model, each with its own KV cache.
 */
import type { PreTrainedModel } from '@huggingface/transformers';
import { DynamicCache, type Tensor } from './transformersRuntime.ts';
import { LogitMixer } from './logitMixer.ts';

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

/** A second model read in step with the first (the style fader): its logits are mixed into the first's (see logitMixer). */
export interface BlendInput {
  model: PreTrainedModel;
  /** The blend weight (0..1) in force for this step, read when a row's logits are asked for. */
  weight(): number;
}

/**
 * The blend model's cache entries carry this prefix beside the model's own, so a kept cache (draftCarry) holds both
 * as one set of [rows, heads, positions, size] tensors and needs to know nothing about blending.
 */
const BLEND_PREFIX = 'blend:';

/** One model's side of the loop: its decoder, its inputs (with its own KV cache) and its last outputs. */
interface Lane {
  decoder: Decoder;
  inputs: ModelInputs;
  outputs: Record<string, Tensor> | null;
  prefix: string;
}

function lane(model: PreTrainedModel, inputs: DecodeInputs, prefix: string): Lane {
  const lane: Lane = { decoder: model as unknown as Decoder, inputs: { input_ids: inputs.input_ids, attention_mask: inputs.attention_mask }, outputs: null, prefix };
  if (!inputs.past) return lane;
  const own: PastEntries = {};
  for (const [name, t] of Object.entries(inputs.past)) {
    const mine = prefix ? name.startsWith(prefix) : !name.startsWith(BLEND_PREFIX);
    if (mine) own[name.slice(prefix.length)] = t;
  }
  lane.inputs.past_key_values = new DynamicCache(own);
  return lane;
}

/** Runs a lane's model on its next inputs; returns its logits at the last position, by row. */
async function forward(l: Lane, all: bigint[][]): Promise<(row: number) => Float32Array> {
  l.inputs = l.decoder.prepare_inputs_for_generation(all, l.inputs, null);
  l.outputs = await l.decoder.forward(l.inputs);
  let logits = l.outputs.logits!;
  if (logits.type !== 'float32') logits = logits.to('float32');
  const [, length, vocab] = logits.dims as [number, number, number];
  const data = logits.data as Float32Array;
  return (r) => data.subarray((r * length + length - 1) * vocab, (r * length + length) * vocab);
}

/** As generate() ends: free what lives on an accelerator (CPU tensors are garbage-collected). */
async function release(l: Lane): Promise<void> {
  const cached = new Set<unknown>(l.inputs.past_key_values ? Object.values(l.inputs.past_key_values) : []);
  for (const t of Object.values(l.outputs ?? {})) if (t.location === 'gpu-buffer' && !cached.has(t)) t.dispose();
  await l.inputs.past_key_values?.dispose();
}

/** Every lane's present cache under its prefix; null when one of them is not plain CPU tensors. */
function keptCache(lanes: readonly Lane[]): PastEntries | null {
  const all: PastEntries = {};
  for (const l of lanes) {
    const past = l.outputs ? presentCache(l.outputs) : null;
    if (!past) return null;
    for (const [name, t] of Object.entries(past)) all[l.prefix + name] = t;
  }
  return all;
}

/**
 * Runs `step` until it returns null or has run `maxSteps` times. With `blend`, the blend model reads the same tokens
 * every step (its own cache beside the model's), and each row's logits are the two mixed at the step's weight.
 */
export async function decode(model: PreTrainedModel, inputs: DecodeInputs, step: DecodeStep, maxSteps: number, keepCache = false, blend?: BlendInput): Promise<Decoded> {
  const all = inputs.input_ids.tolist() as bigint[][];
  const lanes = [lane(model, inputs, ''), ...(blend ? [lane(blend.model, inputs, BLEND_PREFIX)] : [])];
  const mixer = blend ? new LogitMixer(blend.weight) : null;
  let steps = 0;
  let cache: PastEntries | null = null;
  try {
    while (steps < maxSteps) {
      const own = await forward(lanes[0]!, all);
      const other = mixer ? await forward(lanes[1]!, all) : null;
      const tokens = step(other ? (r) => mixer!.mix(own(r), other(r)) : own);
      steps++;
      if (!tokens) break;
      const generated = tokens.map((t) => [BigInt(t)]);
      generated.forEach(([t], r) => all[r]!.push(t!));
      if (steps >= maxSteps) break;
      for (const l of lanes) l.inputs = l.decoder._update_model_kwargs_for_generation({ generated_input_ids: generated, outputs: l.outputs!, model_inputs: l.inputs, is_encoder_decoder: false });
    }
    if (keepCache && lanes[0]!.outputs) cache = keptCache(lanes);
  } finally {
    for (const l of lanes) await release(l);
  }
  return { steps, cache };
}
