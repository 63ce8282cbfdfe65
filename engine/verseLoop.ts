/**
 * @module verseLoop: the continuous loop that keeps the room in verse. It takes the next prompt from the
 * queue (or an attract theme when nobody waits), streams the verse token by token at the live tempo,
 * cuts it into lines, honours skip and co-writing injections at once, and archives every verse.
 */
import { Emitter } from './emitter.ts';
import { InkverseError } from '../protocol/errors.ts';
import { ParamChangeLog } from './paramChangeLog.ts';
import type { VerseSetup } from './generator.ts';
import { logger } from './log.ts';
import type { QueuedPrompt } from './promptQueue.ts';
import { seededRng } from './rng.ts';
import { Segmenter, type FinishedLine } from './segmenter.ts';
import { verseRecord } from './verseRecord.ts';
import { GenerationTrace } from './provenance/generationTrace.ts';
import { recordLine, type VerseProvenance } from './provenance/verseProvenance.ts';
import { verseWriter } from './verseWriter.ts';
import { abortReason, runningVerse, type RunningVerse } from './runningVerse.ts';
import { streamTokens } from './streamTokens.ts';
import { verseStart } from './verseStart.ts';
import type { LoopState, VerseLoopEvents } from './verseLoopEvents.ts';
import type { VerseLoopOptions } from './verseLoopOptions.ts';
import type { VerseEnd, VerseEndReason, VerseLine, VerseSnapshot, VerseStart, VerseToken } from '../protocol/events.ts';

const log = logger('engine:loop');

export class VerseLoop {
  readonly events = new Emitter<VerseLoopEvents>();
  readonly #o: VerseLoopOptions;
  readonly #newId: () => string;
  #running: RunningVerse | null = null;
  #state: LoopState = 'stopped';
  #count = 0;
  #failures = 0;
  #stop = new AbortController();
  #done: Promise<void> | null = null;
  #closed = false;

  constructor(options: VerseLoopOptions) {
    if (options.attract.length === 0) throw new Error('VerseLoop needs at least one attract theme.');
    this.#o = options;
    this.#newId = options.newId ?? (() => crypto.randomUUID());
  }

  get state(): LoopState {
    return this.#state;
  }

  /** Verses finished since start. */
  get count(): number {
    return this.#count;
  }

  /** The verse being written now, as far as it has come. */
  current(): VerseSnapshot | null {
    return this.#running?.announced ? this.#running.snapshot : null;
  }

  /** Starts writing, or resumes after `pause`; after `close` it does nothing (a model that loads late starts no loop). */
  start(): void {
    if (this.#done || this.#closed) return;
    this.#stop = new AbortController();
    this.#done = this.#run();
  }

  /** Cancels the running verse at once (a performer's skip); returns false when nothing was being written. */
  skip(): boolean {
    if (!this.#running) return false;
    this.#running.verse.abort(new Error('skipped'));
    return true;
  }

  /** Injected text that has not joined the verse yet (it joins as the stream restarts): it counts towards its length. */
  get injecting(): string {
    return this.#running?.injections.join('') ?? '';
  }

  /** Co-writing: the model continues the running verse from `text`. */
  inject(text: string): void {
    const r = this.#running;
    if (!r) {
      throw new InkverseError('INKVERSE_E_BAD_REQUEST', 'Nothing is being written right now; inject words while a verse is being written.');
    }
    r.injections.push(text);
    r.stream.abort(new Error('inject'));
  }

  /** Stops for good (see `pause`); a later `start` does nothing. */
  close(graceMs = 0): Promise<void> {
    this.#closed = true;
    return this.pause(graceMs);
  }

  /** Stops until `start` (closing time). The running verse may finish within `graceMs`; else it ends `interrupted` (never `skipped`). */
  async pause(graceMs = 0): Promise<void> {
    this.#stop.abort(new Error('closed'));
    const grace = new AbortController();
    if (graceMs > 0 && this.#done) await Promise.race([this.#done.finally(() => grace.abort()), this.#o.clock.sleep(graceMs, grace.signal).catch(() => {})]);
    this.#running?.verse.abort(new Error('closed'));
    await this.#done;
    this.#done = null;
    this.#setState('stopped');
  }

  #setState(state: LoopState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.events.emit('state', state);
  }

  async #run(): Promise<void> {
    const stop = this.#stop.signal;
    while (!stop.aborted) {
      const setup = await this.#prepare(stop);
      if (!setup) continue;
      // A replay takes no prompt: visitors' prompts wait for a model that can write them.
      const replay: QueuedPrompt | null = setup.replay && { id: this.#newId(), text: setup.replay.prompt, source: 'attract', owner: 'replay', seq: -1 };
      const item = replay ?? this.#o.queue.next() ?? this.#attractItem(setup.profile.language);
      // Visitors first: a prompt arriving during an attract verse ends it at its next line end.
      let yielded = false;
      const offYield = item.source === 'attract' && !replay ? this.#o.queue.onChange(() => this.#o.queue.size > 0 && (yielded = this.#yieldAttract() || yielded)) : () => {};
      const reason = await this.#write(item, setup).finally(offYield);
      if (stop.aborted) break;
      if (yielded) continue; // the waiting prompt is written at once, without the gap
      this.#failures = reason === 'error' || reason === 'interrupted' ? this.#failures + 1 : 0;
      this.#setState('resting');
      const gapMs = this.#o.params.get('verse_gap') * 1000;
      // Repeated failures back off (up to a minute) instead of spinning.
      const backoffMs = this.#failures > 0 ? Math.min(60_000, 1000 * 2 ** this.#failures) : 0;
      await this.#rest(Math.max(gapMs, backoffMs), item.source === 'attract' && this.#failures === 0);
    }
  }

  /** Sleeps between verses; a visitor arriving after an attract verse cuts the rest short. */
  async #rest(ms: number, wakeOnPrompt: boolean): Promise<void> {
    const wake = new AbortController();
    const onStop = (): void => wake.abort();
    this.#stop.signal.addEventListener('abort', onStop, { once: true });
    const off = wakeOnPrompt ? this.#o.queue.onChange(() => this.#o.queue.size > 0 && wake.abort()) : () => {};
    try {
      await this.#o.clock.sleep(ms, wake.signal);
    } catch {
      // woken early
    } finally {
      off();
      this.#stop.signal.removeEventListener('abort', onStop);
    }
  }

  /** Waits until the generator can write (a supervisor may be restarting or falling back); null when it could not. */
  async #prepare(stop: AbortSignal): Promise<VerseSetup | null> {
    try {
      return (await this.#o.generator.prepare?.(stop)) ?? { profile: this.#o.model, replay: null };
    } catch (err) {
      if (!stop.aborted) log.error({ err }, 'the generator could not prepare a verse');
      return stop.aborted ? null : this.#rest(Math.min(60_000, 1000 * 2 ** ++this.#failures), false).then(() => null);
    }
  }

  /** Asks the running attract verse to end at its next line end; at once when it is at one, or has shown nothing yet. */
  #yieldAttract(): boolean {
    const r = this.#running;
    if (!r || r.verse.signal.aborted) return false;
    r.yielding = true;
    if (!r.announced || r.atLineEnd) r.verse.abort(new Error('yielded'));
    return true;
  }

  #attractItem(language: string): QueuedPrompt {
    const themes = (language !== this.#o.model.language && this.#o.attractFor?.(language)) || this.#o.attract;
    const text = this.#o.drawTheme?.(language) ?? themes[Math.floor(seededRng(this.#o.seed + this.#count)() * themes.length)]!;
    return { id: this.#newId(), text, source: 'attract', owner: 'attract', seq: -1 };
  }

  async #write(item: QueuedPrompt, { profile: model, replay }: VerseSetup): Promise<VerseEndReason> {
    const { generator, params, clock } = this.#o;
    const seed = this.#o.seed + this.#count;
    const startedAt = clock.now();
    const start = verseStart(item, replay?.model ?? model.name, !!replay);
    const revise = item.revise;
    const running = runningVerse(start, revise);
    const journal = replay ? null : this.#o.journal; // a replay is archived already
    this.#running = running;
    this.#setState('writing');
    const paramsAtStart = params.snapshot();
    const paramLog = new ParamChangeLog(); // folded per token and capped: a flood of changes adds a bounded record
    const paramChanges = paramLog.entries;
    const offParams = params.onChange((c) => paramLog.record(running.snapshot.tokens.length, c.values, c.origin));
    journal?.begin(item, { model: model.name, device: generator.info.device, seed, params: paramsAtStart, startedAt });
    const segmenter = new Segmenter(model.lineBreaks);
    const trace = new GenerationTrace(params);
    const injections: VerseProvenance['injections'] = [];
    const theme = this.#theme(item, start);
    const writer = verseWriter({ generator: replay ? generator : trace.wrap(generator), model, prompt: item.text, theme, mode: revise?.mode ?? item.mode, replay: !!replay, params, judges: this.#o.judges ?? [], start, minLines: revise?.minLines, onDrafts: running.lines.drafted });
    // A revision opens with the kept lines and the visitor's line; a verse, with the visitor's words where its mode puts them.
    const opening = revise ? revise.kept + revise.line : writer.opening;
    running.lines.opened(opening);
    let firstTokenMs: number | null = null;
    let reason: VerseEndReason = 'done';

    /** Sends one token; returns true when the verse may end after it (a yield asked for, and a line just closed). */
    const emit = (raw: string, entropy: number | undefined): boolean => {
      const text = this.#o.visitor?.token(running.snapshot.text, raw) ?? raw;
      const snap = running.snapshot;
      if (!running.announced) this.events.emit('verse:start', start);
      running.announced = true;
      firstTokenMs ??= clock.now() - startedAt;
      const { token, finished } = segmenter.push(text);
      const payload: VerseToken = { id: item.id, seq: snap.tokens.length, text, line: token.line, at: clock.now() };
      if (entropy !== undefined) payload.entropy = Math.round(entropy * 1000) / 1000;
      snap.tokens.push(payload);
      snap.text += text;
      const progress = { text: snap.text, tokens: snap.tokens.length, lines: segmenter.lines, pending: segmenter.current, firstTokenMs, paramChanges };
      journal?.progress(item.id, progress); // before it is sent: whatever the room saw survives a crash
      this.events.emit('verse:token', payload);
      for (const line of finished) this.#announceLine(running, line);
      running.atLineEnd = finished.length > 0 && !segmenter.current.trim();
      return running.yielding && running.atLineEnd;
    };

    try {
      if (opening) emit(opening, undefined); // the visitor's words (or a revision's kept lines) open the verse
      await streamTokens({ running, writer, seed, emit, injections, params, clock });
      if (running.verse.signal.aborted) reason = abortReason(running);
    } catch (err) {
      reason = 'error';
      log.error({ err, verse: item.id }, 'verse failed');
      this.events.emit('error', err as Error);
    } finally {
      offParams();
    }

    for (const line of segmenter.flush()) this.#announceLine(running, line);
    // Nothing written, nothing shown: the displays keep the last verse, and the journal requeues the prompt.
    if (!running.announced && reason !== 'skipped') reason = 'interrupted';
    const end: VerseEnd = { id: item.id, text: running.snapshot.text, reason };
    this.#running = null;
    this.#count++;
    try {
      const provenance: VerseProvenance = {
        mode: start.mode ?? null, theme: start.theme ?? null, opening, lines: running.snapshot.lines.map(recordLine),
        weights: this.#o.weights?.(model.name, generator.info.dtype) ?? null, dtype: generator.info.dtype, generation: trace.calls, injections, revisionOf: revise?.of ?? null,
        blend: generator.info.blend ? { name: generator.info.blend, weights: this.#o.weights?.(generator.info.blend, generator.info.dtype) ?? null } : null,
      };
      const record = { item, model: model.name, device: generator.info.device, seed, params: paramsAtStart, snapshot: running.snapshot, reason, startedAt, endedAt: clock.now(), firstTokenMs, paramChanges, paramChangesDropped: paramLog.dropped, provenance, alternatives: running.lines.alternatives };
      if (!replay) (journal ?? this.#o.archive)?.save(verseRecord(record));
    } catch (err) {
      log.error({ err, verse: item.id }, 'could not archive verse');
      this.events.emit('error', err as Error);
    }
    if (running.announced) this.events.emit('verse:end', end);
    return reason;
  }

  /** The verse's theme (a revision keeps its own); `start.became` lists the visitor's words the bridge changed. */
  #theme(item: QueuedPrompt, start: VerseStart): string | null | undefined {
    const theme = item.revise ? (item.revise.theme ?? null) : this.#o.visitor?.theme(item.text, item.source);
    const became = theme ? this.#o.visitor?.became?.(item.text) : undefined;
    if (became?.length) start.became = became;
    return theme;
  }

  #announceLine(running: RunningVerse, { index, stanza, text }: FinishedLine): void {
    const raw: VerseLine = { id: running.snapshot.start.id, index, stanza, text, author: running.lines.author(index, text) };
    const line = this.#o.visitor?.line(raw) ?? raw; // moderation, originality, gloss and pinyin
    running.snapshot.lines.push(line);
    this.events.emit('verse:line', line);
  }
}
