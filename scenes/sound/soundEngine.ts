/**
 * @module soundEngine: the sonification as one object: a VerseComposer turning tokens into events, a
 * VoicePool and a MasterChain playing them in Tone's current context (the page's live AudioContext, or
 * an offline one when a verse is rendered to a file). Live `sound.*` moves apply at once: volume and
 * reverb ramp now, the rest shape the very next note.
 */
import type { ParamsPayload, VerseEndReason, VerseStart } from '../../protocol/events.ts';
import { defaultsOf, type ParamValues, type Seconds } from '../../protocol/paramSpec.ts';
import { instrumentOf } from './instruments.ts';
import { MasterChain } from './masterChain.ts';
import { beatForTempo, isTextNote, type ComposerSettings, type MusicEvent, type NoteEvent } from './musicEvents.ts';
import { SOUND_PARAMS } from './soundParams.ts';
import { composerSettings, takeSoundParams } from './soundSettings.ts';
import { VerseComposer, type ComposerToken } from './verseComposer.ts';
import { VoicePool } from './voicePool.ts';

export interface SoundEngineOptions {
  /** Voices in the pool. */
  voices: number;
  /** Called with every event played (tests and the benchmark read the schedule from here). */
  onEvent?: (e: MusicEvent) => void;
}

const DEFAULTS = { voices: 12 } satisfies SoundEngineOptions;

export class SoundEngine {
  readonly #o: SoundEngineOptions;
  readonly #master: MasterChain;
  readonly #pool: VoicePool;
  readonly #composer = new VerseComposer();
  readonly #values: ParamValues = defaultsOf(SOUND_PARAMS);
  #beat: Seconds = beatForTempo(8);
  #notes = 0;
  #disposed = false;

  constructor(options: Partial<SoundEngineOptions> = {}) {
    this.#o = { ...DEFAULTS, ...options };
    this.#master = new MasterChain();
    this.#pool = new VoicePool(this.#master.input, { size: this.#o.voices });
    this.#applyMaster();
  }

  get ready(): Promise<void> {
    return this.#master.ready;
  }

  /** Text notes scheduled so far (one per Chinese character or English syllable): `data-notes`. */
  get notes(): number {
    return this.#notes;
  }

  /** The settings the next note will be shaped by. */
  get settings(): ComposerSettings {
    return composerSettings(this.#values, this.#beat);
  }

  /**
   * Applies values from a `params` event or a `state`: the `sound.<name>` ones and the engine's `tempo`.
   * Values the table refuses are ignored: a speaker never shows an error and keeps the previous value.
   * Volume and reverb move from `at` (default now: a live move is heard at once); the others shape the
   * next note.
   */
  applyParams(p: ParamsPayload, at?: Seconds): void {
    const { beat, master } = takeSoundParams(this.#values, p);
    if (beat !== null) this.#beat = beat;
    if (master) this.#applyMaster(at);
  }

  begin(start: Pick<VerseStart, 'source' | 'tune'>): void {
    this.#composer.begin(start.tune ? { source: start.source, tune: start.tune } : { source: start.source }, this.settings);
  }

  /** Plays one token at `time` (seconds on Tone's context clock); returns the text notes it made. */
  token(t: ComposerToken, time: Seconds): number {
    return this.#play(this.#composer.token(t, time, this.settings));
  }

  /** The closing cadence from `time`; resolves the seconds at which it has faded out. */
  end(reason: VerseEndReason, time: Seconds): Seconds {
    const events = this.#composer.end(reason, time, this.settings);
    this.#play(events);
    return Math.max(time, ...events.map((e) => e.time + e.duration + 2));
  }

  #play(events: MusicEvent[]): number {
    if (this.#disposed) return 0;
    const ins = instrumentOf(String(this.#values.instrument));
    let text = 0;
    for (const e of events) {
      if (e.kind === 'breath') this.#master.breathe(e);
      else this.#pool.play(e as NoteEvent, ins);
      if (isTextNote(e)) text++;
      this.#o.onEvent?.(e);
    }
    this.#notes += text;
    return text;
  }

  #applyMaster(at?: Seconds): void {
    this.#master.setVolume(Number(this.#values.volume), at);
    this.#master.setReverb(Number(this.#values.reverb), at);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#pool.dispose();
    this.#master.dispose();
  }
}
