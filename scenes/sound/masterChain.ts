/**
 * @module masterChain: where every voice ends up: a bus, a hall reverb (its mix is `sound.reverb`), the
 * master volume (`sound.volume`) and a limiter that stops clipping whatever the performers do. Also
 * holds the breath (filtered noise swelling at each line end). Built once per audio context.
 */
import * as Tone from 'tone';
import type { NormalRange, Seconds } from '../../protocol/paramSpec.ts';
import type { BreathEvent } from './musicEvents.ts';

export interface MasterChainOptions {
  /** Reverb tail length. */
  reverbDecay: Seconds;
  /** Limiter ceiling in dBFS. */
  ceiling: number;
}

const DEFAULTS = { reverbDecay: 3.5, ceiling: -1 } satisfies MasterChainOptions;

/** Seconds a live change of volume or reverb takes to arrive: fast, but without a click. */
const MOVE = 0.03;
/** Voices sum: the bus leaves room for a dozen of them before the limiter has work to do. */
const BUS_GAIN = 0.5;

export class MasterChain {
  /** Voices connect here. */
  readonly input = new Tone.Gain(BUS_GAIN);
  readonly #reverb: Tone.Reverb;
  readonly #volume = new Tone.Gain(0.7);
  readonly #limiter: Tone.Limiter;
  readonly #noise = new Tone.Noise('pink');
  readonly #breathFilter = new Tone.Filter({ type: 'bandpass', frequency: 900, Q: 0.8 });
  readonly #breathEnv = new Tone.AmplitudeEnvelope({ attack: 0.2, decay: 0.1, sustain: 1, release: 0.4 });
  #disposed = false;

  constructor(options: Partial<MasterChainOptions> = {}) {
    const o = { ...DEFAULTS, ...options };
    this.#reverb = new Tone.Reverb({ decay: o.reverbDecay, preDelay: 0.02, wet: 0.35 });
    this.#limiter = new Tone.Limiter(o.ceiling);
    this.input.chain(this.#reverb, this.#volume, this.#limiter, Tone.getDestination());
    this.#noise.chain(this.#breathFilter, this.#breathEnv, this.input);
    this.#noise.start();
  }

  /** Resolves once the reverb's impulse response exists (it is rendered, not loaded). */
  get ready(): Promise<void> {
    return this.#reverb.ready;
  }

  /** Master volume from `at` (default now): a live move is heard at once. */
  setVolume(v: NormalRange, at?: Seconds): void {
    this.#volume.gain.rampTo(v, MOVE, at);
  }

  /** Reverb mix from `at` (default now). */
  setReverb(v: NormalRange, at?: Seconds): void {
    this.#reverb.wet.rampTo(v, MOVE, at);
  }

  breathe(b: BreathEvent): void {
    if (this.#disposed) return;
    this.#breathEnv.attack = b.duration * 0.4;
    this.#breathEnv.release = b.duration * 0.6;
    this.#breathEnv.triggerAttackRelease(b.duration * 0.4, b.time, b.velocity * 0.5);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const node of [this.#noise, this.#breathFilter, this.#breathEnv, this.input, this.#reverb, this.#volume, this.#limiter]) node.dispose();
  }
}
