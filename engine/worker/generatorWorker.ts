/**
 * @module generatorWorker: runs @huggingface/transformers in a worker thread so the server's event loop
 * never waits on inference. Sampling is ours (seeded, live parameters read from shared memory at every
 * token, form rules); transformers.js drives the model and its KV cache through `generate()`, and our
 * logits processor leaves exactly one token standing for its greedy step to take.
 */
import { parentPort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  LogitsProcessor,
  LogitsProcessorList,
  StoppingCriteria,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import { ENGINE_PARAMS, ENGINE_PARAM_INDEX } from '../engineParams.ts';
import { FormTracker, FormVocab, type FormRules } from '../form.ts';
import { seededRng, type Rng } from '../rng.ts';
import { sampleToken } from '../sampler.ts';
import { CONTROL, type DeviceTrial, type FromWorker, type GenerateRequest, type LoadRequest, type ToWorker } from './messages.ts';

const port = parentPort;
if (!port) throw new Error('generatorWorker must run in a worker thread.');
const post = (msg: FromWorker): void => port.postMessage(msg);

env.allowRemoteModels = false;
env.allowLocalModels = true;

interface Loaded {
  model: PreTrainedModel;
  tokenizer: PreTrainedTokenizer;
  device: string;
  dtype: string;
  eosIds: number[];
  formVocab: FormVocab | null;
  form: FormRules | null;
  params: Float64Array;
  control: Int32Array;
  /** Longest sequence (input + output) the model's positions cover. */
  contextLength: number;
  lineBreaks: string[];
  minLines: number;
}

let loaded: Loaded | null = null;
/** Generations run one at a time; messages that arrive meanwhile wait their turn. */
let chain: Promise<void> = Promise.resolve();

const param = (l: Loaded, name: keyof typeof ENGINE_PARAM_INDEX): number => l.params[ENGINE_PARAM_INDEX[name]]!;

function hasCudaProvider(): boolean {
  try {
    const require = createRequire(import.meta.url);
    const ortDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
    return existsSync(path.join(ortDir, 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/** The useful end of a native error: the last sentence, not the C++ source location. */
function shortReason(err: unknown): string {
  const text = (err as Error).message.split('\n')[0]!.trim();
  return text.length > 160 ? `…${text.slice(-160)}` : text;
}

async function loadOn(req: LoadRequest, device: string, dtype: string): Promise<PreTrainedModel> {
  env.localModelPath = path.dirname(req.dir) + path.sep;
  let lastReported = -10;
  return AutoModelForCausalLM.from_pretrained(path.basename(req.dir), {
    device: device as 'cpu',
    dtype: dtype as 'fp32',
    local_files_only: true,
    // Leave a core to the server's event loop, and don't let idle ORT threads spin on it.
    session_options: {
      intraOpNumThreads: req.threads,
      interOpNumThreads: 1,
      extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    },
    progress_callback: (p: { status: string; file?: string; progress?: number }) => {
      if (p.status === 'progress' && p.file && typeof p.progress === 'number' && p.progress - lastReported >= 10) {
        lastReported = p.progress;
        post({ type: 'progress', file: p.file, progress: p.progress });
      }
    },
  });
}

/** Decode speed of a freshly loaded model: a short greedy run, after one untimed warm-up token. */
async function measure(model: PreTrainedModel, tokenizer: PreTrainedTokenizer): Promise<number> {
  const inputs = tokenizer('The', { return_tensor: true }) as unknown as Record<string, Tensor>;
  await model.generate({ ...inputs, max_new_tokens: 1, do_sample: false });
  const n = 24;
  const t0 = performance.now();
  await model.generate({ ...inputs, max_new_tokens: n, min_new_tokens: n, do_sample: false });
  return (n / (performance.now() - t0)) * 1000;
}

async function load(req: LoadRequest): Promise<void> {
  const t0 = performance.now();
  env.localModelPath = path.dirname(req.dir) + path.sep;
  const tokenizer = await AutoTokenizer.from_pretrained(path.basename(req.dir), { local_files_only: true });
  const dtype = req.dtype;
  const trials: DeviceTrial[] = [];
  let model: PreTrainedModel | null = null;
  let device: string = req.device === 'auto' ? 'cpu' : req.device;

  if (req.device === 'auto') {
    const candidates = ['webgpu', ...(hasCudaProvider() ? ['cuda'] : []), 'cpu'];
    let best = -1;
    for (const candidate of candidates) {
      try {
        const m = await loadOn(req, candidate, dtype);
        const tps = await measure(m, tokenizer);
        trials.push({ device: candidate, ok: true, tokensPerSecond: Math.round(tps * 10) / 10 });
        if (tps > best) {
          if (model) await model.dispose();
          model = m;
          device = candidate;
          best = tps;
        } else {
          await m.dispose();
        }
      } catch (err) {
        trials.push({ device: candidate, ok: false, reason: shortReason(err) });
      }
    }
  } else {
    try {
      model = await loadOn(req, device, dtype);
      trials.push({ device, ok: true });
    } catch (err) {
      if (device === 'cpu') throw err;
      trials.push({ device, ok: false, reason: shortReason(err) });
      device = 'cpu';
      model = await loadOn(req, device, dtype);
      trials.push({ device, ok: true });
    }
  }
  if (!model) throw new Error('No device could load the model.');

  const vocabSize = (model.config as unknown as { vocab_size: number }).vocab_size;
  const eosRaw = (model.config as unknown as { eos_token_id?: number | number[] }).eos_token_id;
  const eosIds = (Array.isArray(eosRaw) ? eosRaw : eosRaw === undefined ? [] : [eosRaw]).filter((x) => typeof x === 'number');
  let formVocab: FormVocab | null = null;
  if (req.form) {
    const texts = Array.from({ length: vocabSize }, (_, id) => tokenizer.decode([id], { skip_special_tokens: false }));
    formVocab = new FormVocab(texts, req.form, eosIds);
  }
  const cfg = model.config as unknown as { n_positions?: number; max_position_embeddings?: number };
  loaded = {
    lineBreaks: req.lineBreaks,
    minLines: req.minLines,
    contextLength: cfg.n_positions ?? cfg.max_position_embeddings ?? Number.POSITIVE_INFINITY,
    model,
    tokenizer,
    device,
    dtype,
    eosIds,
    formVocab,
    form: req.form,
    params: new Float64Array(req.params),
    control: new Int32Array(req.control),
  };
  post({ type: 'loaded', device, dtype, loadMs: Math.round(performance.now() - t0), trials, vocabSize });
}

/** Our sampler as a logits processor: waits for the main thread's credit, samples, then masks all but the choice. */
class InkverseSampler extends LogitsProcessor {
  readonly #l: Loaded;
  readonly #req: GenerateRequest;
  readonly #rng: Rng;
  readonly #form: FormTracker | null;
  readonly #history: number[];
  #ids: number[] = [];
  #text = '';
  /** Line breaks written so far (body included). */
  #breaks = 0;
  count = 0;

  constructor(l: Loaded, req: GenerateRequest, history: number[]) {
    super();
    this.#l = l;
    this.#req = req;
    this.#rng = seededRng(req.seed);
    this.#form = l.form && l.formVocab ? new FormTracker(l.form, l.formVocab, req.body) : null;
    this.#history = history;
    for (const br of l.lineBreaks) this.#breaks += req.body.split(br).length - 1;
  }

  cancelled(): boolean {
    return Atomics.load(this.#l.control, CONTROL.CANCEL) === this.#req.gen;
  }

  #awaitCredit(): boolean {
    const c = this.#l.control;
    for (;;) {
      if (this.cancelled()) return false;
      const credits = Atomics.load(c, CONTROL.CREDITS);
      if (credits > 0) {
        Atomics.sub(c, CONTROL.CREDITS, 1);
        return true;
      }
      Atomics.wait(c, CONTROL.CREDITS, credits, 250);
    }
  }

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    if (!this.#awaitCredit()) return logits;
    const data = logits.data as Float32Array;
    const vocab = data.length;
    const l = this.#l;
    const allowed = this.#form?.allowed(param(l, 'line_length')) ?? this.#freeFormMask(vocab);
    const pick = sampleToken(
      data,
      {
        temperature: param(l, 'temperature'),
        top_k: param(l, 'top_k'),
        top_p: param(l, 'top_p'),
        repetition_penalty: param(l, 'repetition_penalty'),
      },
      this.#rng,
      { history: this.#history, allowed },
    );
    for (let i = 0; i < vocab; i++) data[i] = i === pick.token ? 0 : -Infinity;
    this.count++;
    this.#history.push(pick.token);
    if (!l.eosIds.includes(pick.token)) this.#emit(pick.token, pick.logprob, pick.entropy);
    return logits;
  }

  /** Decodes incrementally so multi-token characters (byte-level BPE) are sent whole. */
  #emit(token: number, logprob: number, entropy: number): void {
    this.#ids.push(token);
    const full = this.#l.tokenizer.decode(this.#ids, { skip_special_tokens: true });
    // An unfinished multi-byte character is sent with the token that completes it; an empty token
    // still goes out, because the main thread grants the next credit only after a reply.
    const delta = full.endsWith('\uFFFD') ? '' : full.slice(this.#text.length);
    if (delta) this.#text = full;
    this.#form?.accept(delta);
    for (const br of this.#l.lineBreaks) this.#breaks += delta.split(br).length - 1;
    post({ type: 'token', gen: this.#req.gen, text: delta, logprob, entropy });
  }

  /** Without form rules, a verse may still not end before it has `minLines` lines. */
  #freeFormMask(vocab: number): Uint8Array | undefined {
    if (this.#breaks >= this.#l.minLines || this.#l.eosIds.length === 0) return undefined;
    const mask = new Uint8Array(vocab).fill(1);
    for (const id of this.#l.eosIds) mask[id] = 0;
    return mask;
  }

}

class InkverseStop extends StoppingCriteria {
  readonly #sampler: InkverseSampler;
  readonly #l: Loaded;
  /** Tokens the model's context has room for after the input. */
  readonly #room: number;

  constructor(sampler: InkverseSampler, l: Loaded, room: number) {
    super();
    this.#sampler = sampler;
    this.#l = l;
    this.#room = room;
  }

  /** True when the live max_tokens or the model's context is reached. */
  full(): boolean {
    return this.#sampler.count >= Math.min(param(this.#l, 'max_tokens'), this.#room);
  }

  override _call(inputIds: number[][]): boolean[] {
    const stop = this.#sampler.cancelled() || this.full();
    return inputIds.map(() => stop);
  }
}

/** Model input ids, keeping only the most recent tokens when a long verse outgrows the context. */
function encodeInput(l: Loaded, text: string): Record<string, Tensor> {
  const inputs = l.tokenizer(text, { return_tensor: true }) as unknown as Record<string, Tensor>;
  const ids = inputs.input_ids!;
  const length = ids.dims.at(-1)!;
  // Leave a quarter of the context for new tokens; a verse continued past that forgets its start.
  const keep = Math.floor((l.contextLength * 3) / 4);
  if (length <= keep) return inputs;
  return {
    input_ids: ids.slice(null, [length - keep, length]),
    attention_mask: inputs.attention_mask!.slice(null, [length - keep, length]),
  };
}

async function generate(req: GenerateRequest): Promise<void> {
  const l = loaded;
  if (!l) return post({ type: 'error', gen: req.gen, message: 'The model is not loaded yet.' });
  try {
    const inputs = encodeInput(l, req.input);
    const room = l.contextLength - inputs.input_ids!.dims.at(-1)!;
    const bodyIds = req.body ? Array.from(l.tokenizer.encode(req.body, { add_special_tokens: false })) : [];
    const sampler = new InkverseSampler(l, req, bodyIds);
    const stop = new InkverseStop(sampler, l, room);
    const processors = new LogitsProcessorList();
    processors.push(sampler);
    const maxSpec = ENGINE_PARAMS.find((s) => s.name === 'max_tokens')!;
    await l.model.generate({
      ...inputs,
      do_sample: false,
      max_new_tokens: maxSpec.max,
      repetition_penalty: 1,
      no_repeat_ngram_size: 0,
      logits_processor: processors,
      stopping_criteria: [stop],
    } as Parameters<PreTrainedModel['generate']>[0]);
    const reason = sampler.cancelled() ? 'cancelled' : stop.full() ? 'length' : 'eos';
    post({ type: 'end', gen: req.gen, reason });
  } catch (err) {
    post({ type: 'error', gen: req.gen, message: (err as Error).message });
  }
}

port.on('message', (msg: ToWorker) => {
  chain = chain.then(async () => {
    switch (msg.type) {
      case 'load':
        try {
          await load(msg);
        } catch (err) {
          post({ type: 'error', gen: null, message: (err as Error).message });
        }
        return;
      case 'generate':
        return generate(msg);
      case 'dispose':
        // Runs after any generation in progress (the chain), so no session is freed mid-run.
        await loaded?.model.dispose();
        loaded = null;
        process.exit(0);
    }
  });
});
