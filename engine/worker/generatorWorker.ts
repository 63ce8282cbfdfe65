/**
 * @module generatorWorker: runs @huggingface/transformers in a worker thread so the server's event loop
 * never waits on inference. Sampling is ours (seeded, live parameters read from shared memory at every
 * token, form rules and prosody, see verseProcessors); our decode loop (decodeLoop) runs the model and its KV
 * cache. Streams a verse token by token, or drafts the next line N times in one batch.
 */
import { parentPort } from 'node:worker_threads';
import path from 'node:path';
import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import { AutoTokenizer, Tensor, env } from './transformersRuntime.ts';
import { ENGINE_PARAMS } from '../engineParams.ts';
import { FINISH_LINE_TOKENS } from '../generator.ts';
import { FormVocab } from '../form.ts';
import { readProsodyProfile } from '../prosody/prosodyProfile.ts';
import { ProsodyTable } from '../prosody/prosodyTable.ts';
import { ProsodyVocab } from '../prosody/prosodyVocab.ts';
import { decode, type BlendInput, type DecodeInputs } from './decodeLoop.ts';
import { DraftCarry } from './draftCarry.ts';
import { packDrafts } from './packedDrafts.ts';
import { ParamFrame } from './paramFrame.ts';
import { IncrementalEncoder, characterTokenizer } from './incrementalEncoder.ts';
import { loadOn, loadOnDevice } from './deviceSelection.ts';
import { CONTROL, MEMORY, type DraftRequest, type FromWorker, type GenerateRequest, type LoadRequest } from './messages.ts';
import { RowSampler, type RowContext } from './rowSampler.ts';
import { toMainThread } from './workerChannel.ts';
import { DraftProcessor, StreamProcessor } from './verseProcessors.ts';

if (!parentPort) throw new Error('generatorWorker must run in a worker thread.');
const port = toMainThread(parentPort);
const post = (msg: FromWorker): void => port.send(msg);

env.allowRemoteModels = false;
env.allowLocalModels = true;

/** Share of the context an input may fill; the rest is room for new tokens (a long verse forgets its start). */
const INPUT_SHARE = 3 / 4;
/** Tokens a drafted line may take beyond its form's longest line (its end mark). */
const DRAFT_SLACK = 2;

interface Loaded extends Omit<RowContext, 'params'> {
  model: PreTrainedModel;
  /** The style fader's second model, read in step with `model` (see decodeLoop); null without one. */
  blend: PreTrainedModel | null;
  /** The live engine parameters as the main thread mirrors them (see sharedParams); each generation reads them through its ParamFrame. */
  mirror: Float64Array;
  control: Int32Array;
  /** Longest sequence (input + output) the model's positions cover. */
  contextLength: number;
  /** What the last batch of drafts left per row (cache, form tracker), which the next line's drafts continue. */
  carry: DraftCarry;
  /** Model inputs and verse bodies grow a line at a time: each encodes only what was appended. */
  inputEncoder: IncrementalEncoder;
  bodyEncoder: IncrementalEncoder;
}

let loaded: Loaded | null = null;
/** The MEMORY slots the main thread reads (set at load). */
let memory: Float64Array | null = null;

/** Least time between two memory reports: process.memoryUsage() reads /proc, about 1 ms on a loaded machine. */
const MEMORY_REPORT_MS = 5000;
let reportedAt = -Infinity;

/** Writes this thread's heap figures where the main thread reads them, after a verse or draft batch (at most every 5 s). */
function reportMemory(): void {
  if (!memory || performance.now() - reportedAt < MEMORY_REPORT_MS) return;
  reportedAt = performance.now();
  const m = process.memoryUsage();
  memory[MEMORY.HEAP_USED] = m.heapUsed;
  memory[MEMORY.HEAP_TOTAL] = m.heapTotal;
  memory[MEMORY.EXTERNAL] = m.external;
  memory[MEMORY.ARRAY_BUFFERS] = m.arrayBuffers;
}
/** Generations run one at a time; messages that arrive meanwhile wait their turn. */
let chain: Promise<void> = Promise.resolve();

/** Token texts, and the tokens a verse must never show (`<unk>` and other specials than end of text). */
function vocabularyTables(tokenizer: PreTrainedTokenizer, vocabSize: number, eosIds: number[]): Pick<RowContext, 'tokenTexts' | 'partialTokens' | 'freeMask' | 'freeMaskNoEos'> {
  const tokenTexts: string[] = [];
  const freeMask = new Uint8Array(vocabSize).fill(1);
  let partialTokens = false;
  for (let id = 0; id < vocabSize; id++) {
    const raw = tokenizer.decode([id], { skip_special_tokens: false });
    const shown = tokenizer.decode([id], { skip_special_tokens: true });
    if (raw.includes('\uFFFD')) partialTokens = true;
    tokenTexts.push(shown);
    if (!eosIds.includes(id) && (raw === '<unk>' || (shown === '' && raw !== ''))) freeMask[id] = 0;
  }
  const freeMaskNoEos = freeMask.slice();
  for (const id of eosIds) freeMaskNoEos[id] = 0;
  return { tokenTexts, partialTokens, freeMask, freeMaskNoEos };
}

function encoders(tokenizer: PreTrainedTokenizer, added: string[] | null): Pick<Loaded, 'inputEncoder' | 'bodyEncoder'> {
  const encode = (text: string): number[] => Array.from(tokenizer.encode(text, { add_special_tokens: false }));
  return { inputEncoder: new IncrementalEncoder(encode, added), bodyEncoder: new IncrementalEncoder(encode, added) };
}

async function load(req: LoadRequest): Promise<void> {
  const t0 = performance.now();
  env.localModelPath = path.dirname(req.dir) + path.sep;
  const tokenizer = await AutoTokenizer.from_pretrained(path.basename(req.dir), { local_files_only: true });
  const { model, device, trials } = await loadOnDevice(req, tokenizer, post);
  const config = model.config as unknown as { vocab_size: number; eos_token_id?: number | number[]; n_positions?: number; max_position_embeddings?: number };
  const eosRaw = config.eos_token_id;
  const eosIds = (Array.isArray(eosRaw) ? eosRaw : eosRaw === undefined ? [] : [eosRaw]).filter((x) => typeof x === 'number');
  const tables = vocabularyTables(tokenizer, config.vocab_size, eosIds);
  let form = req.form;
  let formVocab: FormVocab | null = null;
  if (form) {
    // The profile's prosody (classical tones and rhyme, complete forms) applies only with the form rules on.
    const profile = readProsodyProfile(req.dir);
    if (profile?.completeLines) form = { ...form, completeLines: profile.completeLines };
    const table = profile?.kind === 'classical-zh' && profile.tableFile ? ProsodyTable.load(profile.tableFile) : null;
    formVocab = new FormVocab(tables.tokenTexts, form, eosIds, table ? new ProsodyVocab(tables.tokenTexts, table) : null);
  }
  const blend = req.blend ? await loadBlend(req, device, config.vocab_size) : null;
  loaded = {
    ...tables,
    tokenizer,
    model,
    blend,
    eosIds,
    form,
    formVocab,
    lineBreaks: req.lineBreaks,
    minLines: req.minLines,
    contextLength: config.n_positions ?? config.max_position_embeddings ?? Number.POSITIVE_INFINITY,
    mirror: new Float64Array(req.params),
    control: new Int32Array(req.control),
    carry: new DraftCarry(),
    ...encoders(tokenizer, characterTokenizer(req.dir)),
  };
  post({ type: 'loaded', device, dtype: req.dtype, loadMs: Math.round(performance.now() - t0), trials, vocabSize: config.vocab_size, blend: req.blend?.dir ?? null });
}

/** The blend model, on the device the model got; its vocabulary must be the model's (the tokenizers were compared before). */
async function loadBlend(req: LoadRequest, device: string, vocabSize: number): Promise<PreTrainedModel> {
  const { dir, dtype } = req.blend!;
  const blend = await loadOn({ dir, threads: req.threads }, device, dtype, post);
  const size = (blend.config as unknown as { vocab_size: number }).vocab_size;
  if (size !== vocabSize) {
    await blend.dispose();
    throw new Error(`the blend model ${dir} has a vocabulary of ${size} tokens, the model ${vocabSize}: they cannot be blended`);
  }
  return blend;
}

/** The blend model beside the model, at the weight a generation's frame reads per step (none without one). */
const blendOf = (l: Loaded, frame: ParamFrame): BlendInput | undefined => (l.blend ? { model: l.blend, weight: () => frame.get('blend') } : undefined);

/** Model input ids, keeping only the most recent `keep` tokens of a long input. */
function inputIds(l: Loaded, text: string, keep: number): number[] {
  let ids = l.inputEncoder.encode(text);
  if (ids.length > keep) ids = ids.slice(ids.length - keep);
  // An empty input (a verse with neither title nor opening) starts from end of text, as training samples do.
  return ids.length > 0 ? ids : [l.eosIds[0] ?? 0];
}

/** Decode inputs feeding `ids` from position `cached` on (the positions before it come from a cache), `rows` times over. */
function batchInputs(ids: readonly number[], rows: number, cached = 0): DecodeInputs {
  const fed = ids.slice(cached);
  const flat = new BigInt64Array(fed.length * rows);
  for (let r = 0; r < rows; r++) for (let i = 0; i < fed.length; i++) flat[r * fed.length + i] = BigInt(fed[i]!);
  // `past` always present (set later or not): one object shape, so the decode loop's optimized code stays valid.
  return { input_ids: new Tensor('int64', flat, [rows, fed.length]), attention_mask: new Tensor('int64', new BigInt64Array(ids.length * rows).fill(1n), [rows, ids.length]), past: undefined };
}

const bodyHistory = (l: Loaded, body: string): number[] => (body ? l.bodyEncoder.encode(body) : []);

async function generate(req: GenerateRequest): Promise<void> {
  const l = loaded;
  if (!l) return post({ type: 'error', gen: req.gen, message: 'The model is not loaded yet.' });
  try {
    const ids = inputIds(l, req.input, Math.floor(l.contextLength * INPUT_SHARE));
    const inputs = batchInputs(ids, 1);
    const room = l.contextLength - ids.length;
    const frame = new ParamFrame(l.mirror, req.schedule);
    const c: RowContext = { ...l, params: frame };
    const row = new RowSampler(c, req.seed, req.body, req.plan, bodyHistory(l, req.body));
    const processor = new StreamProcessor(row, c, frame, l.control, req.gen, room, (t) => post({ type: 'token', gen: req.gen, ...t }));
    const maxSpec = ENGINE_PARAMS.find((s) => s.name === 'max_tokens')!;
    await decode(l.model, inputs, processor.step, maxSpec.max + FINISH_LINE_TOKENS, false, blendOf(l, frame));
    const reason = processor.cancelled() ? 'cancelled' : processor.full() ? 'length' : 'eos';
    post({ type: 'end', gen: req.gen, reason, params: frame.changes });
  } catch (err) {
    post({ type: 'error', gen: req.gen, message: (err as Error).message });
  }
}

async function draft(req: DraftRequest): Promise<void> {
  const l = loaded;
  if (!l) return post({ type: 'error', gen: req.gen, message: 'The model is not loaded yet.' });
  try {
    const lineCap = l.form ? Math.max(...l.form.lineLengths) + DRAFT_SLACK : req.maxTokens;
    const maxTokens = Math.max(1, Math.min(req.maxTokens, lineCap));
    const count = Math.max(1, req.count);
    const ids = inputIds(l, req.input, Math.max(1, l.contextLength - maxTokens - 1));
    // Continuing the line kept from the last batch: read only what follows it (see draftCarry).
    const { start, form } = l.carry.take({ ids, count, body: req.body, plan: req.plan });
    const inputs = batchInputs(ids, count, start?.cached);
    if (start) inputs.past = start.past;
    const history = bodyHistory(l, req.body);
    const frame = new ParamFrame(l.mirror, req.schedule);
    const c: RowContext = { ...l, params: frame };
    const rows = Array.from({ length: count }, (_, r) => new RowSampler(c, req.seed + r * 7919, req.body, req.plan, history.slice(), true, form?.()));
    const cancelled = (): boolean => Atomics.load(l.control, CONTROL.CANCEL) === req.gen;
    const processor = new DraftProcessor(rows, frame, maxTokens, l.eosIds[0] ?? 0, cancelled);
    const { cache } = await decode(l.model, inputs, processor.step, maxTokens, true, blendOf(l, frame));
    if (cancelled()) return post({ type: 'end', gen: req.gen, reason: 'cancelled' });
    l.carry.keep({ ids, body: req.body, plan: req.plan, past: cache, rows: rows.map((r, i) => ({ sampled: processor.sampled[i]!, text: r.text, form: r.form })) });
    post({ type: 'drafts', gen: req.gen, rows: packDrafts(processor.results), params: frame.changes });
  } catch (err) {
    post({ type: 'error', gen: req.gen, message: (err as Error).message });
  }
}

port.onMessage((msg) => {
  chain = chain.then(async () => {
    switch (msg.type) {
      case 'load':
        try {
          memory = new Float64Array(msg.memory);
          await load(msg);
          reportMemory();
        } catch (err) {
          post({ type: 'error', gen: null, message: (err as Error).message });
        }
        return;
      case 'generate':
        return generate(msg).finally(reportMemory);
      case 'draft':
        return draft(msg).finally(reportMemory);
      case 'dispose':
        // Runs after any generation in progress (the chain), so no session is freed mid-run.
        await loaded?.model.dispose();
        await loaded?.blend?.dispose();
        loaded = null;
        process.exit(0);
    }
  });
});
