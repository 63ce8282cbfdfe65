/**
 * @module generatorSupervisor: a Generator that keeps the room writing whatever its backends do. It loads
 * a chain of candidates (the model, then fallbacks: the model on the CPU, a smaller model, replays),
 * watches every load, token and draft, restarts a failed candidate with backoff, writes with the best one
 * that is ready, and swaps back to a better one between verses once it recovers. Its service status
 * (`ok`, or `degraded` with a reason) feeds `/health` and the pages.
 */
import type { Milliseconds } from '../../protocol/paramSpec.ts';
import { InkverseError } from '../../protocol/errors.ts';
import type { ServiceStatus } from '../../protocol/events.ts';
import type { Clock } from '../clock.ts';
import { Emitter } from '../emitter.ts';
import type { DraftOptions, DraftedLine, GenerateOptions, GeneratedToken, Generator, GeneratorInfo, GeneratorMemory, VerseSetup } from '../generator.ts';
import { logger } from '../log.ts';
import type { VerseProfile } from '../verseProfile.ts';
import { Slot, shortError, type Candidate } from './slot.ts';
import { WatchdogTimeout, watched, within } from './watchdog.ts';

export type { Candidate };

const log = logger('engine:supervisor');

export interface SupervisorOptions {
  /** The model first, then the fallbacks in order of preference. */
  candidates: Candidate[];
  clock: Clock;
  /** No token for this long while writing is a hang (the candidate is restarted). */
  tokenTimeoutMs?: Milliseconds;
  /** A load that takes longer than this is a hang. */
  loadTimeoutMs?: Milliseconds;
  /** First retry after a failure; doubles with each failure in a row. */
  retryMinMs?: Milliseconds;
  /** Longest wait between retries, so a fixed model file heals the room within this long. */
  retryMaxMs?: Milliseconds;
  /** Verses in a row that end in an error before the candidate is restarted. */
  maxErrors?: number;
  /** Frees what the candidates share (the parameter reader), after they are closed. */
  onClose?: () => void;
}

const DEFAULTS = {
  tokenTimeoutMs: 20_000,
  loadTimeoutMs: 300_000,
  retryMinMs: 1000,
  retryMaxMs: 60_000,
  maxErrors: 3,
  onClose: () => {},
} satisfies Omit<SupervisorOptions, 'candidates' | 'clock'>;

export interface SupervisorEvents {
  /** The service status changed. */
  status: (s: ServiceStatus) => void;
}

export class GeneratorSupervisor implements Generator {
  readonly events = new Emitter<SupervisorEvents>();
  readonly #o: Required<SupervisorOptions>;
  #slots: Slot[];
  /** The candidate the running (or last) verse was planned with. */
  #inUse: Slot | null = null;
  /** A chain loading to take over (a live model switch), until its first candidate is ready or fails. */
  #incoming: Slot[] | null = null;
  /** The candidate of a replaced chain that was writing when it was replaced: freed once its verse has ended. */
  #retired: Slot[] = [];
  #started = false;
  #walking = false;
  #again = false;
  #closed = false;
  #waiters = new Set<() => void>();
  #status: ServiceStatus = { status: 'degraded', reason: 'starting' };

  constructor(options: SupervisorOptions) {
    if (options.candidates.length === 0) throw new Error('GeneratorSupervisor needs at least one candidate.');
    this.#o = { ...DEFAULTS, ...options };
    this.#slots = this.#chain(options.candidates, () => this.#reconcile());
  }

  #chain(candidates: readonly Candidate[], changed: () => void): Slot[] {
    const { clock, loadTimeoutMs, retryMinMs, retryMaxMs } = this.#o;
    return candidates.map((c, i) => new Slot(c, i, { clock, loadTimeoutMs, retryMinMs, retryMaxMs, changed }));
  }

  /** The first candidate of a chain that is loading to take over (a live switch), if any. */
  get incoming(): string | null {
    return this.#incoming?.[0]?.candidate.label ?? null;
  }

  /**
   * A live model switch: loads `candidates` (the new model, then its fallbacks) beside the chain that writes. Once the
   * new model is ready its chain takes over: the verse being written ends with the old model, the next is written by
   * the new one. Rejects (`INKVERSE_E_MODEL_LOAD`, and nothing changes) when the new model fails to load, and
   * (`INKVERSE_E_MODEL_BUSY`) while another switch is loading.
   */
  replaceChain(candidates: readonly Candidate[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('The generator supervisor is closed.'));
    if (this.#incoming) return Promise.reject(new InkverseError('INKVERSE_E_MODEL_BUSY', `A switch to ${this.incoming} is still loading; try again once it is done.`));
    if (candidates.length === 0) return Promise.reject(new Error('A chain needs at least one candidate.'));
    return new Promise<void>((resolve, reject) => {
      let adopted = false;
      const slots: Slot[] = this.#chain(candidates, () => {
        if (adopted) return this.#reconcile(); // the chain's own now
        const first = slots[0]!;
        if (first.state === 'ready') {
          adopted = true;
          this.#adopt(slots);
          resolve();
        } else if (first.state === 'waiting') {
          this.#incoming = null;
          void Promise.all(slots.map((s) => s.dispose()));
          reject(new InkverseError('INKVERSE_E_MODEL_LOAD', `${first.reason ?? `${first.candidate.label} could not load`}; ${this.info.model} writes on.`));
        }
      });
      this.#incoming = slots;
      slots[0]!.attempt();
    });
  }

  /** The switched chain takes over; the old one's candidate that is writing a verse is kept until that verse ends. */
  #adopt(slots: Slot[]): void {
    const old = this.#slots;
    this.#incoming = null;
    this.#slots = slots;
    for (const s of old) {
      if (s === this.#inUse) this.#retired.push(s);
      else void s.dispose();
    }
    log.info({ model: slots[0]!.candidate.label }, 'switched model: it writes from the next verse');
    this.#reconcile();
  }

  /** The best candidate that can write now. */
  get #best(): Slot | null {
    return this.#slots.find((s) => s.state === 'ready') ?? null;
  }

  get info(): GeneratorInfo {
    const slot = this.#inUse?.state === 'ready' ? this.#inUse : (this.#best ?? this.#slots[0]!);
    const inner = slot.generator?.info;
    const state = this.#best ? 'ready' : this.#slots.some((s) => s.state === 'loading') ? 'loading' : this.#started ? 'failed' : 'idle';
    const logprobs = inner?.logprobs ? { logprobs: { ...inner.logprobs } } : {};
    return { model: slot.candidate.profile?.name ?? slot.candidate.label, device: inner?.device ?? slot.candidate.device ?? '', dtype: inner?.dtype ?? '', devices: inner?.devices ?? [], state, ...logprobs, blend: inner?.blend ?? null };
  }

  /**
   * The model writing now (or next, when nothing writes): the one the running verse was planned with, else the best
   * ready. Replays name the chain's own model; a fallback model names itself. For `/health` and the console.
   */
  get model(): string {
    const writing = this.#inUse?.state === 'ready' ? this.#inUse : this.#best;
    const head = this.#slots[0]!.candidate;
    return (writing?.candidate.profile ?? head.profile)?.name ?? head.label;
  }

  /** The heaps of every candidate's thread now loaded (a fallback may hold its own worker), summed; null when none reports. */
  memory(): GeneratorMemory | null {
    const reports = this.#slots.map((s) => s.generator?.memory?.() ?? null).filter((m): m is GeneratorMemory => m !== null);
    if (reports.length === 0) return null;
    const sum = (k: keyof GeneratorMemory): number => reports.reduce((a, m) => a + m[k], 0);
    return { heapUsed: sum('heapUsed'), heapTotal: sum('heapTotal'), external: sum('external'), arrayBuffers: sum('arrayBuffers') };
  }

  /** `ok` while the first candidate writes; else `degraded` with the reason. */
  get status(): ServiceStatus {
    this.#checkAlive();
    return this.#status;
  }

  /** A generator that died while idle (its worker exited between verses) is found at the next look. */
  #checkAlive(): void {
    const best = this.#best;
    const gen = best?.generator;
    if (best && gen && gen.info.state !== 'ready') best.fault(`${best.candidate.label} stopped between verses (${gen.info.state})`, gen);
  }

  /** Every candidate: its label, state, failures in a row and last fault, for `/health`. */
  candidates(): Array<{ label: string; state: string; failures: number; reason: string | null }> {
    return this.#slots.map((s) => ({ label: s.candidate.label, state: s.state, failures: s.failures, reason: s.reason }));
  }

  /** Starts supervising; resolves as soon as some candidate can write (never rejects until closed). */
  load(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('The generator supervisor is closed.'));
    if (!this.#started) {
      this.#started = true;
      this.#reconcile();
    }
    return this.#whenReady();
  }

  #whenReady(signal?: AbortSignal): Promise<void> {
    if (this.#best) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.#waiters.delete(done);
        if (this.#closed) reject(new Error('The generator supervisor is closed.'));
        else resolve();
      };
      const onAbort = (): void => {
        this.#waiters.delete(done);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(done);
    });
  }

  async prepare(signal: AbortSignal): Promise<VerseSetup> {
    if (!this.#started) this.load().catch(() => {}); // closed before anything could write: the wait below says so
    for (;;) {
      await this.#whenReady(signal);
      // A worker that died between verses is found here, before a prompt is taken for it.
      this.#checkAlive();
      const best = this.#best;
      if (!best?.generator) continue;
      this.#inUse = best;
      // A replaced chain's last verse has ended: its model is freed.
      for (const s of this.#retired.splice(0)) void s.dispose();
      this.#releaseSpares();
      const setup = best.generator.prepare ? await best.generator.prepare(signal) : null;
      return setup ?? { profile: best.candidate.profile as VerseProfile, replay: null };
    }
  }

  /** The candidate writing the verse, and its generator; throws when nothing can write. */
  #writer(): { slot: Slot; inner: Generator } {
    const slot = this.#inUse?.state === 'ready' ? this.#inUse : this.#best;
    const inner = slot?.generator;
    if (!slot || !inner) throw new InkverseError('INKVERSE_E_GENERATION', `Nothing can write right now: ${this.#status.reason ?? 'no generator is ready'}.`);
    return { slot, inner };
  }

  /** A failed stream or draft: a fault when the generator went down or failed too often, else one error more. */
  #failed(slot: Slot, inner: Generator, err: unknown): void {
    if (inner.info.state !== 'ready') slot.fault(`${slot.candidate.label} stopped while writing: ${shortError(err)}`, inner);
    else if (++slot.errors >= this.#o.maxErrors) slot.fault(`${slot.candidate.label} failed ${slot.errors} verses in a row: ${shortError(err)}`, inner);
  }

  /**
   * Drafting, when the generator writing this verse can draft (the loop asks once per verse), under the
   * same watchdog as a token: a draft that takes longer than the token timeout is a hang.
   */
  get draft(): ((options: DraftOptions) => Promise<DraftedLine[]>) | undefined {
    const inner = (this.#inUse?.state === 'ready' ? this.#inUse : this.#best)?.generator;
    return inner?.draft ? (options) => this.#draft(options) : undefined;
  }

  async #draft(options: DraftOptions): Promise<DraftedLine[]> {
    const { slot, inner } = this.#writer();
    if (!inner.draft) throw new InkverseError('INKVERSE_E_GENERATION', `${slot.candidate.label} cannot draft lines.`);
    let step;
    try {
      step = await within(inner.draft(options), this.#o.clock, this.#o.tokenTimeoutMs, options.signal);
    } catch (err) {
      if (!options.signal?.aborted) this.#failed(slot, inner, err);
      throw err;
    }
    if (step.kind === 'aborted') throw options.signal?.reason ?? new Error('drafting cancelled');
    if (step.kind === 'timeout') {
      slot.fault(`${slot.candidate.label} drafted nothing for ${this.#o.tokenTimeoutMs / 1000} s`, inner);
      throw new InkverseError('INKVERSE_E_GENERATION', `The generator hung (no draft for ${this.#o.tokenTimeoutMs / 1000} s); it is being restarted.`);
    }
    slot.wrote(step.value.length);
    this.#updateStatus();
    return step.value;
  }

  async *generate(options: GenerateOptions): AsyncGenerator<GeneratedToken> {
    const { slot, inner } = this.#writer();
    let tokens = 0;
    try {
      for await (const token of watched(inner.generate(options), { clock: this.#o.clock, timeoutMs: this.#o.tokenTimeoutMs, signal: options.signal })) {
        tokens++;
        yield token;
      }
    } catch (err) {
      if (err instanceof WatchdogTimeout) {
        slot.fault(`${slot.candidate.label} wrote no token for ${err.timeoutMs / 1000} s`, inner);
        throw new InkverseError('INKVERSE_E_GENERATION', `The generator hung (no token for ${err.timeoutMs / 1000} s); it is being restarted.`, { cause: err });
      }
      this.#failed(slot, inner, err);
      throw err;
    }
    slot.wrote(tokens);
    this.#updateStatus();
  }

  /** Frees the candidates that are ready but not needed: anything below the best one, when not in use. */
  #releaseSpares(): void {
    const best = this.#best;
    for (const s of this.#slots) if (s !== best && s !== this.#inUse && s.state === 'ready' && best && s.index > best.index) s.release();
  }

  /**
   * Walks the chain from the top: loads what should be loading, and stops at the first candidate that is
   * ready. At start it waits for the model's first try; once a candidate has failed, every one below it is
   * started too, so the quickest (replays, at once) covers the wait for a better one, which takes over
   * between verses as soon as it is ready.
   */
  #reconcile(): void {
    if (this.#closed || !this.#started) return;
    // A load that fails at once reports back from inside the walk: walk again after, not within.
    if (this.#walking) return void (this.#again = true);
    this.#walking = true;
    do {
      this.#again = false;
      let failedAbove = false;
      for (const slot of this.#slots) {
        if (slot.state === 'ready') break;
        slot.attempt(); // starts a load when idle
        if (slot.onFirstTry() && !failedAbove) break;
        failedAbove ||= slot.failures > 0;
      }
    } while (this.#again);
    this.#walking = false;
    if (this.#best) for (const wake of [...this.#waiters]) wake();
    this.#updateStatus();
  }

  #updateStatus(): void {
    const next = this.#describe();
    if (next.status === this.#status.status && next.reason === this.#status.reason) return;
    this.#status = next;
    (next.status === 'ok' ? log.info : log.warn).call(log, { status: next.status, reason: next.reason }, 'service status');
    this.events.emit('status', next);
  }

  #describe(): ServiceStatus {
    const [first] = this.#slots as [Slot];
    const best = this.#best;
    if (best === first) return { status: 'ok', reason: null };
    if (first.failures === 0) return { status: 'degraded', reason: `loading ${first.candidate.label}` };
    const meanwhile = best ? `; writing with ${best.candidate.label} meanwhile` : '; nothing can write until it recovers';
    return { status: 'degraded', reason: `${first.reason ?? `${first.candidate.label} failed`}; retrying${meanwhile}` };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const wake of [...this.#waiters]) wake();
    await Promise.all([...this.#slots, ...this.#retired, ...(this.#incoming ?? [])].map((s) => s.dispose()));
    this.#o.onClose();
  }
}
