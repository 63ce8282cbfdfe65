/**
 * @module transformersGenerator: the `Generator` backed by @huggingface/transformers in a worker thread.
 * Live parameters and token credits cross through shared memory; tokens come back as messages.
 */
import { Worker } from 'node:worker_threads';
import { InkverseError } from '../protocol/errors.ts';
import type { DraftOptions, DraftedLine, GenerateOptions, GeneratedToken, Generator, GeneratorInfo, GeneratorMemory } from './generator.ts';
import { logger } from './log.ts';
import { CONTROL, MEMORY, type FromWorker, type ToWorker } from './worker/messages.ts';
import { unpackDrafts } from './worker/packedDrafts.ts';
import { toWorker, type WorkerChannel } from './worker/workerChannel.ts';
import { blendWeights, defaultThreads, type TransformersGeneratorOptions } from './transformersGeneratorOptions.ts';

const log = logger('engine:generator');

/** How long a closing worker may take to finish its step and free the model before it is terminated. */
const CLOSE_TIMEOUT_MS = 5000;

interface Pending {
  gen: number;
  queue: FromWorker[];
  wake: (() => void) | null;
}

export class TransformersGenerator implements Generator {
  readonly info: GeneratorInfo;
  readonly #options: TransformersGeneratorOptions;
  readonly #control = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * CONTROL.SLOTS));
  /** The worker's heap as it last reported it (MEMORY slots); zeros until its first report. */
  readonly #memory = new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT * MEMORY.SLOTS));
  #worker: Worker | null = null;
  /** The typed end of the running worker's port (set with `#worker`). */
  #channel: WorkerChannel<ToWorker, FromWorker> | null = null;
  #loading: Promise<void> | null = null;
  #gen = 0;
  #pending: Pending | null = null;
  /** Draft batches waiting for the worker, by generation id. */
  readonly #drafts = new Map<number, (msg: FromWorker) => void>();
  #closed = false;
  /** What the worker loads beside the model for the style fader (checked in the constructor). */
  readonly #blend: { dir: string; dtype: string } | null;

  constructor(options: TransformersGeneratorOptions) {
    this.#options = options;
    if (options.model.weights === 'none') {
      throw new InkverseError(
        'INKVERSE_E_MODEL_LOAD',
        `Model "${options.model.name}" is a verse profile without weights (${options.model.dir} has no onnx/); the transformers backend needs its ONNX files.`,
      );
    }
    const dtype = options.dtype === 'auto' ? options.model.defaultDtype : options.dtype;
    if (!options.model.dtypes.includes(dtype)) {
      throw new InkverseError(
        'INKVERSE_E_MODEL_LOAD',
        `Model "${options.model.name}" has no ${dtype} weights; it has ${options.model.dtypes.join(', ')} (set model.dtype to one of them, or "auto").`,
      );
    }
    this.#blend = blendWeights(options.blend, dtype);
    this.info = { model: options.model.name, device: options.device, dtype, state: 'idle', devices: [], blend: options.blend?.name ?? null };
  }

  load(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('The generator is closed.'));
    this.#loading ??= this.#spawn().catch((err: unknown) => {
      this.#loading = null;
      this.info.state = 'failed';
      throw err;
    });
    return this.#loading;
  }

  #spawn(): Promise<void> {
    this.info.state = 'loading';
    // Compiled (dist/node, `npm start`): the worker's JavaScript; from source (tests, tsx): a bootstrap that loads tsx.
    const compiled = import.meta.url.endsWith('.js');
    const worker = new Worker(new URL(compiled ? './worker/generatorWorker.js' : './worker/generatorWorker.mjs', import.meta.url));
    const channel = toWorker(worker);
    this.#worker = worker;
    this.#channel = channel;
    const { model, device } = this.#options;
    const dtype = this.info.dtype;
    log.info({ model: model.name, device, dtype }, 'loading model');
    return new Promise<void>((resolve, reject) => {
      let loaded = false;
      channel.onMessage((msg) => {
        switch (msg.type) {
          case 'progress':
            log.info({ file: msg.file, progress: Math.round(msg.progress) }, 'loading model file');
            return;
          case 'loaded':
            this.info.device = msg.device;
            this.info.dtype = msg.dtype;
            this.info.state = 'ready';
            this.info.devices = msg.trials;
            for (const t of msg.trials.filter((t) => !t.ok)) log.warn({ device: t.device, reason: t.reason }, 'device unavailable, fell back');
            log.info({ device: msg.device, dtype: msg.dtype, load_ms: msg.loadMs, trials: msg.trials }, 'model ready');
            loaded = true;
            return resolve();
          case 'error':
            if (msg.gen === null) {
              // The worker holds no model now; let it go, so a retry starts a fresh one and none leaks.
              if (this.#worker === worker) this.#detach();
              channel.send({ type: 'dispose' });
              return reject(new InkverseError('INKVERSE_E_MODEL_LOAD', `Model "${model.name}" could not be loaded from ${model.dir}: ${msg.message}`));
            }
          // falls through: generation errors go to the pending stream
          default:
            this.#deliver(msg);
        }
      });
      worker.on('error', (err) => {
        log.error({ err }, 'generator worker crashed');
        reject(new InkverseError('INKVERSE_E_MODEL_LOAD', `The generator worker crashed: ${err.message}`));
        this.#deliver({ type: 'error', gen: this.#pending?.gen ?? null, message: err.message });
      });
      worker.on('exit', (code) => {
        if (this.#worker === worker) {
          this.#detach();
          this.#loading = null;
          if (!this.#closed) {
            this.info.state = 'failed';
            log.error({ code, loaded }, 'generator worker exited; it will be restarted for the next verse');
            this.#deliver({ type: 'error', gen: this.#pending?.gen ?? null, message: `worker exited with code ${code}` });
          }
        }
        // An exit before the model is ready must end load(), or whoever waits on it waits forever.
        if (!loaded) reject(new InkverseError('INKVERSE_E_MODEL_LOAD', `The generator worker exited with code ${code} while loading model "${model.name}".`));
      });
      channel.send({
        type: 'load',
        dir: model.dir,
        device,
        dtype,
        threads: this.#options.threads ?? defaultThreads(),
        form: model.form,
        lineBreaks: model.lineBreaks,
        minLines: model.minLines,
        params: this.#options.params.engineMirror(), // the surface's one mirror, shared with every other generator
        control: this.#control.buffer as SharedArrayBuffer,
        blend: this.#blend,
        memory: this.#memory.buffer as SharedArrayBuffer,
      });
    });
  }

  #detach(): void {
    this.#worker = null;
    this.#channel = null;
  }

  #deliver(msg: FromWorker): void {
    if ('gen' in msg && msg.gen !== null && this.#drafts.has(msg.gen)) return this.#drafts.get(msg.gen)!(msg);
    if (msg.type === 'error' && msg.gen === null) for (const settle of this.#drafts.values()) settle(msg);
    const p = this.#pending;
    if (!p) return;
    if ('gen' in msg && msg.gen !== null && msg.gen !== p.gen) return;
    p.queue.push(msg);
    p.wake?.();
  }

  async *generate(options: GenerateOptions): AsyncGenerator<GeneratedToken> {
    await this.load();
    const channel = this.#channel;
    if (!channel) throw new InkverseError('INKVERSE_E_GENERATION', 'The generator worker is not running.');
    const gen = ++this.#gen;
    const pending: Pending = { gen, queue: [], wake: null };
    this.#pending = pending;
    Atomics.store(this.#control, CONTROL.CREDITS, 0);
    const cancel = (): void => {
      Atomics.store(this.#control, CONTROL.CANCEL, gen);
      Atomics.notify(this.#control, CONTROL.CREDITS);
    };
    if (options.signal?.aborted) cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    channel.send({ type: 'generate', gen, input: options.input, body: options.body, seed: options.seed, plan: options.plan, schedule: options.schedule });
    let reported = -1; // the last step whose parameters went to onParams
    const report = (change: { step: number; values: number[] } | undefined): void => {
      if (!change || change.step <= reported) return;
      reported = change.step;
      options.onParams?.(change);
    };
    try {
      for (;;) {
        if (pending.queue.length === 0) {
          Atomics.add(this.#control, CONTROL.CREDITS, 1);
          Atomics.notify(this.#control, CONTROL.CREDITS);
          await new Promise<void>((resolve) => (pending.wake = resolve));
          pending.wake = null;
        }
        const msg = pending.queue.shift()!;
        if (msg.type === 'token') {
          report(msg.params);
          if (msg.text) yield { text: msg.text, logprob: msg.logprob, entropy: msg.entropy };
        } else if (msg.type === 'end') {
          msg.params?.forEach(report); // a change at the step that ended the verse came with no token
          return;
        }
        else if (msg.type === 'error') throw new InkverseError('INKVERSE_E_GENERATION', `Generation failed: ${msg.message}`);
      }
    } finally {
      options.signal?.removeEventListener('abort', cancel);
      if (this.#pending === pending) {
        // Stopped early by the consumer: let the worker finish this generation quietly.
        if (!pending.queue.some((m) => m.type === 'end' || m.type === 'error')) cancel();
        this.#pending = null;
      }
    }
  }

  memory(): GeneratorMemory | null {
    const m = this.#memory;
    if (!this.#worker || m[MEMORY.HEAP_TOTAL] === 0) return null;
    return { heapUsed: m[MEMORY.HEAP_USED]!, heapTotal: m[MEMORY.HEAP_TOTAL]!, external: m[MEMORY.EXTERNAL]!, arrayBuffers: m[MEMORY.ARRAY_BUFFERS]! };
  }

  /** The worker thread now running, if any: for fault tests (terminate it) and diagnostics only. */
  get worker(): Worker | null {
    return this.#worker;
  }

  /** Drafts the next line in the worker, `count` rows in one batch (see Generator.draft). */
  async draft(options: DraftOptions): Promise<DraftedLine[]> {
    await this.load();
    const channel = this.#channel;
    if (!channel) throw new InkverseError('INKVERSE_E_GENERATION', 'The generator worker is not running.');
    options.signal?.throwIfAborted();
    const gen = ++this.#gen;
    const cancel = (): void => {
      Atomics.store(this.#control, CONTROL.CANCEL, gen);
      Atomics.notify(this.#control, CONTROL.CREDITS);
    };
    try {
      return await new Promise<DraftedLine[]>((resolve, reject) => {
        this.#drafts.set(gen, (msg) => {
          if (msg.type === 'drafts') {
            msg.params.forEach((p) => options.onParams?.(p));
            resolve(unpackDrafts(msg.rows));
          }
          else if (msg.type === 'error') reject(new InkverseError('INKVERSE_E_GENERATION', `Drafting failed: ${msg.message}`));
          else if (msg.type === 'end') reject(options.signal?.reason ?? new Error('drafting cancelled'));
        });
        options.signal?.addEventListener('abort', cancel, { once: true });
        const { signal: _signal, onParams: _onParams, ...request } = options;
        channel.send({ type: 'draft', gen, ...request });
      });
    } finally {
      this.#drafts.delete(gen);
      options.signal?.removeEventListener('abort', cancel);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const worker = this.#worker;
    const channel = this.#channel;
    this.#detach();
    if (!worker || !channel) return;
    Atomics.store(this.#control, CONTROL.CANCEL, this.#gen);
    Atomics.notify(this.#control, CONTROL.CREDITS);
    // Terminating a worker inside an ONNX Runtime call can abort the whole process (a native
    // exception), so ask it to finish the step, free the session and exit; terminate only if it hangs.
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    channel.send({ type: 'dispose' });
    const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    this.info.state = 'idle';
  }
}
