/**
 * @module generatorSupervisor: a Generator that keeps the room writing whatever its backends do. It loads
 * a chain of candidates (the model, then fallbacks: the model on the CPU, a smaller model, replays),
 * watches every load, token and draft, restarts a failed candidate with backoff, writes with the best one
 * that is ready, and swaps back to a better one between verses once it recovers. Its service status
 * (`ok`, or `degraded` with a reason) feeds `/health` and the pages.
 */
import { InkverseError } from '../../protocol/errors.ts';
import type { ServiceStatus } from '../../protocol/events.ts';
import { Emitter } from '../emitter.ts';
import type { DraftOptions, DraftedLine, GenerateOptions, GeneratedToken, Generator, GeneratorInfo, GeneratorMemory, VerseSetup } from '../generator.ts';
import { logger } from '../log.ts';
import type { VerseProfile } from '../verseProfile.ts';
import { candidateRows, chainMemory, chainStatus } from './chainStatus.ts';
import { switchChain } from './chainSwitch.ts';
import { ReadyGate } from './readyGate.ts';
import { Slot, shortError, type Candidate } from './slot.ts';
import { SUPERVISOR_DEFAULTS, type SupervisorOptions } from './supervisorOptions.ts';
import { WatchdogTimeout, watched, within } from './watchdog.ts';

export type { Candidate, SupervisorOptions };

const log = logger('engine:supervisor');

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
  readonly #gate = new ReadyGate(() => this.#closed);
  #status: ServiceStatus = { status: 'degraded', reason: 'starting' };

  constructor(options: SupervisorOptions) {
    if (options.candidates.length === 0) throw new Error('GeneratorSupervisor needs at least one candidate.');
    this.#o = { ...SUPERVISOR_DEFAULTS, ...options };
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
    return switchChain({
      build: (changed) => this.#chain(candidates, changed),
      track: (slots) => (this.#incoming = slots),
      adopt: (slots) => this.#adopt(slots),
      changed: () => this.#reconcile(),
      writesOn: () => this.info.model,
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

  /** The candidate the running verse was planned with while it can write, else the best that can. */
  get #writing(): Slot | null {
    return this.#inUse?.state === 'ready' ? this.#inUse : this.#best;
  }

  get info(): GeneratorInfo {
    const slot = this.#writing ?? this.#slots[0]!;
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
    const head = this.#slots[0]!.candidate;
    return (this.#writing?.candidate.profile ?? head.profile)?.name ?? head.label;
  }

  /** The heaps of every candidate's thread now loaded, summed; null when none reports. */
  memory(): GeneratorMemory | null {
    return chainMemory(this.#slots);
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
    return candidateRows(this.#slots);
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
    return this.#best ? Promise.resolve() : this.#gate.wait(signal);
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
    const slot = this.#writing;
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
    const inner = this.#writing?.generator;
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
    if (this.#best) this.#gate.open();
    this.#updateStatus();
  }

  #updateStatus(): void {
    const next = chainStatus(this.#slots, this.#best);
    if (next.status === this.#status.status && next.reason === this.#status.reason) return;
    this.#status = next;
    (next.status === 'ok' ? log.info : log.warn).call(log, { status: next.status, reason: next.reason }, 'service status');
    this.events.emit('status', next);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#gate.open();
    await Promise.all([...this.#slots, ...this.#retired, ...(this.#incoming ?? [])].map((s) => s.dispose()));
  }
}
