/**
 * @module deviceSelection: loads the model on the device asked for; for `auto`, loads it on every device that
 * may work, measures a short decode on each and keeps the fastest; a device that fails falls back to the CPU.
 * Runs inside the generator worker.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import { AutoModelForCausalLM, env, type Tensor } from './transformersRuntime.ts';
import type { DeviceTrial, FromWorker, LoadRequest } from './messages.ts';

/** Tokens of the timed greedy run that measures a device. */
const MEASURE_TOKENS = 24;
/** Report load progress in steps of this many percent. */
const PROGRESS_STEP = 10;

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

export async function loadOn(req: Pick<LoadRequest, 'dir' | 'threads'>, device: string, dtype: string, post: (msg: FromWorker) => void): Promise<PreTrainedModel> {
  env.localModelPath = path.dirname(req.dir) + path.sep;
  let lastReported = -PROGRESS_STEP;
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
      if (p.status === 'progress' && p.file && typeof p.progress === 'number' && p.progress - lastReported >= PROGRESS_STEP) {
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
  const t0 = performance.now();
  await model.generate({ ...inputs, max_new_tokens: MEASURE_TOKENS, min_new_tokens: MEASURE_TOKENS, do_sample: false });
  return (MEASURE_TOKENS / (performance.now() - t0)) * 1000;
}

/** The loaded model, the device it runs on, and what each device trial found. */
export async function loadOnDevice(
  req: LoadRequest,
  tokenizer: PreTrainedTokenizer,
  post: (msg: FromWorker) => void,
): Promise<{ model: PreTrainedModel; device: string; trials: DeviceTrial[] }> {
  const dtype = req.dtype;
  const trials: DeviceTrial[] = [];
  let model: PreTrainedModel | null = null;
  let device: string = req.device === 'auto' ? 'cpu' : req.device;

  if (req.device === 'auto') {
    const candidates = ['webgpu', ...(hasCudaProvider() ? ['cuda'] : []), 'cpu'];
    let best = -1;
    for (const candidate of candidates) {
      try {
        const m = await loadOn(req, candidate, dtype, post);
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
      model = await loadOn(req, device, dtype, post);
      trials.push({ device, ok: true });
    } catch (err) {
      if (device === 'cpu') throw err;
      trials.push({ device, ok: false, reason: shortReason(err) });
      device = 'cpu';
      model = await loadOn(req, device, dtype, post);
      trials.push({ device, ok: true });
    }
  }
  if (!model) throw new Error('No device could load the model.');
  return { model, device, trials };
}
